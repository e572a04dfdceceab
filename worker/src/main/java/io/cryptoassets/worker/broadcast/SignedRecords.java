package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.SignedTransaction;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Signed transactions in broadcast rows, in the caller's transaction. */
@Component
class SignedRecords {

    /**
     * Only the signer whose claim still holds records: one reclaimed meanwhile (it was frozen
     * past signing-timeout) must not overwrite what the next signer does. The lease keeps other
     * workers from settling it while this one sends it.
     */
    private static final String RECORD = """
            UPDATE %s.network_transaction
            SET state = 'signed', txid = :txid, raw_tx = :raw, inputs = CAST(:inputs AS text[]), signed_at = now(),
                refusals = 0, funds_wanted_since = NULL,
                next_attempt_at = now() + make_interval(secs => :leaseSeconds), updated_at = now()
            WHERE id = :id AND state = 'signing' AND claimed_at = :claimedAt
            RETURNING opened_at, send_attempts
            """;

    /** Inputs that a broadcast which may still be sent (or was) recorded: never a stopped signer's. */
    private static final String RECORDED_AMONG = """
            SELECT DISTINCT recorded.input
            FROM %s.network_transaction, unnest(inputs) AS recorded(input)
            WHERE state IN ('signed', 'sent', 'broken') AND inputs && CAST(:candidates AS text[])
            """;

    private static final String RETRY_LATER = """
            UPDATE %s.network_transaction
            SET next_attempt_at = now() + make_interval(secs => :delaySeconds), last_error = :error, updated_at = now()
            WHERE id = :id AND state = 'signed'
            """;

    /**
     * Counts a refusal of the recorded bytes; the BROKEN_BROADCAST alert is decided in the same
     * statement (from null to now), so it is raised once.
     */
    private static final String REFUSED = """
            UPDATE %s.network_transaction
            SET refusals = refusals + 1,
                broken_alerted_at = CASE WHEN refusals + 1 >= :alertAfter THEN coalesce(broken_alerted_at, now())
                                         ELSE broken_alerted_at END,
                next_attempt_at = now() + make_interval(secs => :delaySeconds), last_error = :error, updated_at = now()
            WHERE id = :id AND state = 'signed'
            RETURNING refusals, broken_alerted_at = now() AS alert_now
            """;

    private static final String BREAK = """
            UPDATE %s.network_transaction
            SET state = 'broken', conflicting_txids = :conflicting, broken_alerted_at = now(), next_attempt_at = NULL,
                last_error = :error, updated_at = now()
            WHERE id = :id AND state = 'signed'
            """;

    private final JdbcClient jdbc;

    SignedRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records what the node signed for the claim; empty when the claim no longer holds. */
    Optional<SignedBroadcast> record(AssetProperties asset, Claim claim, SignedTransaction signed, Duration lease) {
        return jdbc.sql(RECORD.formatted(asset.schemaName().value()))
                .param("id", claim.id()).param("claimedAt", claim.claimedAt())
                .param("txid", signed.txid()).param("raw", signed.raw())
                .param("inputs", signed.inputs().stream().map(Outpoint::toString).toArray(String[]::new))
                .param("leaseSeconds", BroadcastStore.seconds(lease))
                .query((rs, row) -> new SignedBroadcast(claim.id(), signed.txid(), signed.raw(), signed.inputs(),
                        rs.getObject("opened_at", OffsetDateTime.class), rs.getInt("send_attempts")))
                .optional();
    }

    /** Which of {@code candidates} a live or sent broadcast recorded. */
    Set<Outpoint> recordedAmong(AssetProperties asset, Collection<Outpoint> candidates) {
        if (candidates.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql(RECORDED_AMONG.formatted(asset.schemaName().value()))
                .param("candidates", candidates.stream().map(Outpoint::toString).toArray(String[]::new))
                .query((rs, row) -> Outpoint.parse(rs.getString("input")))
                .list());
    }

    void retryLater(AssetProperties asset, long id, Duration delay, String error) {
        jdbc.sql(RETRY_LATER.formatted(asset.schemaName().value())).param("id", id)
                .param("delaySeconds", BroadcastStore.seconds(delay)).param("error", BroadcastStore.cut(error)).update();
    }

    /** Counts a refusal of the recorded bytes; a broadcast no longer signed counts nothing. */
    RefusalRecords.Refusals refused(AssetProperties asset, long id, Duration delay, String error, int alertAfter) {
        return jdbc.sql(REFUSED.formatted(asset.schemaName().value())).param("id", id).param("alertAfter", alertAfter)
                .param("delaySeconds", BroadcastStore.seconds(delay)).param("error", BroadcastStore.cut(error))
                .query((rs, row) -> new RefusalRecords.Refusals(rs.getInt("refusals"), rs.getBoolean("alert_now")))
                .optional().orElse(new RefusalRecords.Refusals(0, false));
    }

    /** A conflict: the recorded transaction can never confirm; true when this call made it broken. */
    boolean breakIt(AssetProperties asset, long id, String conflicting, String error) {
        return jdbc.sql(BREAK.formatted(asset.schemaName().value())).param("id", id)
                .param("conflicting", BroadcastStore.cut(conflicting)).param("error", BroadcastStore.cut(error))
                .update() == 1;
    }
}
