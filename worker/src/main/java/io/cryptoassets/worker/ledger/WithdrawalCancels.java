package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.ledger.Decision.Accepted;
import io.cryptoassets.worker.ledger.Decision.Rejected;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Cancels withdrawals inside a batch, against the same in-memory accounts as every other request:
 * the withdrawal ends {@code cancelled}, the account is credited its amount with an entry naming
 * the withdrawal, and the account hears of it in a {@code cancelled} TxUpdate.
 *
 * <p>A withdrawal is found among those the batch loaded for its cancels (with the state of their
 * broadcast, read in the batch's serializable transaction, so a broadcaster claiming that broadcast
 * concurrently conflicts with the batch and only one of them commits), or among those made earlier
 * in the batch, so a withdrawal and its cancel in one batch behave as if applied one by one.
 */
final class WithdrawalCancels {

    private final String asset;
    private final Map<String, Account> accounts;
    private final LedgerChanges changes;
    private final Map<Long, Withdrawal> loaded;
    private final Map<UUID, Withdrawal> madeInBatch = new HashMap<>();

    WithdrawalCancels(String asset, Map<String, Account> accounts, LedgerChanges changes, Map<Long, Withdrawal> loaded) {
        this.asset = asset;
        this.accounts = accounts;
        this.changes = changes;
        this.loaded = new HashMap<>(loaded);
    }

    /** Remembers a withdrawal accepted earlier in this batch, for a cancel naming its request later on. */
    void made(UUID requestId, Withdrawal withdrawal) {
        madeInBatch.put(requestId, withdrawal);
    }

    /**
     * Decides a cancel. A {@code CancelWithdrawal} naming its withdrawal by request id reaches the
     * ledger with the transaction id that request's stored result names, if any, as well.
     */
    Decision cancel(CancelWithdrawal request) {
        Account account = accounts.get(request.accountId());
        if (account == null) {
            return new Rejected(request.accountId(), ReasonCode.UNKNOWN_ACCOUNT,
                    "account " + request.accountId() + " does not exist for " + asset);
        }
        Withdrawal withdrawal = find(request);
        if (withdrawal == null || !withdrawal.accountId.equals(account.accountId)) {
            return new Rejected(account.accountId, ReasonCode.UNKNOWN_WITHDRAWAL,
                    "account " + account.accountId + " has no " + asset + " withdrawal " + named(request));
        }
        if (withdrawal.kind == Withdrawal.Kind.INTERNAL) {
            return new Rejected(account.accountId, ReasonCode.WITHDRAWAL_ENDED,
                    "withdrawal " + named(request) + " paid an address of this ledger and was settled at once");
        }
        if ("failed".equals(withdrawal.state) || "cancelled".equals(withdrawal.state)) {
            return new Rejected(account.accountId, ReasonCode.WITHDRAWAL_ENDED,
                    "withdrawal " + named(request) + " already ended " + withdrawal.state);
        }
        if (!withdrawal.cancellable()) {
            return new Rejected(account.accountId, ReasonCode.ALREADY_BROADCAST, "withdrawal " + named(request)
                    + (withdrawal.broadcastState == null ? " is " + withdrawal.state
                    : " is in a broadcast already handed to the node (" + withdrawal.broadcastState + ")"));
        }
        Rejected overflow = AssetLedger.overflow(account, withdrawal.amount);
        if (overflow != null) {
            return overflow;
        }
        withdrawal.state = "cancelled";
        changes.cancelledWithdrawals.add(withdrawal.ref);
        BigInteger after = account.apply(withdrawal.amount);
        changes.entries.add(new LedgerEntry(account.accountId, withdrawal.ref, withdrawal.amount, after));
        changes.events.add(new PendingTxUpdate(withdrawal.ref, TransactionType.BROADCAST, Direction.OUT,
                TxState.CANCELLED, account.accountId, withdrawal.address, null, withdrawal.amount, null, 0, false,
                account.nextEvent(), "cancelled by request " + request.requestId()));
        return new Accepted(account.accountId, withdrawal.ref, null);
    }

    private Withdrawal find(CancelWithdrawal request) {
        if (request.withdrawalRequestId() != null) {
            Withdrawal inBatch = madeInBatch.get(request.withdrawalRequestId());
            if (inBatch != null) {
                return inBatch;
            }
        }
        return request.transactionId() == null ? null : loaded.get(request.transactionId());
    }

    private static String named(CancelWithdrawal request) {
        return request.withdrawalRequestId() != null ? "of request " + request.withdrawalRequestId()
                : Long.toString(request.transactionId());
    }
}
