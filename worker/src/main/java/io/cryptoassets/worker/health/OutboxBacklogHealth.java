package io.cryptoassets.worker.health;

import io.cryptoassets.worker.asset.LedgerProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code outboxBacklog} (informative, not in readiness): down when the oldest outbox row waiting
 * to be published is older than {@code outbox-age-limit}. The outbox is shared by every worker,
 * so this says the same on all of them; taking them all out of readiness would not help it.
 */
@Component("outboxBacklogHealthIndicator")
class OutboxBacklogHealth implements HealthIndicator {

    private static final String OLDEST = """
            SELECT count(*) AS rows,
                   coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0) AS age
            FROM %s.outbox
            """;

    private final JdbcClient jdbc;
    private final HealthProperties properties;
    private final String oldest;

    OutboxBacklogHealth(JdbcClient jdbc, LedgerProperties ledger, HealthProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.oldest = OLDEST.formatted(ledger.sharedSchemaName().value());
    }

    @Override
    public Health health() {
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
