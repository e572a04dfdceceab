package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The holds a batch's hold requests name, loaded by (account, hold id) in the batch's serializable
 * transaction, and those placed earlier in the batch. Whoever settles a loaded hold concurrently (an
 * expiry round, another worker's batch) changes the row this batch read, so only one of the two
 * commits; the other is retried and sees the hold settled.
 */
final class BatchHolds {

    private final Map<Hold.Key, Hold> holds;
    private final LedgerChanges changes;

    BatchHolds(Map<Hold.Key, Hold> loaded, LedgerChanges changes) {
        this.holds = new HashMap<>(loaded);
        this.changes = changes;
    }

    /** The account's hold by that id, in whatever state; null if it has none. */
    Hold find(String accountId, String holdId) {
        return holds.get(new Hold.Key(accountId, holdId));
    }

    /** Places a hold: its amount leaves the account's available balance, and the account hears of it. */
    Hold place(Account account, String holdId, BigInteger amount, Instant expiresAt, UUID requestId, String label) {
        Hold hold = new Hold(TransactionRef.unassigned(), account.accountId, holdId, amount, expiresAt, requestId,
                label, true, TxState.HELD);
        holds.put(hold.key(), hold);
        changes.newHolds.add(hold);
        account.hold(amount);
        changes.events.add(update(hold, account, null));
        return hold;
    }

    /**
     * Ends an open hold {@code released} or {@code expired}: its amount is available again.
     *
     * @param detail why, for the account's update; null for none
     */
    void release(Hold hold, Account account, TxState state, String detail) {
        account.hold(hold.amount.negate());
        settle(hold, account, state, detail);
    }

    /**
     * Ends an open hold {@code captured}, whose amount the caller already gave back to the
     * account's available balance to pay {@code captured} from it by {@code payment}.
     */
    void captured(Hold hold, Account account, BigInteger captured, TransactionRef payment, String detail) {
        hold.capturedAmount = captured;
        hold.settledBy = payment;
        settle(hold, account, TxState.CAPTURED, detail);
    }

    private void settle(Hold hold, Account account, TxState state, String detail) {
        if (!hold.open()) {
            throw new IllegalStateException("hold " + hold.holdId + " of " + hold.accountId + " is already "
                    + hold.state);
        }
        hold.state = state;
        if (!hold.created) {
            changes.settledHolds.add(hold);
        }
        changes.events.add(update(hold, account, detail));
    }

    private static PendingTxUpdate update(Hold hold, Account account, String detail) {
        return new PendingTxUpdate(hold.ref, TransactionType.HOLD, Direction.OUT, hold.state, account.accountId, null,
                null, hold.amount, null, 0, false, account.nextEvent(), account.balance, detail)
                .withAvailable(account.available()).withHoldId(hold.holdId);
    }
}
