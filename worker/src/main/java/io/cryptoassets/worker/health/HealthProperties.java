package io.cryptoassets.worker.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Thresholds of the health indicators ({@code cryptoassets.health.*}).
 *
 * @param pollStaleAfter   the request consumer is not ready when it has not polled for this long
 *                         (default 2m). A poll waits at most a batch: its node lookups (within
 *                         {@code node-lookup-deadline}) and its transaction; Kafka itself drops
 *                         a consumer from its group after {@code max.poll.interval.ms} (5m)
 * @param stalledAfter     a partition of this worker with requests waiting whose committed
 *                         offset has not moved for this long is stalled (default 2m): its
 *                         batch keeps failing, or hangs
 * @param progressInterval how often the committed and end offsets of this worker's partitions
 *                         are sampled for that (default 15s)
 * @param outboxAgeLimit   the outbox is behind when its oldest row is older than this
 *                         (default 1m; the relay normally publishes within milliseconds)
 */
@ConfigurationProperties("cryptoassets.health")
record HealthProperties(
        @DefaultValue("2m") Duration pollStaleAfter,
        @DefaultValue("2m") Duration stalledAfter,
        @DefaultValue("15s") Duration progressInterval,
        @DefaultValue("1m") Duration outboxAgeLimit) {

    HealthProperties {
        requirePositive("poll-stale-after", pollStaleAfter);
        requirePositive("stalled-after", stalledAfter);
        requirePositive("progress-interval", progressInterval);
        requirePositive("outbox-age-limit", outboxAgeLimit);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("cryptoassets.health." + name + " must be positive");
        }
    }
}
