package io.cryptoassets.worker.broadcast;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.ledger.LedgerEvents;
import io.cryptoassets.worker.ledger.PendingEvent.PendingAlert;
import io.cryptoassets.worker.outbox.OutboxMessage;
import io.cryptoassets.worker.outbox.OutboxWriter;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds sendmany broadcasts {@code opened} longer ago than {@code broken-after}, makes them
 * {@code broken} and publishes one BROKEN_BROADCAST alert for each (in the same transaction, so
 * any number of workers raise it once). Nothing is resent: the send may have reached the
 * network, and sendmany leaves no txid to ask about; the operator resolves the broadcast. Signed
 * broadcasts never need this: their txid is recorded before they leave.
 */
@Component
public class BrokenBroadcastWatch {

    private static final Logger log = LoggerFactory.getLogger(BrokenBroadcastWatch.class);

    private static final String MARK_NEWLY_BROKEN = """
            UPDATE %s.network_transaction
            SET state = 'broken', broken_alerted_at = now(), updated_at = now()
            WHERE state = 'opened' AND id IN (
                SELECT id
                FROM %1$s.network_transaction
                WHERE state = 'opened' AND opened_at < now() - make_interval(secs => :brokenAfterSeconds)
                FOR UPDATE SKIP LOCKED
            )
            RETURNING id, opened_at, send_attempts, coalesce(last_error, '') AS last_error
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final OutboxWriter outbox;
    private final ChainProperties properties;
    private final BroadcastMetrics metrics;
    private final Clock clock;

    BrokenBroadcastWatch(JdbcClient jdbc, SerializableTransactions transactions, OutboxWriter outbox,
                         ChainProperties properties, BroadcastMetrics metrics, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Raises the alert for every newly broken broadcast of {@code asset}; returns how many. */
    public int check(AssetProperties asset) {
        String schema = asset.schemaName().value();
        int found = transactions.inTransaction("broken broadcasts", s -> {
            List<OutboxMessage> alerts = jdbc.sql(MARK_NEWLY_BROKEN.formatted(schema))
                    .param("brokenAfterSeconds", properties.brokenAfter().toMillis() / 1000.0)
                    .query((rs, row) -> alert(asset, rs.getLong("id"), rs.getObject("opened_at", OffsetDateTime.class),
                            rs.getInt("send_attempts"), rs.getString("last_error")))
                    .list();
            outbox.append(alerts);
            return alerts.size();
        });
        if (found > 0) {
            metrics.broken(asset.code(), found);
            log.error("{}: {} sendmany broadcast(s) are broken (opened, never marked sent); list them with "
                            + "'broadcasts list --broken'",
                    asset.code(), found);
        }
        return found;
    }

    private OutboxMessage alert(AssetProperties asset, long id, OffsetDateTime openedAt, int attempts, String error) {
        PendingAlert alert = new PendingAlert(AlertKind.BROKEN_BROADCAST,
                "broadcast " + id + " was opened at " + openedAt + " and never closed; it may or may not have "
                        + "reached the network and will not be resent until an operator resolves it",
                Map.of("broadcastId", Long.toString(id), "openedAt", openedAt.toInstant().toString(),
                        "sendAttempts", Integer.toString(attempts), "lastError", error));
        return LedgerEvents.message(asset.code(), alert, clock.instant());
    }
}
