package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.ledger.Decision.Accepted;
import io.cryptoassets.worker.ledger.Decision.Rejected;
import java.util.Map;

/**
 * Cancels withdrawals inside a batch, against the same in-memory accounts as every other request:
 * the withdrawal ends {@code cancelled}, the account is credited its amount with an entry naming
 * the withdrawal, and the account hears of it in a {@code cancelled} TxUpdate.
 *
 * <p>A withdrawal is found among those the batch loaded (with the state of their broadcast, read in
 * the batch's serializable transaction, so a broadcaster claiming that broadcast concurrently
 * conflicts with the batch and only one of them commits), or among those made earlier in the batch
 * (see {@link BatchWithdrawals}). One held for approval may be cancelled too.
 */
final class WithdrawalCancels {

    private final String asset;
    private final Map<String, Account> accounts;
    private final BatchWithdrawals withdrawals;

    WithdrawalCancels(String asset, Map<String, Account> accounts, BatchWithdrawals withdrawals) {
        this.asset = asset;
        this.accounts = accounts;
        this.withdrawals = withdrawals;
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
        NamedWithdrawal name = NamedWithdrawal.of(request).orElseThrow();
        Withdrawal withdrawal = withdrawals.find(name);
        if (withdrawal == null || !withdrawal.accountId.equals(account.accountId)) {
            return new Rejected(account.accountId, ReasonCode.UNKNOWN_WITHDRAWAL,
                    "account " + account.accountId + " has no " + asset + " withdrawal " + name.describe());
        }
        if (withdrawal.kind == Withdrawal.Kind.INTERNAL) {
            return new Rejected(account.accountId, ReasonCode.WITHDRAWAL_ENDED,
                    "withdrawal " + name.describe() + " paid an address of this ledger and was settled at once");
        }
        if ("failed".equals(withdrawal.state) || "cancelled".equals(withdrawal.state)) {
            return new Rejected(account.accountId, ReasonCode.WITHDRAWAL_ENDED,
                    "withdrawal " + name.describe() + " already ended " + withdrawal.state);
        }
        if (!withdrawal.cancellable()) {
            return new Rejected(account.accountId, ReasonCode.ALREADY_BROADCAST, "withdrawal " + name.describe()
                    + (withdrawal.broadcastState == null ? " is " + withdrawal.state
                    : " is in a broadcast already handed to the node (" + withdrawal.broadcastState + ")"));
        }
        Rejected overflow = AssetLedger.overflow(account, withdrawal.amount);
        if (overflow != null) {
            return overflow;
        }
        withdrawals.refund(withdrawal, account, TxState.CANCELLED, "cancelled by request " + request.requestId());
        return new Accepted(account.accountId, withdrawal.ref, null, account.standing());
    }
}
