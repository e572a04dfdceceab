package io.cryptoassets.worker.schema;

import io.cryptoassets.worker.asset.LedgerProperties;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

@Configuration(proxyBeanMethods = false)
class SchemaConfiguration {

    /**
     * Migrating in the bean's init method means every bean that depends on the schema (and
     * Kafka listeners, which start only after all singletons exist) sees a migrated database.
     * Migrations run as the owner when one is configured, on connections of their own (no
     * pool: a handful of statements at start-up); everything else uses the datasource. A worker
     * told not to migrate ({@code migrate-on-start=false}) only checks the schemas are current.
     */
    @Bean(initMethod = "prepare")
    LedgerSchemas ledgerSchemas(DataSource dataSource, DataSourceProperties datasource, DatabaseRoleProperties roles,
            LedgerProperties properties) {
        String datasourceUser = datasource.determineUsername();
        DataSource migrations = roles.owner()
                .<DataSource>map(owner -> new DriverManagerDataSource(datasource.determineUrl(), owner,
                        roles.ownerPassword() == null ? "" : roles.ownerPassword()))
                .orElse(dataSource);
        return new LedgerSchemas(migrations, properties, roles.grantee(datasourceUser), roles.migrateOnStart());
    }

    /** After the migrations (and their grants), on the worker's own connections. */
    @Bean(initMethod = "warnIfRewritable")
    LedgerRewriteCheck ledgerRewriteCheck(LedgerSchemas migrated, DataSource dataSource, LedgerProperties properties) {
        return new LedgerRewriteCheck(dataSource, properties);
    }
}
