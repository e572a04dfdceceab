package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The withdrawals a batch's cancels, approvals and rejections can name: those it loaded by
 * transaction id (read in the batch's serializable transaction, so whoever changes one of them
 * concurrently conflicts with the batch and only one of the two commits), and those made earlier
 * in the batch, found by their request id, so a withdrawal and a request about it in one batch
 * behave as if applied one by one.
 */
final class BatchWithdrawals {

    private final Map<Long, Withdrawal> loaded;
    private final Map<UUID, Withdrawal> madeInBatch = new HashMap<>();
    private final LedgerChanges changes;

    BatchWithdrawals(Map<Long, Withdrawal> loaded, LedgerChanges changes) {
        this.loaded = new HashMap<>(loaded);
        this.changes = changes;
    }

    /** Remembers a withdrawal accepted earlier in this batch, for a request naming it later on. */
    void made(UUID requestId, Withdrawal withdrawal) {
        madeInBatch.put(requestId, withdrawal);
    }

    /** The withdrawal {@code name} names, or null; the caller checks that it is the account's. */
    Withdrawal find(NamedWithdrawal name) {
        if (name.withdrawalRequestId() != null) {
            Withdrawal inBatch = madeInBatch.get(name.withdrawalRequestId());
            if (inBatch != null) {
                return inBatch;
            }
        }
        return name.transactionId() == null ? null : loaded.get(name.transactionId());
    }

    /** Moves a withdrawal on to {@code state}, which the batch writes as the withdrawal's last state. */
    void moveTo(Withdrawal withdrawal, TxState state) {
        withdrawal.state = state.name().toLowerCase(Locale.ROOT);
        changes.withdrawalStates.put(withdrawal.ref, withdrawal.state);
    }

    /**
     * Ends a withdrawal that will not be sent ({@code cancelled} or {@code failed}): its amount goes
     * back to the account with an entry naming it, and the account hears why. The caller checked
     * that the credit fits the balance.
     */
    void refund(Withdrawal withdrawal, Account account, TxState state, String detail) {
        moveTo(withdrawal, state);
        BigInteger after = account.apply(withdrawal.amount);
        changes.entries.add(new LedgerEntry(account.accountId, withdrawal.ref, withdrawal.amount, after));
        changes.events.add(new PendingTxUpdate(withdrawal.ref, TransactionType.BROADCAST, Direction.OUT, state,
                account.accountId, withdrawal.address, null, withdrawal.amount, null, 0, false,
                account.nextEvent(), account.balance, detail).withAvailable(account.available()));
    }
}
