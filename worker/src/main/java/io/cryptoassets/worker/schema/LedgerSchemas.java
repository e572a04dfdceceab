package io.cryptoassets.worker.schema;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.asset.SqlIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
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
 * on ledger entries and the history of policy changes, which it may only INSERT and SELECT.
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
    private final boolean migrateOnStart;
    /** What the last migration run did, one line per schema, for the {@code migrate} command. */
    private final List<String> lastRun = new ArrayList<>();

    /** Migrates as the single role that owns and uses the tables: no grants. */
    public LedgerSchemas(DataSource dataSource, LedgerProperties properties) {
        this(dataSource, properties, Optional.empty());
    }

    /**
     * @param dataSource  connections of the role that owns the schemas and runs the migrations
     * @param runtimeRole the role the worker runs as, granted its privileges; empty for none
     */
    public LedgerSchemas(DataSource dataSource, LedgerProperties properties, Optional<SqlIdentifier> runtimeRole) {
        this(dataSource, properties, runtimeRole, true);
    }

    /**
     * @param migrateOnStart whether {@link #prepare()} migrates, or only checks that it need not
     */
    public LedgerSchemas(DataSource dataSource, LedgerProperties properties, Optional<SqlIdentifier> runtimeRole,
                         boolean migrateOnStart) {
        this.dataSource = dataSource;
        this.properties = properties;
        // The callbacks skip the grants for an empty name.
        this.runtimeRole = runtimeRole.map(SqlIdentifier::value).orElse("");
        this.migrateOnStart = migrateOnStart;
    }

    /** At start: migrates, or, for a worker told not to, checks that every schema is current. */
    public void prepare() {
        if (migrateOnStart) {
            migrate();
        } else {
            verifyMigrated();
        }
    }

    /** Applies every pending migration; safe to run concurrently from several workers. */
    public void migrate() {
        lastRun.clear();
        SqlIdentifier shared = properties.sharedSchemaName();
        record("schema " + shared, flyway(shared, SHARED_LOCATION, sharedPlaceholders(shared)).migrate());
        for (AssetProperties asset : properties.assets()) {
            SqlIdentifier schema = asset.schemaName();
            record("asset " + asset.code() + " in schema " + schema,
                    flyway(schema, ASSET_LOCATION, assetPlaceholders(asset)).migrate());
        }
        if (!runtimeRole.isEmpty()) {
            log.info("runtime role {} granted the worker's privileges", runtimeRole);
            lastRun.add("runtime role " + runtimeRole + " granted the worker's privileges");
        }
    }

    /**
     * Checks, without changing anything, that every schema has exactly this build's migrations
     * applied (Flyway's validate: none pending, none failed, none edited since it ran).
     *
     * @throws SchemasNotMigrated naming the first schema that is not
     */
    public void verifyMigrated() {
        SqlIdentifier shared = properties.sharedSchemaName();
        verify("schema " + shared, flyway(shared, SHARED_LOCATION, sharedPlaceholders(shared)));
        for (AssetProperties asset : properties.assets()) {
            verify("asset " + asset.code() + " in schema " + asset.schemaName(),
                    flyway(asset.schemaName(), ASSET_LOCATION, assetPlaceholders(asset)));
        }
        log.info("every schema is at this build's version (cryptoassets.database.migrate-on-start=false)");
    }

    /** What the last {@link #migrate()} did, one line per schema. */
    public List<String> lastRun() {
        return List.copyOf(lastRun);
    }

    private void record(String what, MigrateResult result) {
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        String line = what + ": " + result.migrationsExecuted + " migration(s) applied, at version " + version;
        log.info(line);
        lastRun.add(line);
    }

    private static void verify(String what, Flyway flyway) {
        ValidateResult result = flyway.validateWithResult();
        if (!result.validationSuccessful) {
            String problems = result.invalidMigrations.stream()
                    .map(m -> m.version + " " + m.description + ": " + m.errorDetails.errorMessage)
                    .collect(Collectors.joining("; "));
            if (problems.isEmpty()) {
                problems = result.errorDetails != null ? result.errorDetails.errorMessage : "not migrated";
            }
            throw new SchemasNotMigrated(what + " is not at this build's version (" + problems + "); run 'java -jar worker.jar migrate' as the schemas' owner first, or start with "
                    + "cryptoassets.database.migrate-on-start=true and owner credentials");
        }
    }

    private Map<String, String> sharedPlaceholders(SqlIdentifier shared) {
        return Map.of("shared_schema", shared.value(), "schema", shared.value(), "runtime_role", runtimeRole);
    }

    private Map<String, String> assetPlaceholders(AssetProperties asset) {
        return Map.of("schema", asset.schemaName().value(), "asset", asset.code(), "runtime_role", runtimeRole);
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
