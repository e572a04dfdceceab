package io.cryptoassets.worker.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code cryptoassets.outbox.published} and {@code .errors} counters; two gauges read from the
 * table when metrics are scraped: {@code .backlog} (rows waiting) and
 * {@code .oldest.age.seconds} (age of the oldest waiting row; 0 when empty); and two gauges of
 * this relay's place in the balancing: {@code .shards.held} and {@code .relays} (relays alive,
 * as last counted; 0 while this relay has no database session), which are also its
 * {@link RelayStatus}.
 */
final class RelayMetrics implements RelayStatus {

    private final Counter published;
    private final Counter errors;
    private final AtomicInteger heldShards = new AtomicInteger();
    private final AtomicInteger relays = new AtomicInteger();

    RelayMetrics(MeterRegistry registry, JdbcClient jdbc, String schema) {
        published = Counter.builder("cryptoassets.outbox.published")
                .description("Outbox rows published and acknowledged by Kafka").register(registry);
        errors = Counter.builder("cryptoassets.outbox.errors")
                .description("Relay rounds that failed and will be retried").register(registry);
        String backlog = "SELECT count(*) FROM %s.outbox".formatted(schema);
        String oldest = "SELECT coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0) FROM %s.outbox"
                .formatted(schema);
        Gauge.builder("cryptoassets.outbox.backlog", () -> jdbc.sql(backlog).query(Long.class).single())
                .description("Outbox rows not yet published").register(registry);
        Gauge.builder("cryptoassets.outbox.oldest.age.seconds", () -> jdbc.sql(oldest).query(Double.class).single())
                .description("Age of the oldest unpublished outbox row").baseUnit("seconds").register(registry);
        Gauge.builder("cryptoassets.outbox.shards.held", heldShards, AtomicInteger::get)
                .description("Outbox shards this worker's relay publishes").register(registry);
        Gauge.builder("cryptoassets.outbox.relays", relays, AtomicInteger::get)
                .description("Relays sharing the outbox shards, as last counted by this one").register(registry);
    }

    void shares(int relaysAlive, int shardsHeld) {
        relays.set(relaysAlive);
        heldShards.set(shardsHeld);
    }

    /** Set to members ≥ 1 after each count on a live session, and to 0 when the session is dropped. */
    @Override
    public boolean joined() {
        return relays.get() > 0;
    }

    @Override
    public int relays() {
        return relays.get();
    }

    @Override
    public int heldShards() {
        return heldShards.get();
    }

    void published(int rows) {
        published.increment(rows);
    }

    void error() {
        errors.increment();
    }

    long publishedCount() {
        return (long) published.count();
    }
}
