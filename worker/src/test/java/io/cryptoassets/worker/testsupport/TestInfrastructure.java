package io.cryptoassets.worker.testsupport;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points a Spring context at the run's database and broker. */
public class TestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabase database = TestDatabase.get();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-infrastructure", Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", database.user(),
                "spring.datasource.password", database.password(),
                "spring.kafka.bootstrap-servers", TestKafka.get().bootstrapServers())));
    }
}
