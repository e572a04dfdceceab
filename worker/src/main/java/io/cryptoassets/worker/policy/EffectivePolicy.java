package io.cryptoassets.worker.policy;

import io.cryptoassets.worker.asset.WithdrawalPolicyProperties;
import java.math.BigInteger;
import java.util.List;

/**
 * The policy one account's withdrawals are held to: each of the account's own values, or else
 * the asset's default. Null is no limit; a null {@code allowedDestinations} allows any address.
 */
record EffectivePolicy(BigInteger maxPerWithdrawal, BigInteger windowAmount, Integer windowCount,
                       BigInteger approvalThreshold, List<String> allowedDestinations) {

    static EffectivePolicy of(WithdrawalPolicyProperties asset, AccountPolicy own) {
        return new EffectivePolicy(
                either(own.maxPerWithdrawal(), asset.maxPerWithdrawal()),
                either(own.windowAmount(), asset.accountWindowAmount()),
                either(own.windowCount(), asset.accountWindowCount()),
                either(own.approvalThreshold(), asset.approvalThreshold()),
                own.allowedDestinations());
    }

    /** Whether the account's rolling window must be read to check its withdrawals. */
    boolean hasWindow() {
        return windowAmount != null || windowCount != null;
    }

    boolean isEmpty() {
        return maxPerWithdrawal == null && !hasWindow() && approvalThreshold == null && allowedDestinations == null;
    }

    private static <T> T either(T own, T asset) {
        return own != null ? own : asset;
    }
}
