package io.cryptoassets.worker.bench;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Talks to the worker through Kafka like an application: produces requests and reads every
 * result and txupdate. Results and txupdates are read by a thread of their own from the end
 * of their topics as they stood before the first request, so nothing is missed or read twice.
 */
final class Traffic implements AutoCloseable {

    private static final long PACING_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private volatile Phase phase;
    private volatile boolean running = true;
    private volatile RuntimeException readerFailure;

    Traffic(String bootstrap) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20),
                new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
                // Like an application reading at volume: a fetch returns after 5 ms or 64 KiB
                // rather than for each record, which costs the broker and this JVM far less CPU.
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.REQUEST_RESULTS, Topics.TXUPDATES)) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before anything is produced
        reader = new Thread(this::read, "bench-reader");
        reader.start();
    }

    /**
     * Sends {@code requests} ({@code rate} per second, or as fast as possible when 0) and waits
     * until each has its result and each accepted withdrawal its txupdate.
     */
    Phase run(String name, List<Workload.Outgoing> requests, int rate, Map<java.util.UUID, Boolean> expected,
              Duration timeout) {
        Phase current = new Phase(name, requests.size(), expected);
        phase = current;
        long start = System.nanoTime();
        current.start(start);
        long interval = rate > 0 ? TimeUnit.SECONDS.toNanos(1) / rate : 0;
        for (int i = 0; i < requests.size(); i++) {
            Workload.Outgoing request = requests.get(i);
            long sentAt;
            if (rate > 0) {
                // Latency counts from when the request was due, so a late send is not hidden.
                sentAt = start + i * interval;
                long wait = sentAt - System.nanoTime();
                if (wait > 0) {
                    // At least a millisecond: what falls due meanwhile goes out together, as an
                    // application's requests would (counted from when each was due).
                    LockSupport.parkNanos(Math.max(wait, PACING_TICK_NANOS));
                }
            } else {
                sentAt = System.nanoTime();
            }
            current.sent(request.requestId(), sentAt);
            producer.send(new ProducerRecord<>(request.topic(), request.key(), request.value()));
        }
        producer.flush();
        current.producedAll(System.nanoTime());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!current.complete()) {
            if (readerFailure != null) {
                throw readerFailure;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": " + current.missing() + " after " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        phase = null;
        return current;
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    Phase current = phase;
                    if (current == null) {
                        continue; // a late duplicate of an earlier phase's event
                    }
                    if (record.topic().equals(Topics.REQUEST_RESULTS)) {
                        current.result(ContractJson.mapper().readValue(record.value(), RequestResult.class), now);
                    } else {
                        TxUpdate update = ContractJson.mapper().readValue(record.value(), TxUpdate.class);
                        if (update.transactionType() == TransactionType.BROADCAST) {
                            current.txUpdate(update.transactionId(), now);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            readerFailure = e;
        }
    }

    static boolean accepted(RequestResult result) {
        return result.status() == RequestStatus.ACCEPTED;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(10_000);
        consumer.close();
        producer.close();
    }
}
