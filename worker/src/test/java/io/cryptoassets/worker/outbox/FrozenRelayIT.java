package io.cryptoassets.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.ContractHeaders;
import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.testsupport.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A worker frozen by SIGSTOP keeps its database session, and with it its shard locks. The relay
 * of another worker must end that session once it has been silent for {@code stale-after}, take
 * its shards and publish their rows; when the frozen worker resumes it must publish and delete
 * nothing of them (it joins again and gets its share back through the normal balancing).
 *
 * <p>The frozen worker is a real worker process on a shared schema of the test's own; the other
 * relay runs in this JVM on the same schema.
 */
class FrozenRelayIT {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STALE_AFTER = Duration.ofSeconds(5);
    private static final int SHARDS = 16;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String schema = "frozen_" + run;
    private final String topic = "frozen-relay-" + run;
    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.get().dataSource());
    private final List<ConsumerRecord<String, String>> received = new CopyOnWriteArrayList<>();
    private volatile boolean consuming = true;

    @Test
    void aFrozenWorkerLosesItsShardsWithinStaleAfterAndPublishesNothingOfThemWhenItWakes() throws Exception {
        Path log = Path.of("target", "frozen-relay-" + run + ".log");
        Process worker = startWorker(log);
        Thread consumer = new Thread(this::consume, "frozen-relay-consumer");
        consumer.start();
        TestRelay peer = null;
        try {
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> !worker.isAlive()
                    || Files.readString(log).contains("Started WorkerApplication"));
            assertThat(worker.isAlive()).as("worker process; see " + log).isTrue();
            peer = new TestRelay("peer", TestDatabase.get().dataSource(), schema, SHARDS,
                    TestKafka.get().bootstrapServers(), new RelayProperties(true, 50, POLL, Duration.ofSeconds(5),
                    STALE_AFTER));
            peer.start();
            TestRelay relay = peer;
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> relay.held() == SHARDS / 2
                    && holders().size() == SHARDS && new HashSet<>(holders().values()).size() == 2);
            int frozenSession = holders().values().stream().filter(pid -> pid != relay.relay().sessionPid())
                    .findFirst().orElseThrow();

            List<String> keys = IntStream.range(0, 48).mapToObj(i -> "frozen-" + run + "-" + i).toList();
            List<String> all = new ArrayList<>(write(keys, 1));
            awaitDelivered(all, Duration.ofSeconds(30));
            // Freeze it between rounds: frozen between Kafka's acknowledgement and its delete, its
            // batch would rightly go out once more from the relay that takes over (at least once),
            // and this test counts exactly one record per row. CI on a loaded machine caught that.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waiting() == 0);

            signal(worker, "STOP");
            long frozenAt = System.nanoTime();
            List<String> whileFrozen = write(keys, 2);
            all.addAll(whileFrozen);
            awaitDelivered(whileFrozen, STALE_AFTER.plusSeconds(25));
            Duration takeover = Duration.ofNanos(System.nanoTime() - frozenAt);
            System.out.printf("rows of a frozen worker's shards published by the other relay %d ms after SIGSTOP "
                    + "(stale-after %d ms)%n", takeover.toMillis(), STALE_AFTER.toMillis());
            assertThat(takeover).as("rows of the frozen worker's shards published after")
                    .isLessThan(STALE_AFTER.plusSeconds(10));
            assertThat(relay.held()).as("shards of the relay that took over").isEqualTo(SHARDS);
            assertThat(jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid").param("pid", frozenSession)
                    .query(Long.class).single()).as("the frozen worker's lock session").isZero();
            List<String> stillFrozen = write(keys, 3);
            all.addAll(stillFrozen);
            awaitDelivered(stillFrozen, Duration.ofSeconds(20));

            signal(worker, "CONT");
            // It finds its session gone, joins again and gets its share back.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> relay.held() == SHARDS / 2
                    && holders().size() == SHARDS && new HashSet<>(holders().values()).size() == 2);
            List<String> afterwards = write(keys, 4);
            all.addAll(afterwards);
            awaitDelivered(afterwards, Duration.ofSeconds(30));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waiting() == 0);

            List<ConsumerRecord<String, String>> ours = received.stream()
                    .filter(r -> all.contains(eventId(r))).toList();
            Map<String, Long> sends = ours.stream().collect(Collectors.groupingBy(FrozenRelayIT::eventId,
                    Collectors.counting()));
            assertThat(sends).as("Kafka records per row").hasSize(all.size())
                    .allSatisfy((eventId, count) -> assertThat(count).as(eventId).isEqualTo(1L));
            Map<String, List<Integer>> sequences = new LinkedHashMap<>();
            ours.forEach(r -> sequences.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(sequence(r)));
            assertThat(sequences).as("sequences per key, in the order consumed").hasSize(keys.size())
                    .allSatisfy((key, seen) -> assertThat(seen).as(key).containsExactly(1, 2, 3, 4));
        } finally {
            consuming = false;
            if (peer != null) {
                peer.close();
            }
            signal(worker, "CONT");
            worker.destroy();
            if (!worker.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                worker.destroyForcibly().waitFor();
            }
            consumer.join(10_000);
        }
    }

    private Process startWorker(Path log) throws IOException {
        TestDatabase database = TestDatabase.get();
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.timezone=" + System.getProperty("user.timezone"),
                "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                WorkerApplication.class.getName(),
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + TestKafka.get().bootstrapServers(),
                "--cryptoassets.shared-schema=" + schema,
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--cryptoassets.assets[0].code=PBTC",
                "--cryptoassets.assets[0].schema=" + schema + "_pbtc",
                "--cryptoassets.chain.enabled=false",
                "--cryptoassets.requests.group-id=" + schema,
                "--cryptoassets.outbox.shards=" + SHARDS,
                "--cryptoassets.relay.poll-interval=" + POLL.toMillis() + "ms",
                "--cryptoassets.relay.send-timeout=5s",
                "--cryptoassets.relay.stale-after=" + STALE_AFTER.toMillis() + "ms"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        if (process.isAlive()) {
            assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start()
                    .waitFor()).as("kill -" + signal).isZero();
        }
    }

    /** Commits one row per key, its type telling the sequence; returns the event ids. */
    private List<String> write(List<String> keys, int sequence) {
        List<String> ids = keys.stream().map(k -> UUID.randomUUID().toString()).toList();
        jdbc.sql("""
                INSERT INTO %s.outbox (id, aggregatetype, aggregateid, type, payload, shard)
                SELECT id, :topic, key, :type, '{}'::jsonb, shard
                FROM unnest(CAST(:ids AS uuid[]), CAST(:keys AS text[]), CAST(:shards AS smallint[])) AS r(id, key, shard)
                """.formatted(schema))
                .param("topic", topic).param("type", "seq-" + sequence)
                .param("ids", ids.toArray(String[]::new)).param("keys", keys.toArray(String[]::new))
                .param("shards", keys.stream().map(k -> (short) Math.floorMod(k.hashCode(), SHARDS))
                        .toArray(Short[]::new))
                .update();
        return ids;
    }

    private void awaitDelivered(List<String> eventIds, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            Set<String> seen = received.stream().map(FrozenRelayIT::eventId).collect(Collectors.toSet());
            return seen.containsAll(eventIds);
        });
    }

    private long waiting() {
        return jdbc.sql("SELECT count(*) FROM %s.outbox".formatted(schema)).query(Long.class).single();
    }

    /** Shard to the backend pid holding its lock. */
    private Map<Integer, Integer> holders() {
        Map<Integer, Integer> holders = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT objid::bigint AS shard, pid FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND objsubid = 2
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND classid::bigint = :space
                """).param("space", ShardLocks.spaceOf(schema)).query((rs, row) -> {
                    holders.put(rs.getInt("shard"), rs.getInt("pid"));
                    return null;
                }).list();
        return holders;
    }

    private void consume() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (consuming) {
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
            }
        }
    }

    private static String eventId(ConsumerRecord<String, String> record) {
        return new String(record.headers().lastHeader(ContractHeaders.EVENT_ID).value(), StandardCharsets.UTF_8);
    }

    private static int sequence(ConsumerRecord<String, String> record) {
        String type = new String(record.headers().lastHeader(ContractHeaders.MESSAGE_TYPE).value(),
                StandardCharsets.UTF_8);
        return Integer.parseInt(type.substring("seq-".length()));
    }
}
