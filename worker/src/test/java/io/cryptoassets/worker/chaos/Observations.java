package io.cryptoassets.worker.chaos;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestSource;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's view: reads every result and {@code TxUpdate} from the beginning, as an application
 * would, through kills and the broker restart, de-duplicating on {@code eventId} (delivery is at
 * least once). Every delivered copy of a request (a client's resend, a poison replay) has a result
 * of its own; records as violations a copy answered otherwise than the first, a record answered
 * under two eventIds, and a {@code TxUpdate} whose sequence does not go up for its account. The
 * first result of each request is handed to the workload, which reacts to it like a client.
 */
final class Observations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Observations.class);

    private final KafkaConsumer<String, String> consumer;
    private final Consumer<RequestResult> onFirstResult;
    private final Thread poller = new Thread(this::poll, "observations");
    private volatile boolean running = true;
    private boolean started;

    private final Set<UUID> seenEvents = ConcurrentHashMap.newKeySet();
    private final Map<UUID, RequestResult> firstResults = new ConcurrentHashMap<>();
    private final Map<RequestSource, Set<UUID>> resultEventIds = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSequence = new ConcurrentHashMap<>();
    private final Map<String, Long> updatesPerAccount = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicLong redelivered = new AtomicLong();
    private final AtomicReference<CatchUp> catchUp = new AtomicReference<>();

    /** A request to read up to the end offsets taken when the poller first sees it. */
    private static final class CatchUp {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        Map<TopicPartition, Long> target;
    }

    Observations(String bootstrapServers, Consumer<RequestResult> onFirstResult) {
        this.onFirstResult = onFirstResult;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new StringDeserializer(), new StringDeserializer());
    }

    /** Starts reading; the topics must exist (the workers create them at start). */
    void start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.REQUEST_RESULTS, Topics.TXUPDATES)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        // Assigned, not subscribed: no group, so no rebalance and no committed offset to go back to.
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        poller.setDaemon(true);
        poller.start();
        started = true;
    }

    /** Completes once every record published before this call has been read. */
    CompletableFuture<Void> catchUp() {
        CatchUp request = new CatchUp();
        catchUp.set(request);
        return request.done;
    }

    Map<UUID, RequestResult> firstResults() {
        return firstResults;
    }

    /** Distinct eventIds seen per request record: exactly one each, or the worker answered one record twice. */
    Map<RequestSource, Set<UUID>> resultEventIds() {
        return resultEventIds;
    }

    /** Per account, how many distinct {@code TxUpdate}s were read and the last sequence. */
    Map<String, Long> updatesPerAccount() {
        return updatesPerAccount;
    }

    Map<String, Long> lastSequence() {
        return lastSequence;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long redelivered() {
        return redelivered.get();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(Topics.REQUEST_RESULTS)) {
                        result(ContractJson.mapper().readValue(record.value(), RequestResult.class));
                    } else {
                        update(ContractJson.mapper().readValue(record.value(), TxUpdate.class));
                    }
                }
                checkCaughtUp();
            }
        } catch (WakeupException e) {
            log.debug("observations stopped");
        } finally {
            consumer.close();
        }
    }

    private void result(RequestResult result) {
        if (!seenEvents.add(result.eventId())) {
            redelivered.incrementAndGet();
            return;
        }
        if (result.source() == null) {
            violations.add("result without the record it answers: " + result);
        } else {
            resultEventIds.computeIfAbsent(result.source(), s -> ConcurrentHashMap.newKeySet()).add(result.eventId());
        }
        RequestResult first = firstResults.putIfAbsent(result.requestId(), result);
        if (first == null) {
            onFirstResult.accept(result);
        } else if (!content(first).equals(content(result))) {
            violations.add("request " + result.requestId() + " answered differently: " + first + " and then " + result);
        }
    }

    /** What a result says about its request, without what tells one copy's result from another's. */
    private static RequestResult content(RequestResult result) {
        return new RequestResult(result.schemaVersion(), null, result.requestId(), result.requestType(), result.asset(),
                result.accountId(), result.status(), result.reason(), result.detail(), result.fieldErrors(),
                result.transactionId(), result.address(), result.occurredAt(), result.limit(), result.balance(),
                result.sequence(), result.available(), null, result.transactionIds());
    }

    private void update(TxUpdate update) {
        if (!seenEvents.add(update.eventId())) {
            redelivered.incrementAndGet();
            return;
        }
        long last = lastSequence.getOrDefault(update.accountId(), 0L);
        if (update.sequence() <= last) {
            violations.add("account " + update.accountId() + ": TxUpdate sequence " + update.sequence()
                    + " read after " + last + " (" + update + ")");
        }
        lastSequence.put(update.accountId(), Math.max(last, update.sequence()));
        updatesPerAccount.merge(update.accountId(), 1L, Long::sum);
    }

    private void checkCaughtUp() {
        CatchUp request = catchUp.get();
        if (request == null || request.done.isDone()) {
            return;
        }
        try {
            if (request.target == null) {
                request.target = consumer.endOffsets(consumer.assignment());
            }
            boolean reached = request.target.entrySet().stream()
                    .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
            if (reached) {
                request.done.complete(null);
            }
        } catch (KafkaException e) {
            // The broker may be restarting: not caught up yet; asked again after the next poll.
            log.info("cannot compare positions with end offsets yet: {}", e.toString());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (started) {
            consumer.wakeup();
            poller.join(10_000);
        } else {
            consumer.close();
        }
    }
}
