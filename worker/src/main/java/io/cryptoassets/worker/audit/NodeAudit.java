package io.cryptoassets.worker.audit;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.ReceivedOutput;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit's checks against an asset's node: what the ledger says happened on the chain must be
 * there. The rows are read in the audit's snapshot ({@link #read}); the node is asked afterwards,
 * outside any transaction ({@link #check}), one txid at a time. A node that does not answer
 * fails the whole audit (the caller's exit code 4), since nothing can be concluded from it.
 */
final class NodeAudit {

    static final String DEPOSITS_ON_NODE = "every credited deposit is on the node with its address, amount and confirmations";
    static final String BROADCASTS_ON_NODE = "every sent broadcast is known to the node";

    private static final int PROGRESS_EVERY = 500;

    private static final String CREDITED_DEPOSITS = """
            SELECT id, txid, vout, account_id, address, amount
            FROM %s.transaction
            WHERE type = 'deposit' AND credited
            ORDER BY txid, vout
            """;

    private static final String SENT_BROADCASTS = """
            SELECT id, txid
            FROM %s.network_transaction
            WHERE type = 'broadcast' AND state = 'sent'
            ORDER BY id
            """;

    record CreditedDeposit(long id, String txid, int vout, String accountId, String address, BigInteger amount) {
    }

    record SentBroadcast(long id, String txid) {
    }

    /** What the snapshot said about one asset, to be held against its node. */
    record Rows(AssetProperties asset, List<CreditedDeposit> deposits, List<SentBroadcast> broadcasts) {
    }

    private NodeAudit() {
    }

    static Rows read(JdbcClient jdbc, AssetProperties asset) {
        String schema = asset.schemaName().value();
        List<CreditedDeposit> deposits = jdbc.sql(CREDITED_DEPOSITS.formatted(schema))
                .query((rs, row) -> new CreditedDeposit(rs.getLong("id"), rs.getString("txid"), rs.getInt("vout"),
                        rs.getString("account_id"), rs.getString("address"),
                        rs.getBigDecimal("amount").toBigIntegerExact()))
                .list();
        List<SentBroadcast> broadcasts = jdbc.sql(SENT_BROADCASTS.formatted(schema))
                .query((rs, row) -> new SentBroadcast(rs.getLong("id"), rs.getString("txid"))).list();
        return new Rows(asset, deposits, broadcasts);
    }

    /**
     * Holds the rows against the node; throws the node's own failure when it does not answer.
     * {@code progress} gets a line every {@value #PROGRESS_EVERY} look-ups.
     */
    static List<AuditReport.Result> check(Rows rows, NodePort node, Consumer<String> progress) {
        AssetProperties asset = rows.asset();
        Map<String, List<CreditedDeposit>> byTxid = new LinkedHashMap<>();
        rows.deposits().forEach(d -> byTxid.computeIfAbsent(d.txid(), t -> new ArrayList<>()).add(d));
        int total = byTxid.size() + rows.broadcasts().size();
        int[] asked = {0};
        Consumer<String> counted = txid -> {
            if (++asked[0] % PROGRESS_EVERY == 0) {
                progress.accept(asset.code() + ": asked the node about " + asked[0] + " of " + total + " transactions");
            }
        };
        List<String> depositViolations = new ArrayList<>();
        for (Map.Entry<String, List<CreditedDeposit>> entry : byTxid.entrySet()) {
            Optional<NodeTransaction> seen = node.transaction(entry.getKey());
            counted.accept(entry.getKey());
            for (CreditedDeposit deposit : entry.getValue()) {
                problem(asset, deposit, seen).ifPresent(depositViolations::add);
            }
        }
        List<String> broadcastViolations = new ArrayList<>();
        for (SentBroadcast broadcast : rows.broadcasts()) {
            if (node.transaction(broadcast.txid()).isEmpty()) {
                broadcastViolations.add("broadcast " + broadcast.id() + ": the node does not know " + broadcast.txid());
            }
            counted.accept(broadcast.txid());
        }
        return List.of(result(asset, DEPOSITS_ON_NODE, depositViolations),
                result(asset, BROADCASTS_ON_NODE, broadcastViolations));
    }

    private static Optional<String> problem(AssetProperties asset, CreditedDeposit d, Optional<NodeTransaction> seen) {
        String which = "deposit " + d.txid() + ":" + d.vout() + " (transaction " + d.id() + ", account "
                + d.accountId() + ")";
        if (seen.isEmpty()) {
            return Optional.of(which + ": the node does not know " + d.txid());
        }
        if (seen.get().conflicted()) {
            return Optional.of(which + ": the node reports it conflicted");
        }
        Optional<ReceivedOutput> output = seen.get().received().stream().filter(o -> o.vout() == d.vout()).findFirst();
        if (output.isEmpty()) {
            return Optional.of(which + ": the node shows no output of its wallet at vout " + d.vout());
        }
        ReceivedOutput o = output.get();
        if (!o.address().equals(d.address()) || !o.amount().equals(d.amount())) {
            return Optional.of(which + ": credited " + d.amount() + " to " + d.address() + ", the node shows "
                    + o.amount() + " to " + o.address());
        }
        if (o.confirmations() < asset.confirmationsToCredit()) {
            return Optional.of(which + ": " + o.confirmations() + " confirmation(s) on the node, credited at "
                    + asset.confirmationsToCredit());
        }
        return Optional.empty();
    }

    private static AuditReport.Result result(AssetProperties asset, String check, List<String> violations) {
        return new AuditReport.Result(asset.code(), check, violations.size(),
                List.copyOf(violations.subList(0, Math.min(LedgerAudit.EXAMPLES, violations.size()))));
    }
}
