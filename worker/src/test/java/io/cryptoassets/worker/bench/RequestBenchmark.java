package io.cryptoassets.worker.bench;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.RequestResult;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.SegwitAddress;

/**
 * Drives a running worker through Kafka like an application: funds accounts with deposits,
 * then produces withdrawals as fast as the producer allows (a share of them too large, so
 * they are rejected) and reads every result. Prints throughput and request-to-result latency.
 *
 * <p>Arguments: bootstrap servers, accounts, withdrawals. Run by {@code infra/bench/requests}.
 */
public final class RequestBenchmark {

    private final Map<UUID, Long> sentAt = new ConcurrentHashMap<>();
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong lastResultNanos = new AtomicLong();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, String> consumer;

    private RequestBenchmark(String bootstrap) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new StringDeserializer());
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int withdrawals = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        new RequestBenchmark(bootstrap).run(accounts, withdrawals);
    }

    private void run(int accountCount, int withdrawalCount) throws Exception {
        consumer.subscribe(List.of(Topics.REQUEST_RESULTS));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100)); // join the group
        }
        // Resolve "latest" now: left lazy, results written before the first fetch would be skipped.
        consumer.assignment().forEach(consumer::position);
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> accounts = new ArrayList<>();
        List<Request> setup = new ArrayList<>();
        List<Request> funding = new ArrayList<>();
        for (int i = 0; i < accountCount; i++) {
            String account = "bench-" + run + "-" + i;
            accounts.add(account);
            String address = newAddress();
            setup.add(new OpenAccount(UUID.randomUUID(), "BTC", account, null));
            setup.add(new CreateAddress(UUID.randomUUID(), "BTC", account, address));
            funding.add(new DepositObserved(UUID.randomUUID(), "BTC", txid(), 0, address, BigInteger.valueOf(1_000), 6, null));
        }
        // Addresses must exist before deposits to them are reported, as on a real chain: the
        // two travel on different topics, so nothing else orders them.
        long setupNanos = sendAndAwait(setup, "accounts") + sendAndAwait(funding, "deposits");
        System.out.printf("setup: %d accounts opened and funded with 1000 each, %.0f requests/s%n",
                accountCount, (setup.size() + funding.size()) / (setupNanos / 1e9));

        latency.reset();
        accepted.set(0);
        rejected.set(0);
        Random random = new Random(7);
        List<Request> load = new ArrayList<>();
        for (int i = 0; i < withdrawalCount; i++) {
            // Amounts of 1-120 against 1000 each, 20 per account by default: once an account runs
            // low its later withdrawals are rejected INSUFFICIENT_BALANCE (about a third here).
            load.add(new WithdrawalRequested(UUID.randomUUID(), "BTC", accounts.get(random.nextInt(accountCount)),
                    newAddress(), BigInteger.valueOf(1 + random.nextInt(120)), null, false));
        }
        long nanos = sendAndAwait(load, "withdrawals");
        System.out.printf("withdrawals: %d in %.2f s = %.0f requests/s sustained (%d accepted, %d rejected)%n",
                withdrawalCount, nanos / 1e9, withdrawalCount / (nanos / 1e9), accepted.get(), rejected.get());
        System.out.printf("request-to-result latency ms: p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3);
        producer.close();
        consumer.close();
    }

    /** Sends every request, reads results until each has one; returns first send to last result. */
    private long sendAndAwait(List<Request> requests, String phase) {
        long start = System.nanoTime();
        for (Request request : requests) {
            UUID id = request.idempotencyKey();
            pending.add(id);
            sentAt.put(id, System.nanoTime());
            String topic = request instanceof WithdrawalRequested ? Topics.WITHDRAWAL_REQUESTS
                    : request instanceof DepositObserved ? Topics.DEPOSIT_REQUESTS : Topics.ACCOUNT_REQUESTS;
            producer.send(new ProducerRecord<>(topic, request.recordKey(),
                    ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request)));
            if (pending.size() % 5_000 == 0) {
                drain(Duration.ZERO);
            }
        }
        producer.flush();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(phase + ": " + pending.size() + " requests got no result in 10 minutes");
            }
            drain(Duration.ofMillis(100));
        }
        return lastResultNanos.get() - start;
    }

    private void drain(Duration timeout) {
        consumer.poll(timeout).forEach(record -> {
            long now = System.nanoTime();
            RequestResult result = ContractJson.mapper().readValue(record.value(), RequestResult.class);
            Long sent = sentAt.remove(result.requestId());
            if (sent != null && pending.remove(result.requestId())) {
                latency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - sent)));
                (result.reason() == null ? accepted : rejected).incrementAndGet();
                lastResultNanos.set(now);
            }
        });
    }

    private static String newAddress() {
        byte[] hash = new byte[20];
        new SecureRandom().nextBytes(hash);
        return SegwitAddress.fromHash(BitcoinNetwork.MAINNET, hash).toString();
    }

    private static String txid() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }
}
