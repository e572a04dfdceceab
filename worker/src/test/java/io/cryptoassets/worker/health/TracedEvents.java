package io.cryptoassets.worker.health;

import io.cryptoassets.contracts.ContractHeaders;
import io.cryptoassets.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads results, txupdates and alerts published from now on, with their {@code traceparent}
 * header, the way a traced consumer would.
 */
final class TracedEvents implements AutoCloseable {

    /** One record: its topic, value and traceparent header (null when it has none). */
    record Event(String topic, String value, String traceparent) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Event> received = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    TracedEvents(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.REQUEST_RESULTS, Topics.TXUPDATES, Topics.ALERTS)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fixes "from now on" before anything is sent
        poller = new Thread(this::poll, "traced-events");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    Header header = r.headers().lastHeader(ContractHeaders.TRACEPARENT);
                    received.add(new Event(r.topic(), r.value(),
                            header == null ? null : new String(header.value(), StandardCharsets.US_ASCII)));
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up to stop
        } finally {
            consumer.close();
        }
    }

    /** Records of {@code topic} whose value contains {@code text} (a request id, an account id). */
    List<Event> on(String topic, String text) {
        return received.stream().filter(e -> e.topic().equals(topic) && e.value().contains(text)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(5_000);
    }
}
