package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.request.ApprovalRequest;
import io.cryptoassets.contracts.request.ApproveWithdrawal;
import io.cryptoassets.contracts.request.RejectWithdrawal;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.ledger.Decision.Accepted;
import io.cryptoassets.worker.ledger.Decision.Rejected;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import java.util.Map;

/**
 * Approvers' words on withdrawals held in {@code awaiting_approval}, decided in the batch like
 * every request. An approval is recorded; the one that makes {@code approvalsRequired} distinct
 * approvers moves the withdrawal on to {@code pending}, where the broadcaster takes it. A rejection
 * ends it {@code failed} and refunds it, whatever others said.
 *
 * <p>The withdrawal, its deadline and its approvals so far are read in the batch's serializable
 * transaction. The expiry round ({@link ApprovalExpiry}) changes the same withdrawal row, and a
 * concurrent approval by another worker inserts into the same range of approvals: either way one of
 * the two transactions is retried and then sees the other's result, so a withdrawal is never both
 * approved and expired, nor counted twice.
 */
final class WithdrawalApprovals {

    private final String asset;
    private final Map<String, Account> accounts;
    private final LedgerChanges changes;
    private final BatchWithdrawals withdrawals;

    WithdrawalApprovals(String asset, Map<String, Account> accounts, LedgerChanges changes,
                        BatchWithdrawals withdrawals) {
        this.asset = asset;
        this.accounts = accounts;
        this.changes = changes;
        this.withdrawals = withdrawals;
    }

    Decision approve(ApproveWithdrawal request) {
        Target target = target(request, false);
        if (target.refused() != null) {
            return target.refused();
        }
        Account account = target.account();
        Withdrawal withdrawal = target.withdrawal();
        record(withdrawal, request, "approve", null);
        if (withdrawal.approvers().size() >= withdrawal.hold.approvalsRequired()) {
            withdrawals.moveTo(withdrawal, TxState.PENDING);
            changes.events.add(new PendingTxUpdate(withdrawal.ref, TransactionType.BROADCAST, Direction.OUT,
                    TxState.PENDING, account.accountId, withdrawal.address, null, withdrawal.amount, null, 0, true,
                    account.nextEvent(), account.balance, "approved by " + String.join(", ", withdrawal.approvers()))
                    .withAvailable(account.available()));
        }
        return new Accepted(account.accountId, withdrawal.ref, null);
    }

    Decision reject(RejectWithdrawal request) {
        Target target = target(request, true);
        if (target.refused() != null) {
            return target.refused();
        }
        Account account = target.account();
        Withdrawal withdrawal = target.withdrawal();
        Rejected overflow = AssetLedger.overflow(account, withdrawal.amount);
        if (overflow != null) {
            return overflow;
        }
        record(withdrawal, request, "reject", request.comment());
        String comment = request.comment() == null || request.comment().isBlank() ? "" : ": " + request.comment();
        // At most 128 + 255 characters from the schemas: well within what a TxUpdate detail carries.
        withdrawals.refund(withdrawal, account, TxState.FAILED, "rejected by " + request.approverId() + comment);
        return new Accepted(account.accountId, withdrawal.ref, null, account.standing());
    }

    /** The account and withdrawal a request names, and why it may not decide on them (null when it may). */
    private record Target(Account account, Withdrawal withdrawal, Rejected refused) {
    }

    private Target target(ApprovalRequest request, boolean requesterMay) {
        Account account = accounts.get(request.accountId());
        Withdrawal withdrawal = account == null ? null : withdrawals.find(NamedWithdrawal.of(request).orElseThrow());
        return new Target(account, withdrawal, refusal(request, account, withdrawal, requesterMay));
    }

    /**
     * The first reason, in {@link ReasonCode}'s order, not to take this approver's word; null when
     * there is none.
     *
     * @param requesterMay whether the principal that requested the withdrawal may decide (it may
     *                     reject its own withdrawal, never approve it)
     */
    private Rejected refusal(ApprovalRequest request, Account account, Withdrawal withdrawal, boolean requesterMay) {
        NamedWithdrawal name = NamedWithdrawal.of(request).orElseThrow();
        if (account == null) {
            return new Rejected(request.accountId(), ReasonCode.UNKNOWN_ACCOUNT,
                    "account " + request.accountId() + " does not exist for " + asset);
        }
        if (withdrawal == null || !withdrawal.accountId.equals(account.accountId)) {
            return new Rejected(account.accountId, ReasonCode.UNKNOWN_WITHDRAWAL,
                    "account " + account.accountId + " has no " + asset + " withdrawal " + name.describe());
        }
        if (!withdrawal.awaitingApproval()) {
            return new Rejected(account.accountId, ReasonCode.NOT_AWAITING_APPROVAL,
                    "withdrawal " + name.describe() + " is " + withdrawal.state + ", not awaiting approval");
        }
        if (withdrawal.hold.pastDeadline()) {
            return new Rejected(account.accountId, ReasonCode.APPROVAL_EXPIRED, "withdrawal " + name.describe()
                    + " had to be approved by " + withdrawal.hold.deadline() + "; it is failed and refunded");
        }
        if (!requesterMay && request.approverId().equals(withdrawal.hold.requestedBy())) {
            return new Rejected(account.accountId, ReasonCode.APPROVER_NOT_ALLOWED,
                    request.approverId() + " requested withdrawal " + name.describe() + " and may not approve it");
        }
        if (withdrawal.decided(request.approverId())) {
            return new Rejected(account.accountId, ReasonCode.APPROVER_ALREADY_DECIDED,
                    request.approverId() + " already decided on withdrawal " + name.describe());
        }
        return null;
    }

    private void record(Withdrawal withdrawal, ApprovalRequest request, String decision, String comment) {
        withdrawal.decide(request.approverId(), decision);
        changes.approvals.add(new LedgerChanges.ApprovalRecord(withdrawal.ref, request.approverId(), decision,
                request.requestId(), comment));
    }
}
