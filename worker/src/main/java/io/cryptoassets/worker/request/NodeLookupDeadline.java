package io.cryptoassets.worker.request;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.NodeProperties;
import io.cryptoassets.worker.chain.bitcoind.BitcoindProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How long one poll's node lookups may take. The listener thread waits for them before it can
 * apply the batch and poll again; if the whole poll took longer than the consumer's
 * {@code max.poll.interval.ms}, the consumer would be evicted and the batch delivered again, and
 * again. So the deadline is checked against that interval at start-up.
 */
final class NodeLookupDeadline {

    /** Kafka's default {@code max.poll.interval.ms}. */
    static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);

    private NodeLookupDeadline() {
    }

    /**
     * The configured deadline, or twice the longest node read-timeout (room for the connection to
     * open and for lookups queued behind a busy pool) capped at a third of the poll interval.
     *
     * @throws IllegalStateException a configured deadline above half the poll interval
     */
    static Duration of(Duration configured, List<AssetProperties> assets, Duration maxPollInterval) {
        Duration half = maxPollInterval.dividedBy(2);
        if (configured != null) {
            if (configured.compareTo(half) > 0) {
                throw new IllegalStateException("cryptoassets.requests.node-lookup-deadline (" + configured
                        + ") must be at most half the request consumer's max.poll.interval.ms (" + maxPollInterval
                        + "): the rest of the poll applies the batch; a longer poll gets the consumer evicted and "
                        + "its batch delivered again");
            }
            return configured;
        }
        Duration readTimeout = assets.stream()
                .map(AssetProperties::node)
                .filter(node -> node.type() == NodeProperties.Type.BITCOIND)
                .map(node -> node.bitcoind().readTimeout())
                .max(Duration::compareTo)
                .orElse(BitcoindProperties.DEFAULT_READ_TIMEOUT);
        Duration twice = readTimeout.multipliedBy(2);
        Duration cap = maxPollInterval.dividedBy(3);
        return twice.compareTo(cap) < 0 ? twice : cap;
    }

    /** {@code max.poll.interval.ms} from the consumer's configuration, or Kafka's default. */
    static Duration maxPollInterval(Map<String, Object> consumerConfig) {
        Object value = consumerConfig.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        if (value == null) {
            return DEFAULT_MAX_POLL_INTERVAL;
        }
        if (value instanceof Duration duration) {
            return duration;
        }
        return Duration.ofMillis(Long.parseLong(value.toString().trim()));
    }
}
