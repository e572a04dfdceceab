package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import io.cryptoassets.worker.outbox.OutboxWriter;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Expires the open holds whose {@code expiresAt} passed: state {@code expired}, the amount available
 * again, a {@code TxUpdate}. Every worker runs it; each hold ends in a serializable transaction of its
 * own with a conditional update, so two workers expiring the same hold, or a capture or release
 * racing its expiry, settle it exactly once. Needs no node.
 */
@Component
public class HoldExpiry {

    /** Oldest expiry first, a bounded number a round: the next round takes the rest. */
    private static final String DUE = """
            SELECT id
            FROM %s.transaction
            WHERE type = 'hold' AND state = 'held' AND expires_at <= :now
            ORDER BY expires_at, id
            LIMIT :limit
            """;

    /**
     * The hold, if it is still open and its expiry came. A capture or release that settled it, or
     * another worker's expiry, changed the same row: under SERIALIZABLE one of the two transactions
     * fails and is retried, and then this matches nothing.
     */
    private static final String EXPIRE = """
            UPDATE %s.transaction
            SET state = 'expired', settled_at = :now, updated_at = now()
            WHERE id = :id AND type = 'hold' AND state = 'held' AND expires_at <= :now
            RETURNING account_id, hold_id, amount, expires_at
            """;

    /** Gives the amount back and takes the account's next event number, in one statement. */
    private static final String RELEASE = """
            UPDATE %s.account
            SET held = held - CAST(:amount AS numeric), event_sequence = event_sequence + 1
            WHERE account_id = :account
            RETURNING balance, balance - held AS available, event_sequence
            """;

    private static final int PER_ROUND = 500;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final OutboxWriter outbox;
    private final Clock clock;

    HoldExpiry(JdbcClient jdbc, SerializableTransactions transactions, OutboxWriter outbox, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * One round for {@code asset}.
     *
     * @return how many holds this round expired (not those a capture, a release or another worker
     *         settled first)
     */
    public int round(AssetProperties asset) {
        List<Long> due = jdbc.sql(DUE.formatted(asset.schemaName().value()))
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .param("limit", PER_ROUND).query(Long.class).list();
        int expired = 0;
        for (long id : due) {
            if (transactions.inTransaction("expire hold", status -> expire(asset, id)).isPresent()) {
                expired++;
            }
        }
        return expired;
    }

    /** The hold that expired, if this call expired it. Must run in a serializable transaction. */
    public Optional<Expired> expire(AssetProperties asset, long id) {
        String schema = asset.schemaName().value();
        Instant now = clock.instant();
        Optional<Expired> expired = jdbc.sql(EXPIRE.formatted(schema))
                .param("id", id)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .query((rs, row) -> new Expired(id, rs.getString("account_id"), rs.getString("hold_id"),
                        rs.getBigDecimal("amount").toBigIntegerExact(),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
        expired.ifPresent(hold -> announce(asset, hold, now));
        return expired;
    }

    private void announce(AssetProperties asset, Expired hold, Instant now) {
        PendingTxUpdate update = jdbc.sql(RELEASE.formatted(asset.schemaName().value()))
                .param("amount", hold.amount().toString())
                .param("account", hold.accountId())
                .query((rs, row) -> new PendingTxUpdate(TransactionRef.existing(hold.id()), TransactionType.HOLD,
                        Direction.OUT, TxState.EXPIRED, hold.accountId(), null, null, hold.amount(), null, 0, false,
                        rs.getLong("event_sequence"), rs.getBigDecimal("balance").toBigIntegerExact(),
                        "expired at " + hold.expiresAt())
                        .withAvailable(rs.getBigDecimal("available").toBigIntegerExact())
                        .withHoldId(hold.holdId()))
                .single();
        outbox.append(List.of(LedgerEvents.message(asset.code(), update, now)));
    }

    /** A hold this worker expired. */
    public record Expired(long id, String accountId, String holdId, BigInteger amount, Instant expiresAt) {
    }
}
