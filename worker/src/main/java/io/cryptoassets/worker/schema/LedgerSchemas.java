package io.cryptoassets.worker.schema;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.asset.SqlIdentifier;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database to the current schema before anything else touches it: the shared
 * migration set once, then the asset migration set once per configured asset, each into its
 * own schema with its own Flyway history. Adding an asset to the configuration creates its
 * schema on the next start.
 *
 * <p>After every migration run, the {@code afterMigrate} callback of each set grants the
 * runtime role (when there is one) what the worker needs on every table then in the schema,
 * so tables added by later migrations are covered: SELECT, INSERT, UPDATE and DELETE, except
 * on ledger entries, which it may only INSERT and SELECT.
 */
public class LedgerSchemas {

    public static final String SHARED_LOCATION = "classpath:db/shared";
    public static final String ASSET_LOCATION = "classpath:db/asset";
    /** The afterMigrate callback that grants the runtime role its privileges, for both sets. */
    static final String GRANTS_LOCATION = "classpath:db/grants";

    private static final Logger log = LoggerFactory.getLogger(LedgerSchemas.class);

    private final DataSource dataSource;
    private final LedgerProperties properties;
    private final String runtimeRole;

    /** Migrates as the single role that owns and uses the tables: no grants. */
    public LedgerSchemas(DataSource dataSource, LedgerProperties properties) {
        this(dataSource, properties, Optional.empty());
    }

    /**
     * @param dataSource  connections of the role that owns the schemas and runs the migrations
     * @param runtimeRole the role the worker runs as, granted its privileges; empty for none
     */
    public LedgerSchemas(DataSource dataSource, LedgerProperties properties, Optional<SqlIdentifier> runtimeRole) {
        this.dataSource = dataSource;
        this.properties = properties;
        // The callbacks skip the grants for an empty name.
        this.runtimeRole = runtimeRole.map(SqlIdentifier::value).orElse("");
    }

    /** Applies every pending migration; safe to run concurrently from several workers. */
    public void migrate() {
        SqlIdentifier shared = properties.sharedSchemaName();
        int applied = flyway(shared, SHARED_LOCATION,
                Map.of("shared_schema", shared.value(), "schema", shared.value(), "runtime_role", runtimeRole))
                .migrate().migrationsExecuted;
        log.info("schema {}: {} migration(s) applied", shared, applied);
        for (AssetProperties asset : properties.assets()) {
            SqlIdentifier schema = asset.schemaName();
            applied = flyway(schema, ASSET_LOCATION,
                    Map.of("schema", schema.value(), "asset", asset.code(), "runtime_role", runtimeRole))
                    .migrate().migrationsExecuted;
            log.info("asset {} in schema {}: {} migration(s) applied", asset.code(), schema, applied);
        }
        if (!runtimeRole.isEmpty()) {
            log.info("runtime role {} granted the worker's privileges", runtimeRole);
        }
    }

    private Flyway flyway(SqlIdentifier schema, String location, Map<String, String> placeholders) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema.value())
                .createSchemas(true)
                .locations(location, GRANTS_LOCATION)
                .placeholders(placeholders)
                // Fail on a migration edited after it ran: the ledger schema is not to drift silently.
                .validateOnMigrate(true)
                .load();
    }
}
