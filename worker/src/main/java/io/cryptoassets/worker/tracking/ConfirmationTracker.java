package io.cryptoassets.worker.tracking;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.broadcast.BroadcastConfirmations;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Polls the node for network transactions below the asset's tracking limit (and sent broadcasts
 * whose fee is not known yet). Deposits go through {@link ChainDeposits}, sent broadcasts through
 * {@link BroadcastConfirmations} (which asks the node's status of the txid, so conflicts, drops
 * and stuck transactions are seen); each change writes its {@code TxUpdate}s. Broadcasts not sent
 * yet are the broadcaster's, even when they already carry a txid. Once a transaction
 * reaches the limit it is no longer polled. The least recently polled go first, so a large
 * backlog is worked through in turn rather than starving its tail.
 *
 * <p>Only what was actually looked up moves to the back of the queue. A look-up the node answers
 * with an error about that call (not about its own state: starting up, wallet not loaded)
 * concerns that transaction alone: it counts a failure and waits
 * {@code confirmations-interval} × 2<sup>failures</sup> (at most {@value #MAX_BACKOFF_DOUBLINGS}
 * doublings) before it is tried again, and the round goes on with the others. A node that does
 * not answer at all ends the round without counting a failure against anything; the transaction
 * that met it goes to the back, so even a look-up that times out for one txid alone cannot hold
 * the others up round after round.
 */
@Component
public class ConfirmationTracker {

    private static final Logger log = LoggerFactory.getLogger(ConfirmationTracker.class);

    private static final String TRACKED = """
            SELECT id, type, txid
            FROM %s.network_transaction
            WHERE txid IS NOT NULL AND (type = 'deposit' OR state = 'sent')
              AND (confirmations < :limit OR (type = 'broadcast' AND fee IS NULL))
              AND (next_poll_at IS NULL OR next_poll_at <= now())
            ORDER BY updated_at, id
            LIMIT :batch
            """;

    private static final String POLLED = """
            UPDATE %s.network_transaction
            SET updated_at = now(), poll_failures = 0, next_poll_at = NULL
            WHERE id = ANY(CAST(:ids AS bigint[]))
            """;

    private static final String LOOKUP_FAILED = """
            UPDATE %s.network_transaction
            SET updated_at = now(),
                poll_failures = poll_failures + 1,
                next_poll_at = now() + make_interval(secs => :intervalSeconds * power(2, least(poll_failures, :doublings)))
            WHERE id = :id
            """;

    /** Back of the queue, nothing counted: the node, not this transaction, failed. */
    private static final String UNANSWERED = """
            UPDATE %s.network_transaction SET updated_at = now() WHERE id = :id
            """;

    private static final int BATCH = 500;
    private static final int MAX_BACKOFF_DOUBLINGS = 6;

    private final JdbcClient jdbc;
    private final ChainDeposits deposits;
    private final BroadcastConfirmations broadcasts;
    private final ChainProperties properties;

    ConfirmationTracker(JdbcClient jdbc, ChainDeposits deposits, BroadcastConfirmations broadcasts,
                        ChainProperties properties) {
        this.jdbc = jdbc;
        this.deposits = deposits;
        this.broadcasts = broadcasts;
        this.properties = properties;
    }

    private record Tracked(long id, String type, String txid) {
    }

    /** One pass over the tracked transactions of {@code asset} that are due; returns how many the node answered. */
    public int poll(AssetProperties asset, NodePort node) {
        String schema = asset.schemaName().value();
        List<Tracked> tracked = jdbc.sql(TRACKED.formatted(schema))
                .param("limit", asset.trackingLimit()).param("batch", BATCH)
                .query((rs, row) -> new Tracked(rs.getLong("id"), rs.getString("type"), rs.getString("txid")))
                .list();
        List<Long> polled = new ArrayList<>();
        int failed = 0;
        LongSupplier height = oncePerRound(node);
        for (Tracked t : tracked) {
            Optional<NodeTransaction> seen = Optional.empty();
            try {
                if ("broadcast".equals(t.type())) {
                    broadcasts.follow(asset, node, t.id(), t.txid(), height);
                } else {
                    seen = node.transaction(t.txid());
                }
            } catch (NodeCallFailedException e) {
                if (!e.concernsTheCall()) {
                    log.warn("{}: the node did not answer for {}; polling resumes next round: {}",
                            asset.code(), t.txid(), e.getMessage());
                    jdbc.sql(UNANSWERED.formatted(schema)).param("id", t.id()).update();
                    break;
                }
                log.warn("{}: the node answered the look-up of {} {} with an error; trying it later: {}",
                        asset.code(), t.type(), t.txid(), e.getMessage());
                lookupFailed(schema, t.id());
                failed++;
                continue;
            }
            if (!"deposit".equals(t.type())) {
                polled.add(t.id());
                continue;
            }
            if (seen.isEmpty()) {
                // Stays tracked (least recently polled last) in case the node learns of it; a
                // credited deposit the node does not know is money the ledger may not have.
                log.debug("{}: the node does not know deposit {}", asset.code(), t.txid());
                vanished(asset, t.txid(), ChainDeposits.Vanished.UNKNOWN);
            } else {
                if (seen.get().conflicted()) {
                    vanished(asset, t.txid(), ChainDeposits.Vanished.CONFLICTED);
                }
                deposits.apply(asset, seen.get().received());
            }
            polled.add(t.id());
        }
        if (!polled.isEmpty()) {
            jdbc.sql(POLLED.formatted(schema)).param("ids", polled.toArray(Long[]::new)).update();
        }
        return polled.size() + failed;
    }

    /** The node's block count, asked the first time a broadcast of this round needs it. */
    private static LongSupplier oncePerRound(NodePort node) {
        long[] known = new long[1];
        boolean[] asked = new boolean[1];
        return () -> {
            if (!asked[0]) {
                known[0] = node.blockCount();
                asked[0] = true;
            }
            return known[0];
        };
    }

    private void vanished(AssetProperties asset, String txid, ChainDeposits.Vanished why) {
        int alerted = deposits.vanished(asset, txid, why);
        if (alerted > 0) {
            log.error("{}: the node {} credited deposit {}; raised CREDITED_DEPOSIT_REORGED for {} output(s)",
                    asset.code(), why == ChainDeposits.Vanished.UNKNOWN ? "no longer knows" : "reports conflicted",
                    txid, alerted);
        }
    }

    private void lookupFailed(String schema, long id) {
        jdbc.sql(LOOKUP_FAILED.formatted(schema))
                .param("intervalSeconds", properties.confirmationsInterval().toMillis() / 1000.0)
                .param("doublings", MAX_BACKOFF_DOUBLINGS)
                .param("id", id)
                .update();
    }
}
