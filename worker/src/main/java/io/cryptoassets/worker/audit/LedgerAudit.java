package io.cryptoassets.worker.audit;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks the ledger's invariants ({@link AuditChecks}) for every asset. All checks of a run read
 * one snapshot (a REPEATABLE READ, read-only transaction), so a busy worker cannot make a
 * consistent ledger look inconsistent by committing between two checks.
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

    LedgerAudit(JdbcClient jdbc, LedgerProperties ledger, ChainProperties chain, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.chain = chain;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    public AuditReport run() {
        return snapshot.execute(status -> {
            List<AuditReport.Result> results = new ArrayList<>();
            for (AssetProperties asset : ledger.assets()) {
                for (AuditCheck check : AuditChecks.ALL) {
                    results.add(run(asset, check));
                }
            }
            Map<String, Object> backlog = jdbc.sql(BACKLOG.formatted(ledger.sharedSchemaName().value())).query().singleRow();
            double oldest = ((Number) backlog.get("oldest_seconds")).doubleValue();
            return new AuditReport(results, ((Number) backlog.get("rows")).longValue(),
                    Duration.ofMillis(Math.round(oldest * 1000)));
        });
    }

    private AuditReport.Result run(AssetProperties asset, AuditCheck check) {
        String sql = check.sql().formatted(asset.schemaName().value(), ledger.sharedSchemaName().value());
        var statement = jdbc.sql(sql);
        if (sql.contains(":asset")) {
            statement = statement.param("asset", asset.code());
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
