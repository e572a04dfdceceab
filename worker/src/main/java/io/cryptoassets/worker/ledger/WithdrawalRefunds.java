package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import io.cryptoassets.worker.outbox.OutboxWriter;
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
 * Ends a withdrawal that will never be sent and gives its amount back, outside a request batch:
 * the broadcaster when the node refuses the withdrawal's output for good, an operator when they
 * cancel it, the expiry round when approvers let its deadline pass. In the caller's serializable transaction, in one go: the withdrawal leaves its
 * broadcast and takes its final state, the account is credited with a ledger entry that names the
 * withdrawal (hashed onto the account's chain like every entry), and the account's
 * {@code TxUpdate} says {@code failed} or {@code cancelled} with the reason.
 *
 * <p>The state change is conditional on the withdrawal still being held for approval, or pending
 * and, when it is in a broadcast, on that broadcast not having been handed to the node
 * ({@code grouped}); the caller that lost a race learns it from the answer, and nothing is
 * refunded twice.
 */
@Component
public class WithdrawalRefunds {

    /**
     * The withdrawal, if it can still end: held for approval (never in a broadcast), or pending and
     * not in a broadcast given to the node.
     */
    private static final String END = """
            UPDATE %1$s.transaction AS t
            SET state = :state, network_transaction_id = NULL, updated_at = now()
            WHERE t.id = :id AND t.type = 'broadcast' AND t.state IN ('awaiting_approval', 'pending')
              AND (t.network_transaction_id IS NULL OR EXISTS (
                    SELECT 1 FROM %1$s.network_transaction AS n
                    WHERE n.id = t.network_transaction_id AND n.state IN (%2$s)))
            RETURNING t.account_id, t.address, t.amount
            """;

    /**
     * The withdrawal, if it is still held for approval and its deadline passed. An approval that
     * moved it on to pending, or a rejection, cancel or expiry that ended it, changed the same row:
     * under SERIALIZABLE one of the two transactions fails and is retried, and then this matches
     * nothing.
     */
    private static final String EXPIRE = """
            UPDATE %s.transaction AS t
            SET state = 'failed', updated_at = now()
            WHERE t.id = :id AND t.type = 'broadcast' AND t.state = 'awaiting_approval'
              AND t.approval_deadline < now()
            RETURNING t.account_id, t.address, t.amount, t.approvals_required, t.approval_deadline
            """;

    private static final String ACCOUNT = """
            SELECT balance, held, event_sequence, chain_head
            FROM %s.account
            WHERE account_id = :account
            """;

    private static final String CREDIT = """
            WITH credited AS (
                UPDATE %1$s.account
                SET balance = CAST(:balance AS numeric), event_sequence = :sequence, chain_head = decode(:hash, 'hex')
                WHERE account_id = :account
                RETURNING account_id
            )
            INSERT INTO %1$s.ledger_entry (account_id, transaction_id, amount, balance_after, created_at, hash)
            SELECT account_id, :id, CAST(:amount AS numeric), CAST(:balance AS numeric),
                   CAST(:createdAt AS timestamptz), decode(:hash, 'hex')
            FROM credited
            """;

    private final JdbcClient jdbc;
    private final OutboxWriter outbox;
    private final Clock clock;

    WithdrawalRefunds(JdbcClient jdbc, OutboxWriter outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What was refunded. */
    public record Refund(long transactionId, String accountId, String address, BigInteger amount) {
    }

    /**
     * Ends withdrawal {@code transactionId} as {@code state} ({@link TxState#FAILED} or
     * {@link TxState#CANCELLED}) and refunds it, unless it was sent, is being sent, or already ended.
     * One held for approval ends too.
     *
     * @param broadcastStates states of its broadcast that still allow it, e.g. {@code grouped};
     *                        the broadcaster also passes {@code signing} for the broadcast it holds
     * @param reason          the node's refusal or who cancelled it; cut to 512 characters
     * @return the refund, or empty when the withdrawal could not end (the caller lost a race or it
     *         is not a held or pending withdrawal of this asset)
     */
    public Optional<Refund> end(AssetProperties asset, long transactionId, TxState state, String reason,
                                List<String> broadcastStates) {
        if (state != TxState.FAILED && state != TxState.CANCELLED) {
            throw new IllegalArgumentException("a withdrawal ends failed or cancelled, not " + state);
        }
        String schema = asset.schemaName().value();
        String allowed = broadcastStates.isEmpty() ? "NULL"
                : String.join(", ", broadcastStates.stream().map(WithdrawalRefunds::stateLiteral).toList());
        Optional<Refund> ended = jdbc.sql(END.formatted(schema, allowed))
                .param("id", transactionId).param("state", state.name().toLowerCase(java.util.Locale.ROOT))
                .query((rs, row) -> new Refund(transactionId, rs.getString("account_id"), rs.getString("address"),
                        rs.getBigDecimal("amount").toBigIntegerExact()))
                .optional();
        ended.ifPresent(refund -> credit(asset, refund, state, cut(reason)));
        return ended;
    }

    /**
     * Fails withdrawal {@code transactionId} and refunds it if it is still held for approval past its
     * deadline; its {@code TxUpdate} says how many approvers it needed and by when.
     *
     * @return the refund, or empty when it was approved, ended or is not past its deadline
     */
    public Optional<Refund> expire(AssetProperties asset, long transactionId) {
        Optional<Expired> expired = jdbc.sql(EXPIRE.formatted(asset.schemaName().value()))
                .param("id", transactionId)
                .query((rs, row) -> new Expired(new Refund(transactionId, rs.getString("account_id"),
                        rs.getString("address"), rs.getBigDecimal("amount").toBigIntegerExact()),
                        rs.getInt("approvals_required"),
                        rs.getObject("approval_deadline", OffsetDateTime.class).toInstant()))
                .optional();
        expired.ifPresent(e -> credit(asset, e.refund(), TxState.FAILED,
                "not approved by " + e.approvalsRequired() + " approvers before " + e.deadline()));
        return expired.map(Expired::refund);
    }

    private record Expired(Refund refund, int approvalsRequired, Instant deadline) {
    }

    private void credit(AssetProperties asset, Refund refund, TxState state, String reason) {
        String schema = asset.schemaName().value();
        AccountHead head = jdbc.sql(ACCOUNT.formatted(schema)).param("account", refund.accountId())
                .query((rs, row) -> new AccountHead(rs.getBigDecimal("balance").toBigIntegerExact(),
                        rs.getBigDecimal("held").toBigIntegerExact(), rs.getLong("event_sequence"),
                        rs.getBytes("chain_head")))
                .single();
        BigInteger balance = head.balance().add(refund.amount());
        long sequence = head.eventSequence() + 1;
        Instant createdAt = LedgerChain.storable(clock.instant());
        byte[] hash = LedgerChain.hash(head.chainHead(), asset.code(), refund.accountId(), refund.transactionId(), null,
                refund.amount(), balance, createdAt);
        jdbc.sql(CREDIT.formatted(schema))
                .param("account", refund.accountId())
                .param("id", refund.transactionId())
                .param("amount", refund.amount().toString())
                .param("balance", balance.toString())
                .param("sequence", sequence)
                .param("hash", LedgerChain.hex(hash))
                .param("createdAt", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
                .update();
        PendingTxUpdate update = new PendingTxUpdate(TransactionRef.existing(refund.transactionId()),
                TransactionType.BROADCAST, Direction.OUT, state, refund.accountId(), refund.address(), null,
                refund.amount(), null, 0, false, sequence, balance, reason)
                .withAvailable(balance.subtract(head.held()));
        outbox.append(List.of(LedgerEvents.message(asset.code(), update, clock.instant())));
    }

    private static String stateLiteral(String state) {
        if (!state.matches("[a-z]+")) {
            throw new IllegalArgumentException("not a broadcast state: " + state);
        }
        return "'" + state + "'";
    }

    private static String cut(String reason) {
        String text = reason == null ? "" : reason;
        return text.length() <= 512 ? text : text.substring(0, 509) + "...";
    }

    private record AccountHead(BigInteger balance, BigInteger held, long eventSequence, byte[] chainHead) {
    }
}
