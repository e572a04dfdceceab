package io.cryptoassets.worker.policy;

import java.math.BigInteger;

/** What was sent off the wallet within a rolling window: how many withdrawals, and how much. */
public record WindowUsage(long count, BigInteger amount) {

    public static final WindowUsage NOTHING = new WindowUsage(0, BigInteger.ZERO);

    WindowUsage plus(BigInteger withdrawal) {
        return new WindowUsage(count + 1, amount.add(withdrawal));
    }
}
