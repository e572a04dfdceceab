package io.cryptoassets.worker.ledger;

import java.math.BigInteger;

/**
 * A withdrawal as a batch's cancels see it: loaded with its broadcast's state when a cancel names
 * it, or made by a {@code WithdrawalRequested} earlier in the same batch. Only {@link #state}
 * changes, so a second cancel in the batch sees the first.
 */
final class Withdrawal {

    /** What became of a withdrawal: a network send, or a payment to an address of this ledger. */
    enum Kind { BROADCAST, INTERNAL }

    final TransactionRef ref;
    final Kind kind;
    final String accountId;
    final String address;
    final BigInteger amount;
    /** The transaction's state: pending, broadcasted, failed, cancelled (internal for a transfer). */
    String state;
    /** The state of the broadcast it is in, e.g. grouped or signing; null while it is in none. */
    final String broadcastState;

    Withdrawal(TransactionRef ref, Kind kind, String accountId, String address, BigInteger amount, String state,
               String broadcastState) {
        this.ref = ref;
        this.kind = kind;
        this.accountId = accountId;
        this.address = address;
        this.amount = amount;
        this.state = state;
        this.broadcastState = broadcastState;
    }

    /** Not handed to the node: waiting to be grouped, or in a broadcast nothing was asked of yet. */
    boolean cancellable() {
        return kind == Kind.BROADCAST && "pending".equals(state)
                && (broadcastState == null || "grouped".equals(broadcastState));
    }
}
