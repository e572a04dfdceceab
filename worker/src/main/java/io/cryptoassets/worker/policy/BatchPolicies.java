package io.cryptoassets.worker.policy;

import io.cryptoassets.contracts.result.PolicyLimit;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.worker.asset.WithdrawalPolicyProperties;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The withdrawal policies of one batch: the asset's configuration, the own policies of the
 * batch's withdrawing accounts and the rolling-window usage read with them, which
 * {@link #counted} keeps current as the batch accepts withdrawals, so that the tenth withdrawal of
 * a batch is checked against the nine before it exactly as if each had been its own transaction.
 */
public final class BatchPolicies implements WithdrawalPolicies {

    private final WithdrawalPolicyProperties asset;
    private final Map<String, AccountPolicy> own;
    private final Map<String, EffectivePolicy> effective = new HashMap<>();
    private final Map<String, WindowUsage> accountUsage;
    private WindowUsage assetUsage;

    /**
     * @param accountUsage the window usage of every account whose policy has a window limit
     * @param assetUsage   the asset's window usage, or null when the asset has no window limit
     */
    public BatchPolicies(WithdrawalPolicyProperties asset, Map<String, AccountPolicy> own,
                  Map<String, WindowUsage> accountUsage, WindowUsage assetUsage) {
        this.asset = asset;
        this.own = own;
        this.accountUsage = new HashMap<>(accountUsage);
        this.assetUsage = assetUsage;
        if (asset.hasAssetWindow() && assetUsage == null) {
            throw new IllegalArgumentException("the asset has a window limit but its usage was not read");
        }
    }

    @Override
    public Verdict check(String accountId, String toAddress, BigInteger amount, boolean leavesWallet) {
        EffectivePolicy policy = policyOf(accountId);
        if (policy.allowedDestinations() != null && !policy.allowedDestinations().contains(toAddress)) {
            return new Verdict.Refused(ReasonCode.DESTINATION_NOT_ALLOWED, null, "allowed-destinations: account "
                    + accountId + " may only withdraw to its " + policy.allowedDestinations().size()
                    + " allowed address(es), and " + toAddress + " is not one");
        }
        if (policy.maxPerWithdrawal() != null && amount.compareTo(policy.maxPerWithdrawal()) > 0) {
            return exceeded(PolicyLimit.MAX_PER_WITHDRAWAL, amount + " exceeds " + policy.maxPerWithdrawal());
        }
        if (!leavesWallet) {
            return Verdict.ALLOWED; // settled inside the ledger: no coin leaves, nothing to count or approve
        }
        Verdict windows = checkWindows(accountId, policy, amount);
        if (windows != null) {
            return windows;
        }
        if (policy.approvalThreshold() != null && amount.compareTo(policy.approvalThreshold()) >= 0) {
            return new Verdict.HoldForApproval(asset.approvalsRequired(), asset.approvalDeadline());
        }
        return Verdict.ALLOWED;
    }

    /** The four window limits in {@link PolicyLimit} order; null when none is exceeded. */
    private Verdict checkWindows(String accountId, EffectivePolicy policy, BigInteger amount) {
        String window = readable(asset.window());
        if (policy.hasWindow()) {
            WindowUsage used = usageOf(accountId);
            if (amountExceeds(used, amount, policy.windowAmount())) {
                return exceeded(PolicyLimit.ACCOUNT_WINDOW_AMOUNT, used.amount() + " sent in the last " + window
                        + " plus " + amount + " exceeds " + policy.windowAmount());
            }
            if (countExceeds(used, policy.windowCount())) {
                return exceeded(PolicyLimit.ACCOUNT_WINDOW_COUNT, used.count() + " withdrawals in the last " + window
                        + " plus this one exceed " + policy.windowCount());
            }
        }
        if (amountExceeds(assetUsage, amount, asset.assetWindowAmount())) {
            return exceeded(PolicyLimit.ASSET_WINDOW_AMOUNT, assetUsage.amount() + " sent by all accounts in the last "
                    + window + " plus " + amount + " exceeds " + asset.assetWindowAmount());
        }
        if (countExceeds(assetUsage, asset.assetWindowCount())) {
            return exceeded(PolicyLimit.ASSET_WINDOW_COUNT, assetUsage.count() + " withdrawals of all accounts in the last "
                    + window + " plus this one exceed " + asset.assetWindowCount());
        }
        return null;
    }

    @Override
    public void counted(String accountId, BigInteger amount) {
        accountUsage.computeIfPresent(accountId, (id, used) -> used.plus(amount));
        if (assetUsage != null) {
            assetUsage = assetUsage.plus(amount);
        }
    }

    private EffectivePolicy policyOf(String accountId) {
        return effective.computeIfAbsent(accountId,
                id -> EffectivePolicy.of(asset, own.getOrDefault(id, AccountPolicy.NONE)));
    }

    private WindowUsage usageOf(String accountId) {
        WindowUsage used = accountUsage.get(accountId);
        if (used == null) {
            throw new IllegalStateException("the window usage of account " + accountId + " was not read with the batch");
        }
        return used;
    }

    private static boolean amountExceeds(WindowUsage used, BigInteger amount, BigInteger limit) {
        return limit != null && used.amount().add(amount).compareTo(limit) > 0;
    }

    private static boolean countExceeds(WindowUsage used, Integer limit) {
        return limit != null && used.count() + 1 > limit;
    }

    private static Verdict.Refused exceeded(PolicyLimit limit, String detail) {
        return new Verdict.Refused(ReasonCode.LIMIT_EXCEEDED, limit, name(limit) + ": " + detail);
    }

    /** The limit as its configuration key names it: {@code account-window-amount}. */
    static String name(PolicyLimit limit) {
        return limit.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code 24h}, {@code 1h30m}, {@code 90s}: an ISO-8601 duration without its prefix. */
    static String readable(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
