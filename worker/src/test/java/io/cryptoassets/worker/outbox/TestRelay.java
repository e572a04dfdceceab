package io.cryptoassets.worker.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.BitSet;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One relay as a worker runs it, but built by hand so that a test can run several side by side
 * in one JVM: its own database sessions (lock and LISTEN), its own producer, its own meters.
 */
final class TestRelay implements AutoCloseable {

    /** Short intervals, so that balancing and recovery happen within a test's patience. */
    static final RelayProperties PROPERTIES =
            new RelayProperties(true, 50, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30));

    private final String name;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingTemplate template;
    private final RelayMetrics metrics;
    private final SessionHeartbeat heartbeat;
    private final OutboxRelay relay;

    TestRelay(String name, DataSource dataSource, String schema, int shards, String bootstrapServers,
              RelayProperties properties) {
        this.name = name;
        this.template = RecordingTemplate.connectedTo(bootstrapServers, properties.sendTimeout());
        this.metrics = new RelayMetrics(registry, JdbcClient.create(dataSource), schema);
        this.heartbeat = new SessionHeartbeat(properties.pollInterval());
        this.relay = new OutboxRelay(dataSource,
                new ShardPublisher(template, schema, properties.batchSize(), properties.sendTimeout(), heartbeat),
                new OutboxSignal(), metrics, schema, shards, properties);
    }

    TestRelay start() {
        relay.start();
        return this;
    }

    void stop() {
        relay.stop();
    }

    String name() {
        return name;
    }

    OutboxRelay relay() {
        return relay;
    }

    RecordingTemplate template() {
        return template;
    }

    int held() {
        return relay.heldShards();
    }

    BitSet heldSet() {
        return relay.heldShardSet();
    }

    long published() {
        return metrics.publishedCount();
    }

    double errors() {
        return registry.get("cryptoassets.outbox.errors").counter().count();
    }

    double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Override
    public void close() {
        relay.stop();
        heartbeat.close();
        template.close();
        registry.close();
    }

    @Override
    public String toString() {
        return name + " (session " + relay.sessionPid() + ", shards " + heldSet() + ")";
    }
}
