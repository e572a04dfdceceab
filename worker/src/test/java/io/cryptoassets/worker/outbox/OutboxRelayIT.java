package io.cryptoassets.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.worker.testsupport.PublishedEvents;
import io.cryptoassets.worker.testsupport.TestKafka;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The worker's own relay end to end: requests in, results out through the outbox. Balancing,
 * order, takeover, failures and broker outages are in the other {@code Outbox*IT} classes.
 */
@WorkerIntegrationTest
class OutboxRelayIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyResultReachesKafkaWithItsEventIdHeaderAndTheOutboxEmpties() throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (PublishedEvents events = new PublishedEvents(); var producer = producer()) {
            for (int i = 0; i < 200; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                send(producer, new OpenAccount(id, "BTC", "relay-" + id.toString().substring(0, 8), null));
            }
            producer.flush();

            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> ids.stream().allMatch(id -> !events.results(id).isEmpty()));
            // Only results: the topic history also holds other tests' txupdates and alerts.
            for (PublishedEvents.Received received : events.all().stream()
                    .filter(r -> r.topic().equals(Topics.REQUEST_RESULTS)).toList()) {
                RequestResult result = ContractJson.mapper().readValue(received.value(), RequestResult.class);
                assertThat(received.eventIdHeader()).isEqualTo(result.eventId().toString());
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("SELECT count(*) FROM cryptoassets.outbox").query(Long.class).single() == 0);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, Request request) {
        producer.send(new ProducerRecord<>(Topics.ACCOUNT_REQUESTS, request.recordKey(),
                ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request)));
    }
}
