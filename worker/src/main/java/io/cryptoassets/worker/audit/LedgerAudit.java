package io.cryptoassets.worker.audit;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.Nodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks the ledger's invariants ({@link AuditChecks}) for every asset. All checks of a run read
 * one snapshot (a REPEATABLE READ, read-only transaction), so a busy worker cannot make a
 * consistent ledger look inconsistent by committing between two checks. For an asset with a node,
 * the rows the node must confirm are read in that snapshot too, and held against the node after
 * it ({@link NodeAudit}), so a slow node never keeps the snapshot's transaction open.
 */
@Component
public class LedgerAudit {

    static final int EXAMPLES = 5;

    private static final String BACKLOG = """
            SELECT count(*) AS rows,
                   coalesce(extract(epoch FROM now() - min(created_at)), 0) AS oldest_seconds
            FROM %s.outbox
            """;

    private final JdbcClient jdbc;
    private final LedgerProperties ledger;
    private final ChainProperties chain;
    private final TransactionTemplate snapshot;
    private final Nodes nodes;

    LedgerAudit(JdbcClient jdbc, LedgerProperties ledger, ChainProperties chain, PlatformTransactionManager transactions,
                Nodes nodes) {
        this.jdbc = jdbc;
        this.nodes = nodes;
        this.ledger = ledger;
        this.chain = chain;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    public AuditReport run() {
        return run(line -> { });
    }

    /**
     * Runs every check; {@code progress} hears about the node checks as they go.
     *
     * @throws io.cryptoassets.worker.chain.NodeCallFailedException when a node does not answer
     */
    public AuditReport run(Consumer<String> progress) {
        List<NodeAudit.Rows> forNodes = new ArrayList<>();
        AuditReport inSnapshot = snapshot.execute(status -> {
            List<AuditReport.Result> results = new ArrayList<>();
            for (AssetProperties asset : ledger.assets()) {
                for (AuditCheck check : AuditChecks.ALL) {
                    results.add(run(asset, check));
                }
                if (nodeOf(asset, progress).isPresent()) {
                    forNodes.add(NodeAudit.read(jdbc, asset));
                }
            }
            Map<String, Object> backlog = jdbc.sql(BACKLOG.formatted(ledger.sharedSchemaName().value())).query().singleRow();
            double oldest = ((Number) backlog.get("oldest_seconds")).doubleValue();
            return new AuditReport(results, ((Number) backlog.get("rows")).longValue(),
                    Duration.ofMillis(Math.round(oldest * 1000)));
        });
        if (forNodes.isEmpty()) {
            return inSnapshot;
        }
        List<AuditReport.Result> results = new ArrayList<>(inSnapshot.results());
        for (NodeAudit.Rows rows : forNodes) {
            String code = rows.asset().code();
            progress.accept(code + ": asking the node about " + rows.deposits().size() + " credited deposit(s) and "
                    + rows.broadcasts().size() + " sent broadcast(s)");
            List<AuditReport.Result> onNode = NodeAudit.check(rows, nodes.forAsset(code).orElseThrow(), progress);
            int afterAsset = 0;
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).asset().equals(code)) {
                    afterAsset = i + 1;
                }
            }
            results.addAll(afterAsset, onNode); // each asset's lines stay together
        }
        return new AuditReport(results, inSnapshot.outboxBacklog(), inSnapshot.oldestUnpublished());
    }

    /** The node to hold the asset's ledger against, if this process sees the workers' node. */
    private Optional<NodePort> nodeOf(AssetProperties asset, Consumer<String> progress) {
        if (nodes.privateChain(asset.code())) {
            progress.accept(asset.code() + ": node checks skipped: its simulated chain lives in the worker's process");
        }
        return nodes.sameAsTheWorkers(asset.code());
    }

    private AuditReport.Result run(AssetProperties asset, AuditCheck check) {
        String sql = check.sql().formatted(asset.schemaName().value(), ledger.sharedSchemaName().value());
        var statement = jdbc.sql(sql);
        if (sql.contains(":asset")) {
            statement = statement.param("asset", asset.code());
        }
        if (sql.contains(":feeGraceSeconds")) {
            statement = statement.param("feeGraceSeconds", chain.feeGrace().toMillis() / 1000.0);
        }
        if (sql.contains(":alertDeadlineSeconds")) {
            statement = statement.param("alertDeadlineSeconds", alertDeadline().toMillis() / 1000.0);
        }
        List<String> violations = statement.query(String.class).list();
        return new AuditReport.Result(asset.code(), check.name(), violations.size(),
                violations.subList(0, Math.min(EXAMPLES, violations.size())));
    }

    /** A broken broadcast must have raised its alert by then: broken-after plus a few watch rounds. */
    private Duration alertDeadline() {
        return chain.brokenAfter().plus(chain.broadcastInterval().multipliedBy(5)).plusSeconds(30);
    }
}
