package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * State changes of broadcast rows, in the caller's transaction. Each is a conditional update
 * whose row count says whether the caller still held the broadcast: a claim by its state and
 * {@code claimed_at}, a recorded transaction by its state. The caller that lost learns it from
 * the answer and changes nothing else.
 */
@Component
class BroadcastStore {

    private static final String MEMBERS = """
            SELECT id, account_id, address, amount, type
            FROM %s.transaction
            WHERE network_transaction_id = :id
            ORDER BY id
            """;

    private static final String HOLD = """
            SELECT id
            FROM %s.network_transaction
            WHERE id = :id AND state = ANY(CAST(:states AS text[])) AND claimed_at = :claimedAt
            FOR UPDATE
            """;

    /** Back to {@code grouped}: nothing reached the node, so it may be handed to it again later. */
    private static final String RELEASE = """
            UPDATE %s.network_transaction
            SET state = 'grouped', claimed_at = NULL, opened_at = NULL,
                next_attempt_at = now() + make_interval(secs => :delaySeconds), last_error = :error, updated_at = now()
            WHERE id = :id AND state = ANY(CAST(:states AS text[])) AND claimed_at = :claimedAt
            """;

    /** Closed without a send: every member left it (failed, cancelled, moved), or an operator said so. */
    private static final String DISSOLVE_EMPTY = """
            UPDATE %1$s.network_transaction AS n
            SET state = 'dissolved', opened_at = coalesce(opened_at, now()), closed_at = now(), claimed_at = NULL,
                next_attempt_at = NULL, last_error = :error, updated_at = now()
            WHERE n.id = :id AND n.state IN ('grouped', 'signing', 'opened', 'broken')
              AND NOT EXISTS (SELECT 1 FROM %1$s.transaction t WHERE t.network_transaction_id = n.id)
            """;

    private static final String MARK_SENT = """
            UPDATE %s.network_transaction
            SET state = 'sent', txid = :txid, closed_at = now(), sent_at = now(), sent_height = :height,
                next_attempt_at = NULL, funds_wanted_since = NULL, resolution = CAST(:resolution AS text),
                resolved_at = CASE WHEN CAST(:resolution AS text) IS NULL THEN NULL ELSE now() END, updated_at = now()
            WHERE id = :id AND state = ANY(CAST(:states AS text[]))
              AND (CAST(:claimedAt AS timestamptz) IS NULL OR claimed_at = CAST(:claimedAt AS timestamptz))
            """;

    private static final String MARK_BROADCASTED = """
            UPDATE %s.transaction
            SET state = 'broadcasted', txid = :txid, updated_at = now()
            WHERE network_transaction_id = :id
            RETURNING id, account_id, address, amount, type
            """;

    private static final String FEE = """
            SELECT fee FROM %s.network_transaction WHERE id = :id
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

    List<BroadcastMember> members(AssetProperties asset, long id) {
        return jdbc.sql(MEMBERS.formatted(schema(asset))).param("id", id).query(BroadcastMember.ROWS).list();
    }

    /** Locks the claimed broadcast for the rest of the transaction; false when the claim was lost. */
    boolean holds(AssetProperties asset, Claim claim) {
        return jdbc.sql(HOLD.formatted(schema(asset))).param("id", claim.id()).param("states", states(claim))
                .param("claimedAt", claim.claimedAt()).query(Long.class).optional().isPresent();
    }

    /** Gives a claimed broadcast back, to be tried again after {@code delay}, or dissolves it when empty. */
    boolean release(AssetProperties asset, Claim claim, Duration delay, String error) {
        int released = jdbc.sql(RELEASE.formatted(schema(asset))).param("id", claim.id()).param("states", states(claim))
                .param("claimedAt", claim.claimedAt()).param("delaySeconds", seconds(delay)).param("error", cut(error))
                .update();
        if (released == 1) {
            dissolveIfEmpty(asset, claim.id(), error);
        }
        return released == 1;
    }

    /** Dissolves the broadcast if no withdrawal is left in it; true when it did. */
    boolean dissolveIfEmpty(AssetProperties asset, long id, String why) {
        return jdbc.sql(DISSOLVE_EMPTY.formatted(schema(asset))).param("id", id).param("error", cut(why)).update() == 1;
    }

    /**
     * Marks the broadcast sent under {@code txid} and its withdrawals broadcasted.
     *
     * @param from       the states it may be in
     * @param claimedAt  the claim that must still hold, or null when any worker may mark it (a
     *                   recorded transaction the node has is sent, whoever sees it)
     * @param height     the node's block count before the send was known, or null
     * @param resolution null when the worker saw it reach the node, {@code txid} when an operator said so
     * @return the withdrawals, or empty when it was not in one of those states (someone else moved it)
     */
    Optional<List<BroadcastMember>> markSent(AssetProperties asset, long id, String txid, List<String> from,
                                             OffsetDateTime claimedAt, Long height, String resolution) {
        String schema = schema(asset);
        int marked = jdbc.sql(MARK_SENT.formatted(schema)).param("id", id).param("txid", txid)
                .param("states", from.toArray(String[]::new)).param("claimedAt", claimedAt).param("height", height)
                .param("resolution", resolution).update();
        if (marked == 0) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql(MARK_BROADCASTED.formatted(schema)).param("id", id).param("txid", txid)
                .query(BroadcastMember.ROWS).list());
    }

    /** The fee recorded for the broadcast, or null while unknown. */
    BigInteger fee(AssetProperties asset, long id) {
        return jdbc.sql(FEE.formatted(schema(asset))).param("id", id)
                .query((rs, row) -> Optional.ofNullable(rs.getBigDecimal("fee")).map(BigDecimal::toBigIntegerExact))
                .single().orElse(null);
    }

    void noteError(AssetProperties asset, long id, String error) {
        jdbc.sql(NOTE_ERROR.formatted(schema(asset))).param("id", id).param("error", cut(error)).update();
    }

    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** Errors are the node's words: kept short enough for a list on a terminal and an alert. */
    static String cut(String error) {
        String text = error == null ? "" : error;
        return text.length() <= 512 ? text : text.substring(0, 509) + "...";
    }

    private static String[] states(Claim claim) {
        return claim.states().toArray(String[]::new);
    }

    private static String schema(AssetProperties asset) {
        return asset.schemaName().value();
    }
}
