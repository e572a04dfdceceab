package io.cryptoassets.worker.outbox;

import io.cryptoassets.worker.asset.LedgerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** The built-in relay; {@code cryptoassets.relay.enabled=false} leaves the outbox to Debezium. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "cryptoassets.relay.enabled", havingValue = "true", matchIfMissing = true)
class RelayConfiguration {

    @Bean
    KafkaTemplate<String, String> outboxTemplate(KafkaProperties kafka, RelayProperties relay) {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                producerSettings(kafka.buildProducerProperties(), relay.sendTimeout())));
    }

    /** The relay producer's settings on top of {@code base} (the application's producer properties). */
    static Map<String, Object> producerSettings(Map<String, Object> base, Duration sendTimeout) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // Idempotent with every replica's acknowledgement: no duplicates from producer retries,
        // order kept per partition, nothing deleted from the outbox that Kafka could still lose.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        // A round gives up after send-timeout; so does the producer, so that a batch given up on
        // is not delivered later behind the retry, and a broker that is down blocks the relay
        // (and a shutdown) for no longer than that.
        int timeout = (int) Math.min(Integer.MAX_VALUE, sendTimeout.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout / 2);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        return config;
    }

    @Bean
    RelayMetrics relayMetrics(MeterRegistry registry, JdbcClient jdbc, LedgerProperties ledger) {
        return new RelayMetrics(registry, jdbc, ledger.sharedSchemaName().value());
    }

    @Bean
    SessionHeartbeat relayHeartbeat(RelayProperties relay) {
        return new SessionHeartbeat(relay.pollInterval());
    }

    @Bean
    OutboxRelay outboxRelay(DataSource dataSource, KafkaTemplate<String, String> outboxTemplate, OutboxSignal signal,
                            RelayMetrics metrics, LedgerProperties ledger, OutboxProperties outbox,
                            RelayProperties relay, SessionHeartbeat relayHeartbeat) {
        String schema = ledger.sharedSchemaName().value();
        ShardPublisher publisher = new ShardPublisher(outboxTemplate, schema, relay.batchSize(), relay.sendTimeout(),
                relayHeartbeat);
        return new OutboxRelay(dataSource, publisher, signal, metrics, schema, outbox.shards(), relay);
    }
}
