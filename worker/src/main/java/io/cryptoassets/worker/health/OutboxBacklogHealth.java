package io.cryptoassets.worker.health;

import io.cryptoassets.worker.asset.LedgerProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code outboxBacklog} (informative, not in readiness): down when the oldest outbox row waiting
 * to be published is older than {@code outbox-age-limit}. The outbox is shared by every worker,
 * so this says the same on all of them; taking them all out of readiness would not help it.
 */
@Component("outboxBacklogHealthIndicator")
class OutboxBacklogHealth extends AbstractHealthIndicator {

    private static final String OLDEST = """
            SELECT count(*) AS rows,
                   coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0) AS age
            FROM %s.outbox
            """;

    private final JdbcClient jdbc;
    private final HealthProperties properties;
    private final String oldest;

    OutboxBacklogHealth(JdbcClient jdbc, LedgerProperties ledger, HealthProperties properties) {
        super("could not read the outbox");
        this.jdbc = jdbc;
        this.properties = properties;
        this.oldest = OLDEST.formatted(ledger.sharedSchemaName().value());
    }

    /** The database failing the query is itself the answer: down, with the error (and a WARN). */
    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Health health = check();
        builder.status(health.getStatus()).withDetails(health.getDetails());
    }

    private Health check() {
        return jdbc.sql(oldest).query((rs, row) -> {
            double age = rs.getDouble("age");
            boolean behind = age > properties.outboxAgeLimit().toMillis() / 1000.0;
            return (behind ? Health.down() : Health.up())
                    .withDetail("rows", rs.getLong("rows"))
                    .withDetail("oldestAgeSeconds", Math.round(age))
                    .withDetail("limitSeconds", properties.outboxAgeLimit().toSeconds())
                    .build();
        }).single();
    }
}
