package io.cryptoassets.worker.schema;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.asset.SqlIdentifier;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database to the current schema before anything else touches it: the shared
 * migration set once, then the asset migration set once per configured asset, each into its
 * own schema with its own Flyway history. Adding an asset to the configuration creates its
 * schema on the next start.
 */
public class LedgerSchemas {

    static final String SHARED_LOCATION = "classpath:db/shared";
    static final String ASSET_LOCATION = "classpath:db/asset";

    private static final Logger log = LoggerFactory.getLogger(LedgerSchemas.class);

    private final DataSource dataSource;
    private final LedgerProperties properties;

    public LedgerSchemas(DataSource dataSource, LedgerProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    /** Applies every pending migration; safe to run concurrently from several workers. */
    public void migrate() {
        SqlIdentifier shared = properties.sharedSchemaName();
        int applied = flyway(shared, SHARED_LOCATION, Map.of("shared_schema", shared.value()))
                .migrate().migrationsExecuted;
        log.info("schema {}: {} migration(s) applied", shared, applied);
        for (AssetProperties asset : properties.assets()) {
            SqlIdentifier schema = asset.schemaName();
            applied = flyway(schema, ASSET_LOCATION, Map.of("schema", schema.value(), "asset", asset.code()))
                    .migrate().migrationsExecuted;
            log.info("asset {} in schema {}: {} migration(s) applied", asset.code(), schema, applied);
        }
    }

    private Flyway flyway(SqlIdentifier schema, String location, Map<String, String> placeholders) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema.value())
                .createSchemas(true)
                .locations(location)
                .placeholders(placeholders)
                // Fail on a migration edited after it ran: the ledger schema is not to drift silently.
                .validateOnMigrate(true)
                .load();
    }
}
