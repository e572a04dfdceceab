package io.cryptoassets.worker.health;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.schema.LedgerSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code migrations} (readiness): the shared schema and every asset's schema have this build's
 * latest migration applied, and no failed one, according to each schema's Flyway history. The
 * runtime role may read (only read) the histories for this.
 */
@Component("migrationsHealthIndicator")
class MigrationsHealth extends AbstractHealthIndicator {

    private static final String STATE = """
            SELECT count(*) FILTER (WHERE NOT success) AS failed,
                   coalesce(bool_or(success AND version = :latest), false) AS current
            FROM %s.flyway_schema_history
            """;

    private static final Pattern VERSIONED = Pattern.compile("V([0-9_.]+)__.*\\.sql");

    private final JdbcClient jdbc;
    /** Schema name to the latest migration version this build ships for it, in schema order. */
    private final Map<String, String> expected = new LinkedHashMap<>();

    MigrationsHealth(JdbcClient jdbc, LedgerProperties ledger) {
        super("could not read the migration histories");
        this.jdbc = jdbc;
        String shared = latest(LedgerSchemas.SHARED_LOCATION);
        String asset = latest(LedgerSchemas.ASSET_LOCATION);
        expected.put(ledger.sharedSchemaName().value(), shared);
        for (AssetProperties a : ledger.assets()) {
            expected.put(a.schemaName().value(), asset);
        }
    }

    /** The database failing the query is itself the answer: down, with the error (and a WARN). */
    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Health health = check();
        builder.status(health.getStatus()).withDetails(health.getDetails());
    }

    private Health check() {
        boolean current = true;
        Map<String, Object> schemas = new LinkedHashMap<>();
        for (Map.Entry<String, String> schema : expected.entrySet()) {
            Map<String, Object> state = jdbc.sql(STATE.formatted(schema.getKey()))
                    .param("latest", schema.getValue())
                    .query((rs, row) -> Map.<String, Object>of("failed", rs.getLong("failed"),
                            "current", rs.getBoolean("current")))
                    .single();
            boolean ok = (Boolean) state.get("current") && (Long) state.get("failed") == 0;
            current &= ok;
            schemas.put(schema.getKey(), ok ? "at version " + schema.getValue()
                    : "expected version " + schema.getValue() + ", failed migrations: " + state.get("failed"));
        }
        return (current ? Health.up() : Health.down()).withDetails(schemas).build();
    }

    /** The highest version among the versioned migrations at a classpath location. */
    static String latest(String location) {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver()
                    .getResources(location + "/V*__*.sql");
            return Arrays.stream(resources)
                    .map(Resource::getFilename)
                    .filter(Objects::nonNull)
                    .map(VERSIONED::matcher)
                    .filter(Matcher::matches)
                    .map(m -> MigrationVersion.fromVersion(m.group(1).replace('_', '.')))
                    .max(Comparator.naturalOrder())
                    .map(MigrationVersion::getVersion)
                    .orElseThrow(() -> new IllegalStateException("no migrations at " + location));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
