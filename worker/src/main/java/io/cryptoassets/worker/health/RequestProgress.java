package io.cryptoassets.worker.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Whether requests on this worker's partitions move: every {@code progress-interval} the group's
 * committed offset and the end offset of each assigned partition are read from the broker. A
 * partition with requests waiting (committed below the end) whose committed offset has not moved
 * for {@code stalled-after} is stalled: its batch keeps failing and is tried again (a fault that
 * lasts, a request nobody can answer), or hangs. Measured from the outside, it sees both alike.
 *
 * <p>{@code requestProgress} (informative, not in readiness: taking the worker out of readiness
 * would not move its partitions) is down while a partition is stalled; the gauges
 * {@code cryptoassets.requests.stalled.partitions} and {@code cryptoassets.requests.stalled.seconds}
 * (how long the longest-waiting partition with requests has gone without progress) carry the same
 * to Prometheus. A partition never committed to by the group is not judged. Nothing runs while the
 * request listener is stopped, as in admin commands, which need no broker.
 */
@Component("requestProgressHealthIndicator")
class RequestProgress implements HealthIndicator, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RequestProgress.class);
    private static final long ADMIN_TIMEOUT_MS = 10_000;

    /** One partition as last sampled; {@code sinceNanos}: when it was last seen moving or idle. */
    private record Sampled(long committed, long end, long sinceNanos) {

        boolean waiting() {
            return committed < end;
        }

        double stalledSeconds(long now) {
            return waiting() ? (now - sinceNanos) / 1e9 : 0;
        }
    }

    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaAdmin kafkaAdmin;
    private final HealthProperties properties;
    /** Replaced whole by the sampling thread; read by health checks and gauges. */
    private volatile Map<TopicPartition, Sampled> sampled = Map.of();
    private volatile String lastError;
    private ScheduledExecutorService sampler;
    private Admin admin;

    RequestProgress(KafkaListenerEndpointRegistry listeners, KafkaAdmin kafkaAdmin, HealthProperties properties,
                    MeterRegistry registry) {
        this.listeners = listeners;
        this.kafkaAdmin = kafkaAdmin;
        this.properties = properties;
        Gauge.builder("cryptoassets.requests.stalled.partitions", this, p -> p.stalled(System.nanoTime()).size())
                .description("Partitions of this worker with requests waiting and no progress for stalled-after")
                .register(registry);
        Gauge.builder("cryptoassets.requests.stalled.seconds", this, p -> p.longestStall(System.nanoTime()))
                .description("Longest time a partition of this worker with requests waiting went without progress")
                .baseUnit("seconds")
                .register(registry);
    }

    @Override
    public Health health() {
        long now = System.nanoTime();
        List<Map<String, Object>> stalled = new ArrayList<>();
        for (Map.Entry<TopicPartition, Sampled> s : stalled(now)) {
            Map<String, Object> partition = new LinkedHashMap<>();
            partition.put("partition", s.getKey().toString());
            partition.put("committed", s.getValue().committed());
            partition.put("end", s.getValue().end());
            partition.put("stalledSeconds", Math.round(s.getValue().stalledSeconds(now)));
            stalled.add(partition);
        }
        Health.Builder builder = stalled.isEmpty() ? Health.up() : Health.down().withDetail("stalled", stalled);
        builder.withDetail("partitions", sampled.size())
                .withDetail("stalledAfterSeconds", properties.stalledAfter().toSeconds());
        if (lastError != null) {
            builder.withDetail("lastSampleError", lastError);
        }
        return builder.build();
    }

    private List<Map.Entry<TopicPartition, Sampled>> stalled(long now) {
        double limit = properties.stalledAfter().toNanos() / 1e9;
        return sampled.entrySet().stream()
                .filter(e -> e.getValue().stalledSeconds(now) >= limit)
                .sorted(Comparator.comparing(e -> e.getKey().toString()))
                .toList();
    }

    private double longestStall(long now) {
        return sampled.values().stream().mapToDouble(s -> s.stalledSeconds(now)).max().orElse(0);
    }

    /** One sample of the committed and end offsets of this worker's partitions. */
    void sample() {
        MessageListenerContainer container = listeners.getListenerContainer(RequestConsumerHealth.LISTENER_ID);
        Collection<TopicPartition> assigned = container == null || !container.isRunning()
                ? List.of() : container.getAssignedPartitions();
        if (assigned == null || assigned.isEmpty()) {
            sampled = Map.of();
            return;
        }
        try {
            String group = container.getGroupId();
            Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(
                            Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(assigned)))
                    .partitionsToOffsetAndMetadata(group).get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            assigned.forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin().listOffsets(latest).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long now = System.nanoTime();
            Map<TopicPartition, Sampled> before = sampled;
            Map<TopicPartition, Sampled> next = new HashMap<>();
            for (TopicPartition partition : assigned) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset == null || !ends.containsKey(partition)) {
                    continue;
                }
                long end = ends.get(partition).offset();
                Sampled previous = before.get(partition);
                boolean moved = previous == null || previous.committed() != offset.offset() || !previous.waiting();
                next.put(partition, new Sampled(offset.offset(), end, moved ? now : previous.sinceNanos()));
            }
            sampled = Map.copyOf(next);
            lastError = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The broker's own trouble shows in the consumer's health; keep the last sample.
            if (lastError == null) {
                log.warn("could not sample the progress of the request partitions: {}", e.toString());
            }
            lastError = e.toString();
        }
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "cryptoassets-request-progress");
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT_MS);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT_MS / 2);
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void start() {
        sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "request-progress");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.progressInterval().toMillis();
        sampler.scheduleWithFixedDelay(this::sampleSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; this one must keep sampling.
            log.warn("sampling the progress of the request partitions failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (sampler == null) {
            return;
        }
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampler = null;
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sampler != null;
    }
}
