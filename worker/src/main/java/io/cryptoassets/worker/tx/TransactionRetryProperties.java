package io.cryptoassets.worker.tx;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retry policy of {@link SerializableTransactions}.
 *
 * @param maxRetries   attempts after the first before giving up (default 10)
 * @param initialDelay delay before the first retry (default 5ms)
 * @param multiplier   growth of the delay per retry (default 2)
 * @param maxDelay     cap on any single delay (default 1s)
 * @param jitter       random spread applied to each delay, scaled with it, so contenders that
 *                     collided once do not collide again in lock step (default 5ms)
 */
@ConfigurationProperties("cryptoassets.transactions")
public record TransactionRetryProperties(
        @DefaultValue("10") int maxRetries,
        @DefaultValue("5ms") Duration initialDelay,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("1s") Duration maxDelay,
        @DefaultValue("5ms") Duration jitter) {

    public TransactionRetryProperties {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("cryptoassets.transactions.max-retries must be >= 0");
        }
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "cryptoassets.transactions: need 0 < initial-delay <= max-delay");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("cryptoassets.transactions.multiplier must be >= 1");
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("cryptoassets.transactions.jitter must not be negative");
        }
    }
}
