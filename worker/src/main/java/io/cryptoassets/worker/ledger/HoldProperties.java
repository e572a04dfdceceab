package io.cryptoassets.worker.ledger;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Holds ({@code cryptoassets.holds.*}).
 *
 * @param expiryInterval how often every worker expires the open holds whose {@code expiresAt} passed
 *                       (default 5s; zero: never, as in admin commands). A hold past its expiry can
 *                       no longer be captured or released whether or not it expired yet: the request
 *                       that finds it so expires it itself
 */
@ConfigurationProperties("cryptoassets.holds")
public record HoldProperties(@DefaultValue("5s") Duration expiryInterval) {

    public HoldProperties {
        if (expiryInterval == null) {
            expiryInterval = Duration.ofSeconds(5);
        }
        if (expiryInterval.isNegative()) {
            throw new IllegalArgumentException("cryptoassets.holds.expiry-interval must not be negative");
        }
    }
}
