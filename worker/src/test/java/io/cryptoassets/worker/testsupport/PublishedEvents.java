package io.cryptoassets.worker.testsupport;

import io.cryptoassets.contracts.ContractHeaders;
import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A client reading the worker's results and txupdates from Kafka, from the beginning, in a
 * background thread, the way an application would. Keeps every record in arrival order.
 */
public final class PublishedEvents implements AutoCloseable {

    /** One consumed record with the header a consumer de-duplicates on. */
    public record Received(String topic, String key, String eventIdHeader, String value) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public PublishedEvents() {
        this(TestKafka.get().bootstrapServers());
    }

    /** Reads from another broker than the run's, e.g. one a test stops and starts. */
    public PublishedEvents(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-events-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.REQUEST_RESULTS, Topics.TXUPDATES, Topics.ALERTS));
        poller = new Thread(this::poll, "published-events");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    var header = r.headers().lastHeader(ContractHeaders.EVENT_ID);
                    received.add(new Received(r.topic(), r.key(),
                            header == null ? null : new String(header.value(), StandardCharsets.UTF_8), r.value()));
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up to stop
        } finally {
            consumer.close();
        }
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    public List<RequestResult> results(UUID requestId) {
        return received.stream().filter(r -> r.topic().equals(Topics.REQUEST_RESULTS))
                .map(r -> ContractJson.mapper().readValue(r.value(), RequestResult.class))
                .filter(result -> result.requestId().equals(requestId)).toList();
    }

    public List<TxUpdate> txUpdates(String accountId) {
        return received.stream().filter(r -> r.topic().equals(Topics.TXUPDATES) && accountId.equals(r.key()))
                .map(r -> ContractJson.mapper().readValue(r.value(), TxUpdate.class)).toList();
    }

    public List<Alert> alerts() {
        return received.stream().filter(r -> r.topic().equals(Topics.ALERTS))
                .map(r -> ContractJson.mapper().readValue(r.value(), Alert.class)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(5_000);
    }
}
