package io.cryptoassets.worker.asset;

import java.math.BigInteger;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * An asset's withdrawal policy ({@code cryptoassets.assets.<code>.policy.*}): the defaults every
 * account of the asset gets, and the asset-wide limits on what leaves its hot wallet. An operator
 * may set an account's own values ({@code policies set}), which replace these for that account;
 * the asset-wide limits hold whatever the accounts' policies say. A value left out is no limit.
 *
 * @param maxPerWithdrawal    largest amount one withdrawal may pay
 * @param window              length of the rolling window the window limits count over
 * @param accountWindowAmount amount one account may send off the wallet within the window
 * @param accountWindowCount  number of withdrawals one account may send off the wallet within the window
 * @param assetWindowAmount   amount all accounts together may send off the wallet within the window
 * @param assetWindowCount    number of withdrawals all accounts together may send within the window
 * @param approvalThreshold   a withdrawal of at least this amount leaving the wallet is held until
 *                            {@code approvalsRequired} distinct approvers approve it
 * @param approvalsRequired   how many distinct approvers must approve a held withdrawal
 * @param approvalDeadline    how long approvers have; a withdrawal not approved by then is failed and refunded
 */
public record WithdrawalPolicyProperties(
        BigInteger maxPerWithdrawal,
        @DefaultValue("24h") Duration window,
        BigInteger accountWindowAmount,
        Integer accountWindowCount,
        BigInteger assetWindowAmount,
        Integer assetWindowCount,
        BigInteger approvalThreshold,
        @DefaultValue("2") int approvalsRequired,
        @DefaultValue("24h") Duration approvalDeadline) {

    public WithdrawalPolicyProperties {
        if (window == null) {
            window = Duration.ofHours(24);
        }
        if (approvalDeadline == null) {
            approvalDeadline = Duration.ofHours(24);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("policy.window must be positive");
        }
        if (approvalDeadline.isNegative() || approvalDeadline.isZero()) {
            throw new IllegalArgumentException("policy.approval-deadline must be positive");
        }
        if (approvalsRequired < 1) {
            throw new IllegalArgumentException("policy.approvals-required must be at least 1");
        }
        positive("max-per-withdrawal", maxPerWithdrawal);
        positive("account-window-amount", accountWindowAmount);
        positive("asset-window-amount", assetWindowAmount);
        positive("approval-threshold", approvalThreshold);
        notNegative("account-window-count", accountWindowCount);
        notNegative("asset-window-count", assetWindowCount);
    }

    /** No limit, no approvals. */
    public static WithdrawalPolicyProperties none() {
        return new WithdrawalPolicyProperties(null, null, null, null, null, null, null, 2, null);
    }

    /** Whether any rolling-window limit is set for the asset's accounts by default or for the asset. */
    public boolean hasAssetWindow() {
        return assetWindowAmount != null || assetWindowCount != null;
    }

    private static void positive(String name, BigInteger value) {
        if (value != null && value.signum() < 1) {
            throw new IllegalArgumentException("policy." + name + " must be at least 1");
        }
    }

    private static void notNegative(String name, Integer value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException("policy." + name + " must not be negative");
        }
    }
}
