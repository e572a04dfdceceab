package io.cryptoassets.worker.outbox;

import io.cryptoassets.worker.asset.LedgerProperties;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends outbox rows inside the caller's transaction, all in one statement. Rows get their
 * outbox position in list order, so callers pass events in the order they happened.
 *
 * <p>An event id already in the outbox is skipped: a request record read again (after a crash,
 * before its offset was committed) is answered under the same id, and if that answer is still
 * waiting to be published, once is enough.
 *
 * <p>Appending also wakes this worker's relay once the rows are visible: after the commit of the
 * surrounding transaction (not on rollback), or at once when there is none. Callers need not
 * remember to; other workers' relays are woken by the NOTIFY the insert sends on commit.
 */
@Component
public class OutboxWriter {

    /** Inserts and notifies in one round trip; PostgreSQL delivers the NOTIFY only on commit. */
    private static final String INSERT = """
            WITH inserted AS (
                INSERT INTO %s.outbox (id, aggregatetype, aggregateid, type, payload, shard, traceparent)
                SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:topics AS text[]), CAST(:keys AS text[]),
                                     CAST(:types AS text[]), CAST(:payloads AS jsonb[]), CAST(:shards AS smallint[]),
                                     CAST(:traceparents AS text[]))
                ON CONFLICT (id) DO NOTHING
                RETURNING 1
            )
            SELECT pg_notify('cryptoassets_outbox', '') FROM (SELECT 1 FROM inserted LIMIT 1) AS any_row
            """;

    private final JdbcClient jdbc;
    private final OutboxProperties properties;
    private final String insert;
    private final OutboxSignal signal;
    /** One instance, so that a transaction appending many times registers it once. */
    private final TransactionSynchronization wakeAfterCommit;

    public OutboxWriter(JdbcClient jdbc, LedgerProperties ledger, OutboxProperties properties, OutboxSignal signal) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.insert = INSERT.formatted(ledger.sharedSchemaName().value());
        this.signal = signal;
        this.wakeAfterCommit = new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                signal.raise();
            }
        };
    }

    public void append(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        jdbc.sql(insert)
                .param("ids", messages.stream().map(m -> m.eventId().toString()).toArray(String[]::new))
                .param("topics", messages.stream().map(OutboxMessage::topic).toArray(String[]::new))
                .param("keys", messages.stream().map(OutboxMessage::key).toArray(String[]::new))
                .param("types", messages.stream().map(OutboxMessage::type).toArray(String[]::new))
                .param("payloads", messages.stream().map(OutboxMessage::payload).toArray(String[]::new))
                .param("shards", messages.stream().map(m -> (short) properties.shardOf(m.key())).toArray(Short[]::new))
                .param("traceparents", messages.stream().map(OutboxMessage::traceparent).toArray(String[]::new))
                .query().listOfRows();
        wakeRelay();
    }

    private void wakeRelay() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            // No transaction to wait for: the statement committed by itself.
            signal.raise();
        } else if (!TransactionSynchronizationManager.getSynchronizations().contains(wakeAfterCommit)) {
            TransactionSynchronizationManager.registerSynchronization(wakeAfterCommit);
        }
    }
}
