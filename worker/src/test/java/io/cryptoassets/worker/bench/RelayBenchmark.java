package io.cryptoassets.worker.bench;

import io.cryptoassets.contracts.ContractHeaders;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.outbox.OutboxMessage;
import io.cryptoassets.worker.outbox.OutboxProperties;
import io.cryptoassets.worker.outbox.OutboxSignal;
import io.cryptoassets.worker.outbox.OutboxWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Measures the outbox relay on its own, inside a worker started in this JVM (so commit and
 * consumption are timed on one clock):
 *
 * <ol>
 *   <li><b>throughput</b>: with the relay stopped, {@code prefill} rows are committed; then the
 *       relay is started and timed until a consumer has read every one of them;</li>
 *   <li><b>commit-to-publish latency</b>: with the relay running, rows are committed at
 *       {@code rate} rows/s, {@code rows-per-commit} to a transaction, for {@code seconds};
 *       each row's latency runs from the return of its commit to its arrival at a consumer of
 *       {@code cryptoassets.txupdates};</li>
 *   <li><b>Kafka alone</b>: the same rows at the same pace sent straight to the broker, the
 *       floor that the relay's latency stands on (a loaded machine shows here first).</li>
 * </ol>
 *
 * <p>{@code wake} says how a commit reaches the relay: {@code signal} (default) as for the
 * worker's own commits, which raise the in-process signal right after committing (the NOTIFY
 * arrives too); {@code notify} as for another worker's commits, through LISTEN/NOTIFY only.
 *
 * <p>Arguments: prefill, rate, seconds, rows-per-commit, wake, then worker options
 * ({@code --key=value}). Run by {@code infra/bench/relay}; prints figures, asserts nothing.
 */
public final class RelayBenchmark {

    private static final int ACCOUNTS = 10_000;
    private static final Duration WARM_UP = Duration.ofSeconds(3);

    private final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
    private final Set<String> expected = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastArrival = new AtomicLong();
    private final Random random = new Random(5);
    private final OutboxWriter writer;
    private final SmartLifecycle relay;
    private final JdbcClient jdbc;
    private final String schema;
    private final KafkaConsumer<String, String> consumer;
    private final String bootstrap;
    private volatile boolean consuming = true;

    private RelayBenchmark(ConfigurableApplicationContext worker, String bootstrap, boolean raiseSignal) {
        // The worker's writer wakes its relay itself, as every commit in the worker does; with a
        // signal nobody waits on, the relay hears of the commits only through LISTEN/NOTIFY.
        writer = raiseSignal ? worker.getBean(OutboxWriter.class)
                : new OutboxWriter(worker.getBean(JdbcClient.class), worker.getBean(LedgerProperties.class),
                        worker.getBean(OutboxProperties.class), new OutboxSignal());
        relay = worker.getBean("outboxRelay", SmartLifecycle.class);
        jdbc = worker.getBean(JdbcClient.class);
        schema = worker.getBean(LedgerProperties.class).sharedSchemaName().value();
        this.bootstrap = bootstrap;
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "relay-bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new StringDeserializer());
    }

    public static void main(String[] args) throws Exception {
        int prefill = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int rowsPerCommit = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        String wake = args.length > 4 ? args[4] : "signal";
        if (!wake.equals("signal") && !wake.equals("notify")) {
            throw new IllegalArgumentException("wake must be 'signal' or 'notify', not '" + wake + "'");
        }
        String[] workerArgs = Arrays.copyOfRange(args, Math.min(5, args.length), args.length);
        try (ConfigurableApplicationContext worker = new SpringApplicationBuilder(WorkerApplication.class)
                .run(workerArgs)) {
            String bootstrap = worker.getEnvironment().getRequiredProperty("spring.kafka.bootstrap-servers");
            new RelayBenchmark(worker, bootstrap, wake.equals("signal")).run(prefill, rate, seconds, rowsPerCommit, wake.equals("signal"));
        }
    }

    private void run(int prefill, int rate, int seconds, int rowsPerCommit, boolean raiseSignal) throws Exception {
        consumer.subscribe(List.of(Topics.TXUPDATES));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100)); // join the group
        }
        // Resolve "latest" now: left lazy, records written before the first fetch would be skipped.
        consumer.assignment().forEach(consumer::position);
        Thread poller = new Thread(this::consume, "bench-consumer");
        poller.start();
        try {
            throughput(prefill);
            commitToPublish(rate, seconds, rowsPerCommit, raiseSignal);
            kafkaAlone(rate, seconds, rowsPerCommit);
        } finally {
            consuming = false;
            poller.join(10_000);
        }
    }

    private void throughput(int prefill) throws InterruptedException {
        relay.stop();
        for (int written = 0; written < prefill; written += 1_000) {
            List<OutboxMessage> rows = rows(Math.min(1_000, prefill - written));
            rows.forEach(row -> expected.add(row.eventId().toString()));
            writer.append(rows);
        }
        long start = System.nanoTime();
        relay.start();
        awaitConsumed("pre-filled rows");
        double elapsed = (lastArrival.get() - start) / 1e9;
        System.out.printf("throughput: %,d pre-filled rows published and consumed in %.2f s = %,.0f events/s%n",
                prefill, elapsed, prefill / elapsed);
    }

    private void commitToPublish(int rate, int seconds, int rowsPerCommit, boolean raiseSignal) throws Exception {
        Histogram histogram = paced(rate, seconds, rowsPerCommit, rows -> {
            writer.append(rows);
            return System.nanoTime();
        });
        print("commit-to-publish", rate, seconds, rowsPerCommit, "wake: " + (raiseSignal ? "signal" : "notify"),
                histogram);
        System.out.printf("outbox rows left: %d%n",
                jdbc.sql("SELECT count(*) FROM %s.outbox".formatted(schema)).query(Long.class).single());
    }

    /**
     * The floor under the relay's figures: the same rows at the same pace sent straight to the
     * broker by a producer configured like the relay's (acks=all, idempotent, flushed per
     * commit), timed from the send to the consumer.
     */
    private void kafkaAlone(int rate, int seconds, int rowsPerCommit) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1),
                new StringSerializer(), new StringSerializer())) {
            Histogram histogram = paced(rate, seconds, rowsPerCommit, rows -> {
                long sent = System.nanoTime();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (OutboxMessage row : rows) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
                    record.headers().add(ContractHeaders.EVENT_ID,
                            row.eventId().toString().getBytes(StandardCharsets.UTF_8));
                    acks.add(producer.send(record));
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
                return sent;
            });
            print("kafka alone, send-to-consume", rate, seconds, rowsPerCommit, "no outbox", histogram);
        }
    }

    /** What one paced step does with its rows; returns the time its latency counts from. */
    private interface Step {
        long apply(List<OutboxMessage> rows) throws Exception;
    }

    /** Runs {@code step} at {@code rate} rows/s after a warm-up; returns start-to-consumption latencies. */
    private Histogram paced(int rate, int seconds, int rowsPerCommit, Step step) throws Exception {
        Map<String, Long> startedAt = new ConcurrentHashMap<>();
        long periodNanos = TimeUnit.SECONDS.toNanos(1) * rowsPerCommit / rate;
        long steps = (WARM_UP.getSeconds() + seconds) * rate / rowsPerCommit;
        long warmUpSteps = WARM_UP.getSeconds() * rate / rowsPerCommit;
        AtomicLong done = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        pacer.scheduleAtFixedRate(() -> {
            long n = done.get();
            if (n >= steps || failure.get() != null) {
                return;
            }
            List<OutboxMessage> rows = rows(rowsPerCommit);
            boolean measured = n >= warmUpSteps;
            if (measured) {
                rows.forEach(row -> expected.add(row.eventId().toString()));
            }
            try {
                long started = step.apply(rows);
                if (measured) {
                    rows.forEach(row -> startedAt.put(row.eventId().toString(), started));
                }
            } catch (Exception e) {
                failure.set(e);
            }
            done.incrementAndGet();
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        try {
            while (done.get() < steps && failure.get() == null) {
                TimeUnit.MILLISECONDS.sleep(100); // the pacer works on its own thread; this waits for its end
            }
        } finally {
            pacer.shutdown();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        awaitConsumed("paced rows");
        // Paired only now: a row may arrive before its sender has even noted the time.
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        startedAt.forEach((eventId, started) ->
                histogram.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(arrivedAt.get(eventId) - started))));
        return histogram;
    }

    private static void print(String what, int rate, int seconds, int rowsPerCommit, String how, Histogram latency) {
        System.out.printf("%s at %,d rows/s in groups of %d for %d s (%s), %,d rows:%n"
                        + "  p50 %.1f ms  p99 %.1f ms  p99.9 %.1f ms  max %.1f ms%n",
                what, rate, rowsPerCommit, seconds, how, latency.getTotalCount(),
                latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3);
    }

    private void awaitConsumed(String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!expected.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": " + expected.size() + " never consumed in 10 minutes");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private void consume() {
        while (consuming) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                Header header = record.headers().lastHeader(ContractHeaders.EVENT_ID);
                String eventId = new String(header.value(), StandardCharsets.UTF_8);
                arrivedAt.putIfAbsent(eventId, now);
                if (expected.remove(eventId)) {
                    lastArrival.set(now);
                }
            }
        }
        consumer.close();
    }

    private List<OutboxMessage> rows(int count) {
        List<OutboxMessage> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String account = "bench-" + random.nextInt(ACCOUNTS);
            TxUpdate update = new TxUpdate(UUID.randomUUID(), "BTC", 1, TransactionType.INTERNAL, Direction.IN,
                    TxState.INTERNAL, account, null, null, BigInteger.valueOf(1 + random.nextInt(100_000)), null, 0,
                    true, 1, Instant.now());
            rows.add(OutboxMessage.of(Topics.TXUPDATES, update, account));
        }
        return rows;
    }
}
