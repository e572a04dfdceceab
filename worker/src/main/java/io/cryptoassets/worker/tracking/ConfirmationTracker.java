package io.cryptoassets.worker.tracking;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.broadcast.BroadcastConfirmations;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Polls the node for network transactions below the asset's tracking limit (and sent broadcasts
 * whose fee is not known yet). Deposits go through {@link ChainDeposits}, broadcasts through
 * {@link BroadcastConfirmations}; each change writes its {@code TxUpdate}s. Once a transaction
 * reaches the limit it is no longer polled. The least recently polled go first, so a large
 * backlog is worked through in turn rather than starving its tail.
 */
@Component
public class ConfirmationTracker {

    private static final Logger log = LoggerFactory.getLogger(ConfirmationTracker.class);

    private static final String TRACKED = """
            SELECT id, type, txid
            FROM %s.network_transaction
            WHERE txid IS NOT NULL
              AND (confirmations < :limit OR (type = 'broadcast' AND fee IS NULL))
            ORDER BY updated_at, id
            LIMIT :batch
            """;

    private static final String TOUCH = """
            UPDATE %s.network_transaction SET updated_at = now() WHERE id = ANY(CAST(:ids AS bigint[]))
            """;

    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final ChainDeposits deposits;
    private final BroadcastConfirmations broadcasts;

    ConfirmationTracker(JdbcClient jdbc, ChainDeposits deposits, BroadcastConfirmations broadcasts) {
        this.jdbc = jdbc;
        this.deposits = deposits;
        this.broadcasts = broadcasts;
    }

    private record Tracked(long id, String type, String txid) {
    }

    /** One pass over the tracked transactions of {@code asset}; returns how many were polled. */
    public int poll(AssetProperties asset, NodePort node) {
        String schema = asset.schemaName().value();
        List<Tracked> tracked = jdbc.sql(TRACKED.formatted(schema))
                .param("limit", asset.trackingLimit()).param("batch", BATCH)
                .query((rs, row) -> new Tracked(rs.getLong("id"), rs.getString("type"), rs.getString("txid")))
                .list();
        for (Tracked t : tracked) {
            Optional<NodeTransaction> seen;
            try {
                seen = node.transaction(t.txid());
            } catch (NodeCallFailedException e) {
                log.warn("{}: cannot poll {} now: {}", asset.code(), t.txid(), e.getMessage());
                break; // the node is unwell; the next pass resumes from the least recently polled
            }
            if (seen.isEmpty()) {
                // A deposit reported by a client's own indexer may be unknown to this wallet's node;
                // it stays tracked (least recently polled last) in case the node learns of it.
                log.debug("{}: the node does not know {} {}", asset.code(), t.type(), t.txid());
            } else if ("deposit".equals(t.type())) {
                deposits.apply(asset, seen.get().received());
            } else {
                broadcasts.update(asset, t.id(), seen.get());
            }
        }
        if (!tracked.isEmpty()) {
            jdbc.sql(TOUCH.formatted(schema)).param("ids", tracked.stream().map(Tracked::id).toArray(Long[]::new)).update();
        }
        return tracked.size();
    }
}
