package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.asset.LedgerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The context of a command that only produces to Kafka ({@code notify}): the worker's own
 * configuration sources (application.yml, environment, {@code --key=value}) bound to its Kafka and
 * asset settings, and nothing else. Neither component-scanned nor auto-configured, so no database
 * pool, migration, listener or management server starts: the command is a hook a node runs once
 * per transaction, and must start in a second and work while the database is down.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({KafkaProperties.class, LedgerProperties.class})
public class ProducerOnlyContext {
}
