package io.cryptoassets.worker.schema;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Says at start-up when the worker's own role could rewrite the ledger: when it may UPDATE
 * ledger entries, which is true of their owner and of a superuser (who can also switch the
 * append-only triggers off). Such a single-role setup works, but only the runtime role of
 * README's "Database roles" keeps entries append-only against the worker's own credentials.
 */
public class LedgerRewriteCheck {

    private static final Logger log = LoggerFactory.getLogger(LedgerRewriteCheck.class);

    private static final String CAN_UPDATE = """
            SELECT has_table_privilege(CAST(:table AS text), 'UPDATE')
            """;

    private final JdbcClient jdbc;
    private final LedgerProperties properties;

    public LedgerRewriteCheck(DataSource dataSource, LedgerProperties properties) {
        this.jdbc = JdbcClient.create(dataSource);
        this.properties = properties;
    }

    /** The assets whose ledger entries the datasource's role may update. */
    public List<String> rewritableAssets() {
        return properties.assets().stream()
                .filter(asset -> jdbc.sql(CAN_UPDATE).param("table", asset.schemaName().value() + ".ledger_entry")
                        .query(Boolean.class).single())
                .map(AssetProperties::code)
                .toList();
    }

    void warnIfRewritable() {
        List<String> assets = rewritableAssets();
        if (!assets.isEmpty()) {
            String role = jdbc.sql("SELECT current_user").query(String.class).single();
            log.warn("the worker's database role {} may update the ledger entries of {} (it owns them or is a "
                    + "superuser); run it as a runtime role, see README 'Database roles'", role, assets);
        }
    }
}
