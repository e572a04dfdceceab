package io.cryptoassets.worker.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * {@code requestConsumer} (readiness): the request listener runs, each of its consumers has
 * joined the group (a rebalance completed) and has polled within {@code poll-stale-after}. What
 * the consumers say of themselves is read from the Kafka client's own metrics.
 *
 * <p>Having partitions is not required: with more consumers than partitions some get none, and a
 * rolling update that waited for the new worker to get one could wait for ever. The assigned
 * partitions are shown instead.
 */
@Component("requestConsumerHealthIndicator")
class RequestConsumerHealth implements HealthIndicator {

    /** The id of the request listener's container (see the request package's listener). */
    static final String LISTENER_ID = "cryptoassets-requests";

    private final KafkaListenerEndpointRegistry listeners;
    private final HealthProperties properties;

    RequestConsumerHealth(KafkaListenerEndpointRegistry listeners, HealthProperties properties) {
        this.listeners = listeners;
        this.properties = properties;
    }

    @Override
    public Health health() {
        MessageListenerContainer container = listeners.getListenerContainer(LISTENER_ID);
        if (container == null || !container.isRunning()) {
            return Health.down().withDetail("reason", "the request listener is not running").build();
        }
        Map<String, Map<MetricName, ? extends Metric>> clients = container.metrics();
        if (clients.isEmpty()) {
            return Health.down().withDetail("reason", "the request consumers are starting").build();
        }
        boolean ready = true;
        Map<String, Object> consumers = new LinkedHashMap<>();
        for (Map.Entry<String, Map<MetricName, ? extends Metric>> client : clients.entrySet()) {
            double lastPoll = metric(client.getValue(), "last-poll-seconds-ago").orElse(Double.MAX_VALUE);
            double lastRebalance = metric(client.getValue(), "last-rebalance-seconds-ago").orElse(-1.0);
            boolean joined = lastRebalance >= 0;
            boolean polling = lastPoll <= properties.pollStaleAfter().toSeconds();
            ready &= joined && polling;
            Map<String, Object> consumer = new LinkedHashMap<>();
            consumer.put("joined", joined);
            consumer.put("lastPollSecondsAgo", lastPoll == Double.MAX_VALUE ? "never" : (Object) (long) lastPoll);
            consumers.put(client.getKey(), consumer);
        }
        return (ready ? Health.up() : Health.down())
                .withDetail("consumers", consumers)
                .withDetail("assignedPartitions", container.getAssignedPartitions().stream()
                        .map(Object::toString).sorted().toList())
                .withDetail("pollStaleAfterSeconds", properties.pollStaleAfter().toSeconds())
                .build();
    }

    /** A metric of the Kafka client by name, whatever its group: the names are unique enough. */
    private static Optional<Double> metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .map(e -> e.getValue().metricValue())
                .filter(Number.class::isInstance)
                .map(v -> ((Number) v).doubleValue())
                .findFirst();
    }
}
