package io.cryptoassets.worker.testsupport;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Kafka broker of one test run, started when first asked for and stopped when the JUnit
 * session closes. By default an in-JVM single-node KRaft broker built from the Apache Kafka
 * server artifacts; with {@code -Dcryptoassets.test.kafka=testcontainers}, Testcontainers'
 * Apache Kafka image (needs Docker).
 */
public final class TestKafka {

    static final int PARTITIONS = 6;

    private static TestKafka instance;

    private final EmbeddedKafkaKraftBroker embedded;
    private final KafkaContainer container;

    private TestKafka(EmbeddedKafkaKraftBroker embedded, KafkaContainer container) {
        this.embedded = embedded;
        this.container = container;
    }

    public static synchronized TestKafka get() {
        if (instance == null) {
            String mode = System.getProperty("cryptoassets.test.kafka", "embedded");
            instance = switch (mode) {
                case "testcontainers" -> {
                    KafkaContainer container = new KafkaContainer("apache/kafka:4.2.0");
                    container.start();
                    yield new TestKafka(null, container);
                }
                case "embedded", "" -> {
                    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
                    broker.brokerProperty("auto.create.topics.enable", "true");
                    broker.brokerProperty("num.partitions", String.valueOf(PARTITIONS));
                    broker.afterPropertiesSet();
                    yield new TestKafka(broker, null);
                }
                default -> throw new IllegalArgumentException(
                        "cryptoassets.test.kafka must be 'embedded' or 'testcontainers', not '" + mode + "'");
            };
        }
        return instance;
    }

    static synchronized void stopIfStarted() {
        if (instance == null) {
            return;
        }
        if (instance.embedded != null) {
            instance.embedded.destroy();
        }
        if (instance.container != null) {
            instance.container.stop();
        }
        instance = null;
    }

    public String bootstrapServers() {
        return embedded != null ? embedded.getBrokersAsString() : container.getBootstrapServers();
    }
}
