package io.cryptoassets.worker.schema;

import io.cryptoassets.worker.asset.LedgerProperties;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SchemaConfiguration {

    /**
     * Migrating in the bean's init method means every bean that depends on the schema (and
     * Kafka listeners, which start only after all singletons exist) sees a migrated database.
     */
    @Bean(initMethod = "migrate")
    LedgerSchemas ledgerSchemas(DataSource dataSource, LedgerProperties properties) {
        return new LedgerSchemas(dataSource, properties);
    }
}
