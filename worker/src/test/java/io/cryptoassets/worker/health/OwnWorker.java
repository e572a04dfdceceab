package io.cryptoassets.worker.health;

import com.zaxxer.hikari.HikariDataSource;
import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A worker as a deployment runs it, with its management server, on a broker and a database of
 * its own: nothing it is sent reaches the other test contexts of the JVM (which would answer it
 * too, and go on working on it after the test), and the database can refuse connections without
 * disturbing them. BTC runs on a simulated chain of its own, XBT takes deposits as reported.
 * Connected as the runtime role, migrated by the owner role, as in the other tests.
 */
final class OwnWorker implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;
    private final TestDatabase.Scratch database;
    private final ConfigurableApplicationContext context;
    private final HikariDataSource admin;

    /** Starts the broker, the database and the worker, with {@code settings} over the test defaults. */
    OwnWorker(String name, Map<String, Object> settings) {
        broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        database = TestDatabase.get().scratch(name);
        Map<String, Object> properties = new LinkedHashMap<>(Map.ofEntries(
                Map.entry("spring.datasource.url", database.jdbcUrl()),
                Map.entry("spring.datasource.username", TestDatabase.RUNTIME_ROLE),
                Map.entry("spring.datasource.password", TestDatabase.ROLE_PASSWORD),
                Map.entry("spring.datasource.hikari.maximum-pool-size", "6"),
                Map.entry("cryptoassets.database.owner-username", TestDatabase.OWNER_ROLE),
                Map.entry("cryptoassets.database.owner-password", TestDatabase.ROLE_PASSWORD),
                Map.entry("spring.kafka.bootstrap-servers", broker.getBrokersAsString()),
                Map.entry("management.server.port", "0"),
                Map.entry("cryptoassets.assets[0].code", RequestTraffic.ASSET),
                Map.entry("cryptoassets.assets[0].node.type", "simulated"),
                Map.entry("cryptoassets.assets[0].node.simulated.block-interval", "0s"),
                Map.entry("cryptoassets.assets[1].code", RequestTraffic.REPORTED_ASSET),
                Map.entry("cryptoassets.chain.broadcast-interval", "100ms"),
                Map.entry("cryptoassets.chain.confirmations-interval", "200ms"),
                Map.entry("cryptoassets.chain.node-unreachable-after", "2s"),
                Map.entry("cryptoassets.chain.reserves-interval", "0s"),
                Map.entry("cryptoassets.chain.scan-interval", "0s"),
                Map.entry("cryptoassets.chain.scan-on-start", "false")));
        properties.putAll(settings);
        try {
            context = new SpringApplicationBuilder(WorkerApplication.class)
                    .initializers(c -> c.getEnvironment().getPropertySources()
                            .addFirst(new MapPropertySource("own-worker", properties)))
                    .run();
        } catch (RuntimeException e) {
            database.close();
            broker.destroy();
            throw e;
        }
        admin = new HikariDataSource();
        admin.setJdbcUrl(database.jdbcUrl());
        admin.setUsername(TestDatabase.get().user());
        admin.setPassword(TestDatabase.get().password());
        admin.setMaximumPoolSize(2);
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    int managementPort() {
        return context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
    }

    String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /** The database's administrator, below the worker. */
    JdbcClient adminJdbc() {
        return JdbcClient.create(admin);
    }

    /** The database's name on the server. */
    String databaseName() {
        String url = database.jdbcUrl();
        String path = url.substring(url.indexOf('/', "jdbc:postgresql://".length()) + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** In reverse order of start: the worker drains against a broker and database still there. */
    @Override
    public void close() {
        admin.close();
        context.close();
        database.close();
        broker.destroy();
    }
}
