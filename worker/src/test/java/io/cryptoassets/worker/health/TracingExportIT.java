package io.cryptoassets.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cryptoassets.contracts.ContractHeaders;
import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.worker.testsupport.RequestTraffic;
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
import org.junit.jupiter.api.Test;

/**
 * With an OTLP endpoint configured the worker makes a span per request, a child of the request
 * record's context: the events carry the span's context (same trace id, the span's own id), and
 * that span is exported to the endpoint. The endpoint here is a stand-in collector that keeps
 * what it is sent (OTLP/HTTP protobuf, where trace and span ids are raw bytes).
 */
class TracingExportIT {

    private static final List<byte[]> EXPORTS = new CopyOnWriteArrayList<>();

    /** A stand-in OTLP/HTTP collector that keeps every export it is sent. */
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

    @Test
    void eachRequestGetsASpanThatItsEventsCarryAndThatIsExported() throws Exception {
        String clientSpan = "00f067aa0ba902b7";
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String incoming = "00-" + traceId + "-" + clientSpan + "-01";
        UUID open = UUID.randomUUID();
        HttpServer collector = collector();

        try (OwnWorker worker = new OwnWorker("tracing", Map.of(
                     "management.opentelemetry.tracing.export.otlp.endpoint",
                     "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces",
                     "management.opentelemetry.tracing.export.schedule-delay", "200ms",
                     "management.tracing.sampling.probability", "1.0"));
             TracedEvents events = new TracedEvents(worker.bootstrapServers());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, worker.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            Request request = new OpenAccount(open, RequestTraffic.REPORTED_ASSET, RequestTraffic.account("spanned"), null);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ACCOUNT_REQUESTS, request.recordKey(),
                    ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request));
            record.headers().add(ContractHeaders.TRACEPARENT, incoming.getBytes(StandardCharsets.US_ASCII));
            producer.send(record).get();

            Awaitility.await().atMost(Duration.ofSeconds(60))
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
        } finally {
            collector.stop(0);
        }
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
