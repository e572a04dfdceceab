package io.cryptoassets.worker.withdrawal;

import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.ledger.WithdrawalRefunds;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an operator does about withdrawals: list them, and cancel one that has not been handed to
 * the node, which gives its amount back to the account exactly as a client's
 * {@code CancelWithdrawal} does.
 */
@Component
public class WithdrawalAdministration {

    /** The states a withdrawal to the network can be in. */
    public static final Set<String> STATES =
            Set.of("awaiting_approval", "pending", "broadcasted", "failed", "cancelled");

    /** The only broadcast state whose withdrawals may still leave it: nothing was asked of the node. */
    private static final List<String> CANCELLABLE_IN = List.of("grouped");

    private static final String LIST = """
            SELECT t.id, t.account_id, t.address, t.amount, t.state, t.network_transaction_id,
                   n.state AS broadcast_state, n.last_error,
                   extract(epoch FROM now() - t.created_at) AS age_seconds,
                   t.approvals_required, t.approval_deadline,
                   (SELECT array_agg(a.approver_id ORDER BY a.created_at, a.approver_id)
                    FROM %1$s.withdrawal_approval AS a
                    WHERE a.transaction_id = t.id AND a.decision = 'approve') AS approvers
            FROM %1$s.transaction AS t
            LEFT JOIN %1$s.network_transaction AS n ON n.id = t.network_transaction_id
            WHERE t.type = 'broadcast' AND (CAST(:state AS text) IS NULL OR t.state = CAST(:state AS text))
            ORDER BY t.id DESC
            LIMIT :limit
            """;

    /** Read after a cancel was refused, in its transaction, to say why. */
    private static final String WHY_NOT = """
            SELECT t.type, t.state, t.network_transaction_id, n.state AS broadcast_state, coalesce(t.txid, n.txid) AS txid
            FROM %1$s.transaction AS t
            LEFT JOIN %1$s.network_transaction AS n ON n.id = t.network_transaction_id
            WHERE t.id = :id
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final WithdrawalRefunds refunds;

    WithdrawalAdministration(JdbcClient jdbc, SerializableTransactions transactions, WithdrawalRefunds refunds) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.refunds = refunds;
    }

    /**
     * The newest {@code limit} withdrawals to the network, optionally only those in {@code state}.
     *
     * @throws IllegalArgumentException for a state not in {@link #STATES}
     */
    public List<WithdrawalView> list(AssetProperties asset, String state, int limit) {
        if (state != null && !STATES.contains(state)) {
            throw new IllegalArgumentException("not a withdrawal state: " + state);
        }
        return jdbc.sql(LIST.formatted(asset.schemaName().value()))
                .param("state", state).param("limit", limit)
                .query((rs, row) -> new WithdrawalView(rs.getLong("id"), rs.getString("account_id"),
                        rs.getString("address"), rs.getBigDecimal("amount").toBigIntegerExact(), rs.getString("state"),
                        rs.getObject("network_transaction_id", Long.class), rs.getString("broadcast_state"),
                        Duration.ofMillis(rs.getBigDecimal("age_seconds").movePointRight(3).longValue()),
                        rs.getString("last_error"), rs.getObject("approvals_required", Integer.class),
                        approvers(rs.getArray("approvers")), deadline(rs.getObject("approval_deadline", OffsetDateTime.class))))
                .list();
    }

    private static List<String> approvers(Array approvers) throws SQLException {
        return approvers == null ? List.of() : List.of((String[]) approvers.getArray());
    }

    private static Instant deadline(OffsetDateTime deadline) {
        return deadline == null ? null : deadline.toInstant();
    }

    /**
     * Cancels withdrawal {@code id} (held for approval, or pending) and refunds it, in one
     * serializable transaction, unless it was sent, is in a broadcast given to the node, or already ended; the reason text of its
     * {@code TxUpdate} is {@code cancelled by operator} and the operator's {@code reason}, if any.
     */
    public CancelOutcome cancel(AssetProperties asset, long id, String reason) {
        String text = reason == null || reason.isBlank() ? "cancelled by operator" : "cancelled by operator: " + reason;
        return transactions.inTransaction("cancel withdrawal", status -> {
            Optional<WithdrawalRefunds.Refund> refund = refunds.end(asset, id, TxState.CANCELLED, text, CANCELLABLE_IN);
            if (refund.isPresent()) {
                return new CancelOutcome.Cancelled(refund.get());
            }
            return whyNot(asset, id);
        });
    }

    private CancelOutcome.Refused whyNot(AssetProperties asset, long id) {
        List<Map<String, Object>> rows = jdbc.sql(WHY_NOT.formatted(asset.schemaName().value())).param("id", id)
                .query().listOfRows();
        if (rows.isEmpty()) {
            return new CancelOutcome.Refused(CancelOutcome.Reason.UNKNOWN_WITHDRAWAL,
                    asset.code() + " has no withdrawal " + id);
        }
        Map<String, Object> row = rows.get(0);
        String type = (String) row.get("type");
        String state = (String) row.get("state");
        if (type.equals("internal")) {
            return new CancelOutcome.Refused(CancelOutcome.Reason.WITHDRAWAL_ENDED, "transaction " + id
                    + " paid an address of this ledger and was settled at once; nothing is waiting to be sent");
        }
        if (!type.equals("broadcast")) {
            return new CancelOutcome.Refused(CancelOutcome.Reason.UNKNOWN_WITHDRAWAL,
                    "transaction " + id + " is a " + type + ", not a withdrawal");
        }
        if (state.equals("failed") || state.equals("cancelled")) {
            return new CancelOutcome.Refused(CancelOutcome.Reason.WITHDRAWAL_ENDED,
                    "withdrawal " + id + " already ended " + state + "; its amount was refunded then");
        }
        if (state.equals("broadcasted")) {
            return new CancelOutcome.Refused(CancelOutcome.Reason.ALREADY_BROADCAST,
                    "withdrawal " + id + " was already broadcast as " + row.get("txid"));
        }
        return new CancelOutcome.Refused(CancelOutcome.Reason.ALREADY_BROADCAST, "withdrawal " + id + " is in broadcast "
                + row.get("network_transaction_id") + ", which is " + row.get("broadcast_state")
                + ": it was handed to the node and may reach the network");
    }
}
