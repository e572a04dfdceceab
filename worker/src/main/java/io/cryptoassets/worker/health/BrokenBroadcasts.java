package io.cryptoassets.worker.health;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Broken broadcasts waiting for an operator: {@code brokenBroadcasts} (informative, not in
 * readiness: the rest of the worker's work goes on) is down while any asset has one, and the
 * gauge {@code cryptoassets.broadcasts.broken.unresolved{asset}} counts them when scraped. Unlike
 * the counter {@code cryptoassets.broadcasts.broken}, which counts those found by this worker,
 * this is the ledger's own state: the same on every worker, and back to 0 once resolved.
 */
@Component("brokenBroadcastsHealthIndicator")
class BrokenBroadcasts extends AbstractHealthIndicator {

    private static final String BROKEN = """
            SELECT count(*)
            FROM %s.network_transaction
            WHERE state = 'broken'
            """;

    private final JdbcClient jdbc;
    private final LedgerProperties ledger;

    BrokenBroadcasts(JdbcClient jdbc, LedgerProperties ledger, MeterRegistry registry) {
        super("could not count the broken broadcasts");
        this.jdbc = jdbc;
        this.ledger = ledger;
        for (AssetProperties asset : ledger.assets()) {
            Gauge.builder("cryptoassets.broadcasts.broken.unresolved", () -> count(asset))
                    .description("Broken broadcasts waiting for an operator to resolve them")
                    .tag("asset", asset.code())
                    .register(registry);
        }
    }

    /** The database failing the query is itself the answer: down, with the error (and a WARN). */
    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Health health = check();
        builder.status(health.getStatus()).withDetails(health.getDetails());
    }

    private Health check() {
        Map<String, Object> broken = new LinkedHashMap<>();
        for (AssetProperties asset : ledger.assets()) {
            long count = count(asset);
            if (count > 0) {
                broken.put(asset.code(), count);
            }
        }
        if (broken.isEmpty()) {
            return Health.up().build();
        }
        return Health.down().withDetails(broken)
                .withDetail("resolve", "java -jar worker.jar broadcasts list --broken; see README, Broken broadcasts")
                .build();
    }

    private long count(AssetProperties asset) {
        return jdbc.sql(BROKEN.formatted(asset.schemaName().value())).query(Long.class).single();
    }
}
