package io.cryptoassets.worker.broadcast;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.BroadcastStatus;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.SendOutcomeUnknownException;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What can go wrong with a transaction after it was sent, and who hears of it. Each alert is
 * decided by a conditional update of the column that remembers it, committed with the alert:
 * <ul>
 *   <li>conflicted or replaced: {@code BROADCAST_CONFLICTED}, once;</li>
 *   <li>dropped from the node's mempool or forgotten: {@code BROADCAST_DROPPED} each time it
 *       happens (drops counts them), and the recorded bytes are sent again; a sendmany
 *       broadcast has none, and the alert says so;</li>
 *   <li>unconfirmed stuck-after-blocks blocks after it was sent: {@code BROADCAST_STUCK}, once.</li>
 * </ul>
 */
@Component
class SentTracking {

    private static final Logger log = LoggerFactory.getLogger(SentTracking.class);

    private static final String CONFLICTED = """
            UPDATE %s.network_transaction
            SET conflicted_alerted_at = now(), conflicting_txids = :conflicting, updated_at = now()
            WHERE id = :id AND state = 'sent' AND conflicted_alerted_at IS NULL
            """;

    private static final String RAW = """
            SELECT raw_tx FROM %s.network_transaction WHERE id = :id
            """;

    private static final String DROPPED = """
            UPDATE %s.network_transaction
            SET dropped_at = now(), drops = drops + 1, updated_at = now()
            WHERE id = :id AND state = 'sent' AND dropped_at IS NULL
            RETURNING drops
            """;

    private static final String HELD_AGAIN = """
            UPDATE %s.network_transaction
            SET dropped_at = NULL
            WHERE id = :id AND dropped_at IS NOT NULL
            """;

    private static final String STUCK_UNKNOWN = """
            SELECT stuck_alerted_at IS NULL FROM %s.network_transaction WHERE id = :id
            """;

    /** The height is filled in when marking sent could not learn it. */
    private static final String STUCK = """
            UPDATE %s.network_transaction
            SET sent_height = coalesce(sent_height, :height),
                stuck_alerted_at = CASE WHEN coalesce(sent_height, :height) <= :height - :blocks THEN now() END,
                updated_at = now()
            WHERE id = :id AND state = 'sent' AND stuck_alerted_at IS NULL
              AND (sent_height IS NULL OR sent_height <= :height - :blocks)
            RETURNING sent_height, stuck_alerted_at IS NOT NULL AS stuck
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final BroadcastAlerts alerts;
    private final BroadcastMetrics metrics;
    private final ChainProperties properties;

    SentTracking(JdbcClient jdbc, SerializableTransactions transactions, BroadcastAlerts alerts,
                 BroadcastMetrics metrics, ChainProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.alerts = alerts;
        this.metrics = metrics;
        this.properties = properties;
    }

    void conflicted(AssetProperties asset, long id, String txid, BroadcastStatus status) {
        String conflicting = String.join(",", status.conflictingTxids());
        boolean alerted = transactions.inTransaction("broadcast conflicted", s -> {
            if (jdbc.sql(CONFLICTED.formatted(schema(asset))).param("id", id)
                    .param("conflicting", BroadcastStore.cut(Settler.evidence(status))).update() == 0) {
                return false;
            }
            alerts.raise(asset, AlertKind.BROADCAST_CONFLICTED,
                    "sent broadcast " + id + " (" + txid + ") can no longer confirm: the node reports it "
                            + (status.replacedBy() != null ? "replaced by " + status.replacedBy() : "conflicted")
                            + "; its withdrawals may be unpaid",
                    "broadcastId", Long.toString(id), "txid", txid, "conflictingTxids", conflicting,
                    "replacedBy", status.replacedBy());
            return true;
        });
        if (alerted) {
            metrics.conflicted(asset.code());
            log.error("{} broadcast {} ({}): the node reports it conflicted (conflicts: {}, replaced by: {}); raised "
                    + "BROADCAST_CONFLICTED", asset.code(), id, txid, conflicting, status.replacedBy());
        }
    }

    /** The node no longer holds it: send the recorded bytes again, and say so when this drop is new. */
    void dropped(AssetProperties asset, NodePort node, long id, String txid, BroadcastStatus status) {
        Optional<String> raw = jdbc.sql(RAW.formatted(schema(asset))).param("id", id).query(String.class).optional();
        String resent = raw.isPresent() ? resend(asset, node, id, txid, raw.get())
                : "no recorded bytes to send again (sent with sendmany); send it again from the node's wallet";
        Integer drops = transactions.inTransaction("broadcast dropped", s -> {
            Optional<Integer> counted = jdbc.sql(DROPPED.formatted(schema(asset))).param("id", id)
                    .query(Integer.class).optional();
            counted.ifPresent(n -> alerts.raise(asset, AlertKind.BROADCAST_DROPPED,
                    "sent broadcast " + id + " (" + txid + ") is no longer held by the node ("
                            + status.state().name().toLowerCase(java.util.Locale.ROOT) + "); sent again: " + resent,
                    "broadcastId", Long.toString(id), "txid", txid, "resent", resent,
                    "drops", Integer.toString(n)));
            return counted.orElse(null);
        });
        if (drops != null) {
            metrics.dropped(asset.code());
            log.warn("{} broadcast {} ({}): the node no longer holds it (drop {}); sent again: {}", asset.code(), id,
                    txid, drops, resent);
        }
    }

    /** Clears a drop once the node holds the transaction again, so the next drop alerts anew. */
    void heldAgain(AssetProperties asset, long id) {
        jdbc.sql(HELD_AGAIN.formatted(schema(asset))).param("id", id).update();
    }

    void checkStuck(AssetProperties asset, long id, String txid, LongSupplier height) {
        if (!jdbc.sql(STUCK_UNKNOWN.formatted(schema(asset))).param("id", id).query(Boolean.class).single()) {
            return; // alerted already: no need to ask the node for its height
        }
        long tip;
        try {
            tip = height.getAsLong();
        } catch (NodeCallFailedException e) {
            return; // next round
        }
        Optional<Long> stuckSince = transactions.inTransaction("broadcast stuck", s -> jdbc.sql(STUCK.formatted(schema(asset)))
                .param("id", id).param("height", tip).param("blocks", properties.stuckAfterBlocks())
                .query((rs, row) -> rs.getBoolean("stuck") ? Optional.of(rs.getLong("sent_height")) : Optional.<Long>empty())
                .optional().flatMap(o -> o)
                .map(sentHeight -> {
                    alerts.raise(asset, AlertKind.BROADCAST_STUCK,
                            "sent broadcast " + id + " (" + txid + ") is still unconfirmed " + (tip - sentHeight)
                                    + " blocks after it was sent; its fee may be too low",
                            "broadcastId", Long.toString(id), "txid", txid, "sentAtHeight", Long.toString(sentHeight),
                            "height", Long.toString(tip));
                    return sentHeight;
                }));
        stuckSince.ifPresent(sentHeight -> {
            metrics.stuck(asset.code());
            log.warn("{} broadcast {} ({}): unconfirmed since height {}, now {}; raised BROADCAST_STUCK", asset.code(),
                    id, txid, sentHeight, tip);
        });
    }

    /** Sends the recorded bytes again; says how it went, for the alert. Same bytes, same txid: it cannot pay twice. */
    private static String resend(AssetProperties asset, NodePort node, long id, String txid, String raw) {
        try {
            node.sendRaw(raw);
            return "true";
        } catch (NodeCallFailedException e) {
            SendRefusal refusal = SendRefusal.of(e);
            return alreadyKnown(refusal) ? "true" : refusal.toString();
        } catch (SendOutcomeUnknownException e) {
            log.warn("{} broadcast {} ({}): outcome of sending it again unknown; the next poll asks", asset.code(), id,
                    txid);
            return "outcome unknown: " + e.getMessage();
        }
    }

    private static boolean alreadyKnown(SendRefusal refusal) {
        return refusal.kind() == SendRefusal.Kind.ALREADY_KNOWN;
    }

    private static String schema(AssetProperties asset) {
        return asset.schemaName().value();
    }
}
