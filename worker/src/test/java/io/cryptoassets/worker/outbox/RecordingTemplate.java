package io.cryptoassets.worker.outbox;

import io.cryptoassets.contracts.ContractHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;

/**
 * The relay's real producer (same settings as in production), which remembers every event id
 * the broker acknowledged, and lets a test freeze the relay right after the broker acknowledged
 * a batch (before its rows are deleted) or close the producer in the middle of a batch.
 */
final class RecordingTemplate extends KafkaTemplate<String, String> {

    /** A freeze armed by {@link #holdAfterNextFlush()}. */
    static final class Hold {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        boolean reached() {
            return reached.getCount() == 0;
        }

        void release() {
            released.countDown();
        }
    }

    private final DefaultKafkaProducerFactory<String, String> producers;
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicReference<Hold> nextHold = new AtomicReference<>();
    private final AtomicBoolean closeAtNextFlush = new AtomicBoolean();

    private RecordingTemplate(DefaultKafkaProducerFactory<String, String> producers) {
        super(producers);
        this.producers = producers;
        setProducerListener(new ProducerListener<>() {
            @Override
            public void onSuccess(ProducerRecord<String, String> record, RecordMetadata metadata) {
                acknowledged.add(eventId(record));
            }
        });
    }

    static RecordingTemplate connectedTo(String bootstrapServers, java.time.Duration sendTimeout) {
        DefaultKafkaProducerFactory<String, String> producers = new DefaultKafkaProducerFactory<>(
                RelayConfiguration.producerSettings(Map.of("bootstrap.servers", bootstrapServers), sendTimeout));
        // Closing means closing now: records not yet acknowledged fail instead of being flushed.
        producers.setPhysicalCloseTimeout(0);
        return new RecordingTemplate(producers);
    }

    /** Event ids the broker acknowledged to this producer, in acknowledgement order, duplicates included. */
    List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** The next flush (after sending a batch, before deleting it) blocks once the broker acknowledged. */
    Hold holdAfterNextFlush() {
        Hold hold = new Hold();
        nextHold.set(hold);
        return hold;
    }

    /**
     * The next flush first closes the producer at once, as a crash of the client would: what it
     * sent but the broker has not acknowledged yet (at least the last record, sent microseconds
     * before) fails. The next send gets a new producer.
     */
    void closeProducerAtNextFlush() {
        closeAtNextFlush.set(true);
    }

    @Override
    public void flush() {
        if (closeAtNextFlush.getAndSet(false)) {
            producers.reset();
        }
        super.flush();
        Hold hold = nextHold.getAndSet(null);
        if (hold != null) {
            hold.reached.countDown();
            try {
                if (!hold.released.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the test never released the held relay");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void close() {
        producers.destroy();
    }

    private static String eventId(ProducerRecord<String, String> record) {
        return new String(record.headers().lastHeader(ContractHeaders.EVENT_ID).value(), StandardCharsets.UTF_8);
    }
}
