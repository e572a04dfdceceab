package io.cryptoassets.worker.ledger;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A withdrawal as a batch's cancels and approvals see it: loaded with its broadcast's state and
 * its approvals when a request names it, or made by a {@code WithdrawalRequested} earlier in the
 * same batch. Only {@link #state} and the decisions change, so a later request in the batch sees
 * the earlier ones.
 */
final class Withdrawal {

    /** What became of a withdrawal: a network send, or a payment to an address of this ledger. */
    enum Kind { BROADCAST, INTERNAL }

    /**
     * What holding a withdrawal for approval asked, as it was written when it was accepted.
     *
     * @param deadline     when approvers' time runs out; null for one made in this batch (not yet written)
     * @param pastDeadline whether the batch's transaction started after the deadline
     * @param requestedBy  the principal that asked for the withdrawal, who may not approve it; may be null
     */
    record Hold(int approvalsRequired, Instant deadline, boolean pastDeadline, String requestedBy) {
    }

    final TransactionRef ref;
    final Kind kind;
    final String accountId;
    final String address;
    final BigInteger amount;
    /** The transaction's state: awaiting_approval, pending, broadcasted, failed, cancelled (internal for a transfer). */
    String state;
    /** The state of the broadcast it is in, e.g. grouped or signing; null while it is in none. */
    final String broadcastState;
    /** For one that was held for approval; null otherwise. */
    final Hold hold;
    /** Every approver's word so far, approver to {@code approve} or {@code reject}, in the order given. */
    private final Map<String, String> decisions = new LinkedHashMap<>();

    Withdrawal(TransactionRef ref, Kind kind, String accountId, String address, BigInteger amount, String state,
               String broadcastState) {
        this(ref, kind, accountId, address, amount, state, broadcastState, null);
    }

    Withdrawal(TransactionRef ref, Kind kind, String accountId, String address, BigInteger amount, String state,
               String broadcastState, Hold hold) {
        this.ref = ref;
        this.kind = kind;
        this.accountId = accountId;
        this.address = address;
        this.amount = amount;
        this.state = state;
        this.broadcastState = broadcastState;
        this.hold = hold;
    }

    /**
     * Not handed to the node: held for approval, waiting to be grouped, or in a broadcast nothing
     * was asked of yet.
     */
    boolean cancellable() {
        return kind == Kind.BROADCAST && (awaitingApproval() || "pending".equals(state)
                && (broadcastState == null || "grouped".equals(broadcastState)));
    }

    boolean awaitingApproval() {
        return "awaiting_approval".equals(state);
    }

    boolean decided(String approverId) {
        return decisions.containsKey(approverId);
    }

    void decide(String approverId, String decision) {
        decisions.put(approverId, decision);
    }

    /** The approvers who approved, in the order they did. */
    List<String> approvers() {
        List<String> approvers = new ArrayList<>();
        decisions.forEach((approver, decision) -> {
            if ("approve".equals(decision)) {
                approvers.add(approver);
            }
        });
        return approvers;
    }
}
