package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The broadcast rows of an asset. Every state change is a conditional update whose row count
 * says whether this caller won: opening requires {@code opened_at IS NULL}, closing requires an
 * open and unclosed broadcast, so two workers can never send or close the same broadcast.
 */
@Component
class BroadcastStore {

    private static final String UNGROUPED = """
            SELECT id
            FROM %s.transaction
            WHERE type = 'broadcast' AND state = 'pending' AND network_transaction_id IS NULL
            ORDER BY id
            LIMIT :limit
            FOR UPDATE SKIP LOCKED
            """;

    private static final String CREATE = """
            INSERT INTO %s.network_transaction (type, state)
            VALUES ('broadcast', 'grouped')
            RETURNING id
            """;

    private static final String ASSIGN = """
            UPDATE %s.transaction
            SET network_transaction_id = :broadcast, updated_at = now()
            WHERE id = ANY(CAST(:ids AS bigint[]))
            """;

    private static final String NEXT_TO_OPEN = """
            SELECT id
            FROM %s.network_transaction
            WHERE type = 'broadcast' AND opened_at IS NULL AND closed_at IS NULL
              AND (next_attempt_at IS NULL OR next_attempt_at <= now())
            ORDER BY id
            LIMIT 1
            """;

    private static final String OPEN = """
            UPDATE %s.network_transaction
            SET opened_at = now(), state = 'opened', send_attempts = send_attempts + 1, updated_at = now()
            WHERE id = :id AND opened_at IS NULL AND closed_at IS NULL AND state = 'grouped'
            RETURNING opened_at
            """;

    private static final String OUTPUTS = """
            SELECT address, sum(amount) AS amount
            FROM %s.transaction
            WHERE network_transaction_id = :id
            GROUP BY address
            ORDER BY address
            """;

    private static final String CLOSE = """
            UPDATE %s.network_transaction
            SET txid = :txid, closed_at = now(), state = 'sent', sent_at = now(), fee = CAST(:fee AS numeric), resolution = CAST(:resolution AS text),
                resolved_at = CASE WHEN CAST(:resolution AS text) IS NULL THEN NULL ELSE now() END, updated_at = now()
            WHERE id = :id AND opened_at IS NOT NULL AND closed_at IS NULL
            """;

    private static final String MARK_BROADCASTED = """
            UPDATE %s.transaction
            SET state = 'broadcasted', txid = :txid, updated_at = now()
            WHERE network_transaction_id = :id
            RETURNING id, account_id, address, amount
            """;

    private static final String RELEASE_REFUSED = """
            UPDATE %s.network_transaction
            SET opened_at = NULL, state = 'grouped', next_attempt_at = now() + make_interval(secs => :retryAfterSeconds),
                last_error = :error, updated_at = now()
            WHERE id = :id AND opened_at = :openedAt AND closed_at IS NULL
            """;

    private static final String NOTE_ERROR = """
            UPDATE %s.network_transaction
            SET last_error = :error, updated_at = now()
            WHERE id = :id
            """;

    private final JdbcClient jdbc;

    BroadcastStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Groups up to {@code limit} waiting withdrawals into a new broadcast; empty if none wait. */
    Optional<Long> group(AssetProperties asset, int limit) {
        String schema = schema(asset);
        List<Long> ids = jdbc.sql(UNGROUPED.formatted(schema)).param("limit", limit).query(Long.class).list();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        long broadcast = jdbc.sql(CREATE.formatted(schema)).query(Long.class).single();
        jdbc.sql(ASSIGN.formatted(schema)).param("broadcast", broadcast).param("ids", ids.toArray(Long[]::new)).update();
        return Optional.of(broadcast);
    }

    Optional<Long> nextToOpen(AssetProperties asset) {
        return jdbc.sql(NEXT_TO_OPEN.formatted(schema(asset))).query(Long.class).optional();
    }

    /** Marks the broadcast opened; empty when another worker opened it first. */
    Optional<OffsetDateTime> open(AssetProperties asset, long id) {
        return jdbc.sql(OPEN.formatted(schema(asset))).param("id", id).query(OffsetDateTime.class).optional();
    }

    /** What to pay: one output per distinct address, amounts summed (sendmany refuses duplicates). */
    Map<String, BigInteger> outputs(AssetProperties asset, long id) {
        Map<String, BigInteger> outputs = new LinkedHashMap<>();
        jdbc.sql(OUTPUTS.formatted(schema(asset))).param("id", id)
                .query((rs, row) -> outputs.put(rs.getString("address"), rs.getBigDecimal("amount").toBigIntegerExact()))
                .list();
        return outputs;
    }

    /**
     * Closes an open broadcast under {@code txid} and marks its withdrawals broadcasted.
     *
     * @param resolution null when the worker saw the send succeed, else how an operator resolved it
     * @return the withdrawals, or empty when the broadcast was not open (closed by someone else)
     */
    Optional<List<BroadcastMember>> close(AssetProperties asset, long id, String txid, BigInteger fee, String resolution) {
        String schema = schema(asset);
        int closed = jdbc.sql(CLOSE.formatted(schema)).param("id", id).param("txid", txid)
                .param("fee", fee == null ? null : fee.toString()).param("resolution", resolution).update();
        if (closed == 0) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql(MARK_BROADCASTED.formatted(schema)).param("id", id).param("txid", txid)
                .query((rs, row) -> new BroadcastMember(rs.getLong("id"), rs.getString("account_id"),
                        rs.getString("address"), rs.getBigDecimal("amount").toBigIntegerExact()))
                .list());
    }

    /** The node refused: nothing was sent, so the broadcast may be opened again after a pause. */
    boolean releaseRefused(AssetProperties asset, long id, OffsetDateTime openedAt, String error, Duration retryAfter) {
        return jdbc.sql(RELEASE_REFUSED.formatted(schema(asset))).param("id", id).param("openedAt", openedAt)
                .param("error", error).param("retryAfterSeconds", retryAfter.toMillis() / 1000.0).update() == 1;
    }

    void noteError(AssetProperties asset, long id, String error) {
        jdbc.sql(NOTE_ERROR.formatted(schema(asset))).param("id", id).param("error", error).update();
    }

    private static String schema(AssetProperties asset) {
        return asset.schemaName().value();
    }
}
