package io.cryptoassets.worker.demo;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.request.AccountRequest;
import io.cryptoassets.contracts.request.ApprovalRequest;
import io.cryptoassets.contracts.request.DepositRequest;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo's application side, which sees the worker only through Kafka, as any client would:
 * it produces requests and keeps every result, txupdate and alert it consumes, de-duplicated
 * on eventId (delivery is at least once).
 */
final class DemoClient implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Map<UUID, RequestResult> results = new ConcurrentHashMap<>();
    private final List<TxUpdate> txUpdates = new CopyOnWriteArrayList<>();
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private final Set<UUID> seenEvents = ConcurrentHashMap.newKeySet();
    private final Thread poller;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;

    /** @param producerBase, consumerBase the connection settings (servers, TLS, SASL) to build on */
    DemoClient(Map<String, Object> producerBase, Map<String, Object> consumerBase) {
        Map<String, Object> producerConfig = new HashMap<>(producerBase);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> consumerConfig = new HashMap<>(consumerBase);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-client-" + UUID.randomUUID());
        // Only this run's events: the topics may hold earlier demos' events for the same names.
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.REQUEST_RESULTS, Topics.TXUPDATES, Topics.ALERTS));
        poller = new Thread(this::poll, "demo-client");
        poller.setDaemon(true);
        poller.start();
        awaitAssignment();
    }

    /** Requests sent before the consumer has its partitions and positions would go unseen. */
    private void awaitAssignment() {
        try {
            if (!assigned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the demo client got no partitions of the event topics within 60s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining the event topics", e);
        }
    }

    void send(Request request) {
        String topic = request instanceof DepositRequest ? Topics.DEPOSIT_REQUESTS
                : request instanceof AccountRequest ? Topics.ACCOUNT_REQUESTS
                : request instanceof ApprovalRequest ? Topics.WITHDRAWAL_APPROVALS : Topics.WITHDRAWAL_REQUESTS;
        producer.send(new ProducerRecord<>(topic, request.recordKey(),
                ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request)));
    }

    void flush() {
        producer.flush();
    }

    RequestResult result(UUID requestId) {
        return results.get(requestId);
    }

    boolean accepted(UUID requestId) {
        RequestResult result = results.get(requestId);
        return result != null && result.status() == RequestStatus.ACCEPTED;
    }

    int resultCount() {
        return results.size();
    }

    List<TxUpdate> txUpdates() {
        return List.copyOf(txUpdates);
    }

    List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    take(record);
                }
                if (assigned.getCount() > 0 && !consumer.assignment().isEmpty()) {
                    consumer.assignment().forEach(consumer::position); // fixes "latest" now
                    assigned.countDown();
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer to stop it
        } finally {
            consumer.close();
        }
    }

    private void take(ConsumerRecord<String, String> record) {
        if (record.topic().equals(Topics.REQUEST_RESULTS)) {
            RequestResult result = ContractJson.mapper().readValue(record.value(), RequestResult.class);
            results.putIfAbsent(result.requestId(), result);
        } else if (record.topic().equals(Topics.TXUPDATES)) {
            TxUpdate update = ContractJson.mapper().readValue(record.value(), TxUpdate.class);
            if (seenEvents.add(update.eventId())) {
                txUpdates.add(update);
            }
        } else {
            Alert alert = ContractJson.mapper().readValue(record.value(), Alert.class);
            if (seenEvents.add(alert.eventId())) {
                alerts.add(alert);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(5_000);
        producer.close();
    }
}
