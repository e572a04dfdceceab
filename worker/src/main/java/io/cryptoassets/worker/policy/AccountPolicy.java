package io.cryptoassets.worker.policy;

import java.math.BigInteger;
import java.util.List;

/**
 * An account's own withdrawal policy, as an operator set it (table {@code account_policy}). A null
 * value is no value of the account's own: the asset's configured default applies. A null
 * {@code allowedDestinations} allows any destination.
 */
public record AccountPolicy(BigInteger maxPerWithdrawal, BigInteger windowAmount, Integer windowCount,
                            BigInteger approvalThreshold, List<String> allowedDestinations) {

    /** No value of the account's own: every value is the asset's. */
    public static final AccountPolicy NONE = new AccountPolicy(null, null, null, null, null);

    public AccountPolicy {
        allowedDestinations = allowedDestinations == null ? null : List.copyOf(allowedDestinations);
    }

    public AccountPolicy withMaxPerWithdrawal(BigInteger value) {
        return new AccountPolicy(value, windowAmount, windowCount, approvalThreshold, allowedDestinations);
    }

    public AccountPolicy withWindowAmount(BigInteger value) {
        return new AccountPolicy(maxPerWithdrawal, value, windowCount, approvalThreshold, allowedDestinations);
    }

    public AccountPolicy withWindowCount(Integer value) {
        return new AccountPolicy(maxPerWithdrawal, windowAmount, value, approvalThreshold, allowedDestinations);
    }

    public AccountPolicy withApprovalThreshold(BigInteger value) {
        return new AccountPolicy(maxPerWithdrawal, windowAmount, windowCount, value, allowedDestinations);
    }

    public AccountPolicy withAllowedDestinations(List<String> value) {
        return new AccountPolicy(maxPerWithdrawal, windowAmount, windowCount, approvalThreshold, value);
    }
}
