package io.cryptoassets.worker.policy;

import io.cryptoassets.worker.asset.WithdrawalPolicyProperties;
import java.math.BigInteger;

/**
 * The asset's approval threshold alone ({@code policy.approval-threshold},
 * {@code approvals-required}, {@code approval-deadline}): a withdrawal leaving the wallet of at
 * least the threshold is held for approval; every other withdrawal is allowed. Limits and
 * allow-lists are not applied here.
 */
public final class ApprovalThresholdOnly implements WithdrawalPolicies {

    private final WithdrawalPolicyProperties policy;

    public ApprovalThresholdOnly(WithdrawalPolicyProperties policy) {
        this.policy = policy;
    }

    @Override
    public Verdict check(String accountId, String toAddress, BigInteger amount, boolean leavesWallet) {
        if (leavesWallet && policy.approvalThreshold() != null && amount.compareTo(policy.approvalThreshold()) >= 0) {
            return new Verdict.HoldForApproval(policy.approvalsRequired(), policy.approvalDeadline());
        }
        return Verdict.ALLOWED;
    }

    @Override
    public void counted(String accountId, BigInteger amount) {
        // No window to count in.
    }
}
