package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How a worker takes broadcast work, each in one serializable transaction and each claim in one
 * statement ({@code UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING}), so
 * any number of workers share the work and none takes what another holds.
 */
@Component
class BroadcastClaims {

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

    /** A signer that held its claim longer than signing-timeout stopped before recording anything. */
    private static final String RECLAIM_STALE_SIGNING = """
            UPDATE %s.network_transaction
            SET state = 'grouped', claimed_at = NULL, opened_at = NULL, next_attempt_at = NULL,
                last_error = 'its signer stopped before recording a transaction; signed again', updated_at = now()
            WHERE state = 'signing' AND claimed_at < now() - make_interval(secs => :timeoutSeconds)
            RETURNING id
            """;

    /**
     * One signer per asset: the wallet chooses inputs for one transaction at a time, so an input
     * it locked and nobody recorded can only be a stopped signer's. NOT EXISTS keeps a second
     * claim from trying; the unique index network_transaction_one_signing stops the one that
     * raced past it. opened_at is set because a broadcast closed later must have been opened.
     */
    private static final String CLAIM_FOR_SIGNING = """
            UPDATE %1$s.network_transaction
            SET state = 'signing', claimed_at = clock_timestamp(), opened_at = now(), send_attempts = send_attempts + 1,
                updated_at = now()
            WHERE id = (
                SELECT id
                FROM %1$s.network_transaction
                WHERE state = 'grouped' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                ORDER BY id
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
              AND NOT EXISTS (SELECT 1 FROM %1$s.network_transaction WHERE state = 'signing')
            RETURNING id, claimed_at
            """;

    /** sendmany: no one-signer limit, the node builds, signs and sends in one call. */
    private static final String CLAIM_FOR_SENDING = """
            UPDATE %1$s.network_transaction
            SET state = 'opened', claimed_at = clock_timestamp(), opened_at = now(), send_attempts = send_attempts + 1,
                updated_at = now()
            WHERE id = (
                SELECT id
                FROM %1$s.network_transaction
                WHERE state = 'grouped' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                ORDER BY id
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING id, claimed_at
            """;

    /** A recorded transaction to settle; the lease keeps other workers off it while this one asks the node. */
    private static final String CLAIM_DUE_SIGNED = """
            UPDATE %1$s.network_transaction
            SET next_attempt_at = now() + make_interval(secs => :leaseSeconds), send_attempts = send_attempts + 1,
                updated_at = now()
            WHERE state = 'signed' AND id = (
                SELECT id
                FROM %1$s.network_transaction
                WHERE state = 'signed' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                ORDER BY id
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING id, txid, raw_tx, array_to_string(inputs, ',') AS inputs, opened_at, send_attempts
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final BroadcastStore store;
    private final ChainProperties properties;

    BroadcastClaims(JdbcClient jdbc, SerializableTransactions transactions, BroadcastStore store,
                    ChainProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.store = store;
        this.properties = properties;
    }

    /** Groups up to max-withdrawals-per-broadcast waiting withdrawals into a new broadcast; empty if none wait. */
    Optional<Long> group(AssetProperties asset) {
        String schema = schema(asset);
        return transactions.inTransaction("group withdrawals", s -> {
            List<Long> ids = jdbc.sql(UNGROUPED.formatted(schema)).param("limit", properties.maxWithdrawalsPerBroadcast())
                    .query(Long.class).list();
            if (ids.isEmpty()) {
                return Optional.empty();
            }
            long broadcast = jdbc.sql(CREATE.formatted(schema)).query(Long.class).single();
            jdbc.sql(ASSIGN.formatted(schema)).param("broadcast", broadcast).param("ids", ids.toArray(Long[]::new))
                    .update();
            return Optional.of(broadcast);
        });
    }

    /** Gives back every {@code signing} claim older than signing-timeout; returns their ids. */
    List<Long> reclaimStaleSigning(AssetProperties asset) {
        return transactions.inTransaction("reclaim stale signing", s -> jdbc.sql(RECLAIM_STALE_SIGNING.formatted(schema(asset)))
                .param("timeoutSeconds", BroadcastStore.seconds(properties.signingTimeout())).query(Long.class).list());
    }

    /**
     * Takes the oldest due {@code grouped} broadcast to sign, with its withdrawals; a broadcast
     * found empty (all its withdrawals cancelled) is dissolved and returned without members.
     *
     * @return empty when nothing is due or another worker is signing
     */
    Optional<Claim> claimForSigning(AssetProperties asset) {
        try {
            return claim(asset, "claim broadcast to sign", CLAIM_FOR_SIGNING, Claim.SIGNING);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            return Optional.empty(); // another worker claimed one between our look and our update
        }
    }

    /** sendmany: takes the oldest due {@code grouped} broadcast to send, as {@link #claimForSigning}. */
    Optional<Claim> claimForSending(AssetProperties asset) {
        return claim(asset, "claim broadcast to send", CLAIM_FOR_SENDING, Claim.OPENED);
    }

    private Optional<Claim> claim(AssetProperties asset, String name, String statement, List<String> states) {
        return transactions.inTransaction(name, s -> jdbc.sql(statement.formatted(schema(asset)))
                .query((rs, row) -> new Claimed(rs.getLong("id"), rs.getObject("claimed_at", OffsetDateTime.class)))
                .optional()
                .map(claimed -> {
                    List<BroadcastMember> members = store.members(asset, claimed.id());
                    if (members.isEmpty()) {
                        store.dissolveIfEmpty(asset, claimed.id(), "all its withdrawals ended before it was sent");
                    }
                    return new Claim(claimed.id(), claimed.claimedAt(), states, members);
                }));
    }

    /** Takes the oldest due recorded transaction to settle with the node, leased for signing-timeout. */
    Optional<SignedBroadcast> claimDueSigned(AssetProperties asset) {
        return transactions.inTransaction("claim signed broadcast", s -> jdbc.sql(CLAIM_DUE_SIGNED.formatted(schema(asset)))
                .param("leaseSeconds", BroadcastStore.seconds(properties.signingTimeout()))
                .query((rs, row) -> new SignedBroadcast(rs.getLong("id"), rs.getString("txid"), rs.getString("raw_tx"),
                        outpoints(rs.getString("inputs")), rs.getObject("opened_at", OffsetDateTime.class),
                        rs.getInt("send_attempts")))
                .optional());
    }

    static List<Outpoint> outpoints(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(Outpoint::parse).toList();
    }

    private record Claimed(long id, OffsetDateTime claimedAt) {
    }

    private static String schema(AssetProperties asset) {
        return asset.schemaName().value();
    }
}
