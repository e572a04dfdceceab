package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The rows {@link RefusalDecisions} changes, in the caller's transaction, after it checked its claim. */
@Component
class RefusalRecords {

    private static final String CREATE = """
            INSERT INTO %s.network_transaction (type, state)
            VALUES ('broadcast', 'grouped')
            RETURNING id
            """;

    private static final String MOVE = """
            UPDATE %s.transaction
            SET network_transaction_id = :to, updated_at = now()
            WHERE network_transaction_id = :from AND address = ANY(CAST(:addresses AS text[]))
            """;

    /** A broadcast waiting for funds that can still be sent: the episode it belongs to is open. */
    private static final String ANY_WAITS_FOR_FUNDS = """
            SELECT EXISTS (
                SELECT 1 FROM %s.network_transaction
                WHERE funds_wanted_since IS NOT NULL AND state IN ('grouped', 'signing', 'opened'))
            """;

    private static final String WAIT_FOR_FUNDS = """
            UPDATE %s.network_transaction
            SET state = 'grouped', claimed_at = NULL, opened_at = NULL, funds_wanted_since = coalesce(funds_wanted_since, now()),
                next_attempt_at = now() + make_interval(secs => :delaySeconds), last_error = :error, updated_at = now()
            WHERE id = :id
            """;

    private static final String REFUSED_ALONE = """
            UPDATE %s.network_transaction
            SET state = 'grouped', claimed_at = NULL, opened_at = NULL, refusals = refusals + 1,
                refused_alerted_at = CASE WHEN refusals + 1 >= :alertAfter THEN coalesce(refused_alerted_at, now())
                                          ELSE refused_alerted_at END,
                next_attempt_at = now() + make_interval(secs => :delaySeconds), last_error = :error, updated_at = now()
            WHERE id = :id
            RETURNING refusals, refused_alerted_at = now() AS alert_now
            """;

    private final JdbcClient jdbc;

    RefusalRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Moves the withdrawals paying {@code addresses} into a new grouped broadcast; returns its id. */
    long split(AssetProperties asset, long from, List<String> addresses) {
        String schema = asset.schemaName().value();
        long to = jdbc.sql(CREATE.formatted(schema)).query(Long.class).single();
        jdbc.sql(MOVE.formatted(schema)).param("to", to).param("from", from)
                .param("addresses", addresses.toArray(String[]::new)).update();
        return to;
    }

    boolean noBroadcastWaitsForFunds(AssetProperties asset) {
        return !jdbc.sql(ANY_WAITS_FOR_FUNDS.formatted(asset.schemaName().value())).query(Boolean.class).single();
    }

    void waitForFunds(AssetProperties asset, Claim claim, Duration delay, String error) {
        jdbc.sql(WAIT_FOR_FUNDS.formatted(asset.schemaName().value())).param("id", claim.id())
                .param("delaySeconds", BroadcastStore.seconds(delay)).param("error", BroadcastStore.cut(error)).update();
    }

    /** How often it was refused alone, and whether this refusal is the one that raises the alert. */
    record Refusals(int count, boolean alertNow) {
    }

    /**
     * Counts a refusal of a broadcast with one address and gives it back for a later retry. The
     * alert is decided in the same statement ({@code refused_alerted_at} set now, from null), so
     * it is raised once whoever counts the refusal that reaches the threshold.
     */
    Refusals refusedAlone(AssetProperties asset, Claim claim, Duration delay, String error, int alertAfter) {
        return jdbc.sql(REFUSED_ALONE.formatted(asset.schemaName().value())).param("id", claim.id())
                .param("alertAfter", alertAfter).param("delaySeconds", BroadcastStore.seconds(delay))
                .param("error", BroadcastStore.cut(error))
                .query((rs, row) -> new Refusals(rs.getInt("refusals"), rs.getBoolean("alert_now")))
                .single();
    }
}
