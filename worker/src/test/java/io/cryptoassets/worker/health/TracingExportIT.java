package io.cryptoassets.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.cryptoassets.contracts.ContractHeaders;
import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import io.cryptoassets.worker.testsupport.TestKafka;
import io.cryptoassets.worker.tracing.Traceparent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * With an OTLP endpoint configured the worker makes a span per request, a child of the request
 * record's context: the events carry the span's context (same trace id, the span's own id), and
 * that span is exported to the endpoint. The endpoint here is a stand-in collector that keeps
 * what it is sent (OTLP/HTTP protobuf, where trace and span ids are raw bytes).
 */
@SpringBootTest
@ContextConfiguration(initializers = TracingExportIT.WithCollector.class)
@DirtiesContext
class TracingExportIT {

    private static final TestDatabase.Scratch DATABASE = TestDatabase.get().scratch("tracing");
    private static final List<byte[]> EXPORTS = new CopyOnWriteArrayList<>();
    private static final HttpServer COLLECTOR = collector();

    /** The test infrastructure with spans exported to the stand-in collector. */
    static class WithCollector implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            new TestInfrastructure().initialize(context);
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("tracing-it", Map.of(
                    "spring.datasource.url", DATABASE.jdbcUrl(),
                    "cryptoassets.requests.group-id", "tracing-it-" + UUID.randomUUID(),
                    "spring.kafka.consumer.auto-offset-reset", "latest",
                    "management.opentelemetry.tracing.export.otlp.endpoint",
                    "http://127.0.0.1:" + COLLECTOR.getAddress().getPort() + "/v1/traces",
                    "management.opentelemetry.tracing.export.schedule-delay", "200ms",
                    "management.tracing.sampling.probability", "1.0")));
        }
    }

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/traces", exchange -> {
                EXPORTS.add(exchange.getRequestBody().readAllBytes());
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopCollector() {
        COLLECTOR.stop(0);
    }

    @Test
    void eachRequestGetsASpanThatItsEventsCarryAndThatIsExported() throws Exception {
        String clientSpan = "00f067aa0ba902b7";
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String incoming = "00-" + traceId + "-" + clientSpan + "-01";
        UUID open = UUID.randomUUID();

        try (HikariDataSource admin = adminDataSource();
             TracedEvents events = new TracedEvents();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            JdbcClient jdbc = JdbcClient.create(admin);
            Request request = new OpenAccount(open, RequestTraffic.REPORTED_ASSET, RequestTraffic.account("spanned"), null);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ACCOUNT_REQUESTS, request.recordKey(),
                    ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request));
            record.headers().add(ContractHeaders.TRACEPARENT, incoming.getBytes(StandardCharsets.US_ASCII));
            // The worker's group starts at the end of the topics once it has them: sent again until answered.
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                producer.send(record).get();
                return jdbc.sql("SELECT count(*) FROM cryptoassets.processed_request WHERE request_id = :id")
                        .param("id", open).query(Long.class).single() > 0;
            });

            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> !events.on(Topics.REQUEST_RESULTS, open.toString()).isEmpty());
            String carried = events.on(Topics.REQUEST_RESULTS, open.toString()).get(0).traceparent();

            assertThat(carried).isNotNull();
            assertThat(Traceparent.traceId(carried)).isEqualTo(traceId);
            String workerSpan = carried.substring(36, 52);
            assertThat(workerSpan).as("the worker's own span, not the client's").isNotEqualTo(clientSpan);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(EXPORTS)
                    .as("an export holding the trace id, the worker's span and its parent, the client's span")
                    .anySatisfy(body -> {
                        assertThat(contains(body, HexFormat.of().parseHex(traceId))).isTrue();
                        assertThat(contains(body, HexFormat.of().parseHex(workerSpan))).isTrue();
                        assertThat(contains(body, HexFormat.of().parseHex(clientSpan))).isTrue();
                    }));
        }
    }

    private static HikariDataSource adminDataSource() {
        HikariDataSource admin = new HikariDataSource();
        admin.setJdbcUrl(DATABASE.jdbcUrl());
        admin.setUsername(TestDatabase.get().user());
        admin.setPassword(TestDatabase.get().password());
        admin.setMaximumPoolSize(2);
        return admin;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
