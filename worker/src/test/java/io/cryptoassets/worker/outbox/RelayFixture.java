package io.cryptoassets.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.testsupport.TestKafka;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The stage for relay tests: the worker's own relay is stopped (its shards and membership must
 * then be free), test relays come and go, and every row a test writes carries a key with the
 * test's own prefix. Closing stops the test relays, removes whatever rows of the test are
 * left, and starts the worker's relay again.
 */
final class RelayFixture implements AutoCloseable {

    private final OutboxRelay workerRelay;
    private final OutboxWriter writer;
    private final JdbcClient jdbc;
    private final String schema;
    private final int shards;
    private final String prefix = "relay-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final List<TestRelay> relays = new ArrayList<>();

    RelayFixture(OutboxRelay workerRelay, OutboxWriter writer, JdbcClient jdbc, String schema, int shards) {
        this.workerRelay = workerRelay;
        this.writer = writer;
        this.jdbc = jdbc;
        this.schema = schema;
        this.shards = shards;
        workerRelay.stop();
        try {
            // A stopped relay hands its session back to the pool: with no lock left on it.
            assertThat(members()).as("relay sessions after the worker's relay stopped").isEmpty();
            assertThat(lockHolders()).as("shard locks after the worker's relay stopped").isEmpty();
        } catch (AssertionError e) {
            workerRelay.start();
            throw e;
        }
    }

    int shards() {
        return shards;
    }

    String schema() {
        return schema;
    }

    /** A relay on the run's broker with the short test intervals, started. */
    TestRelay startRelay(String name) {
        return startRelay(name, TestKafka.get().bootstrapServers(), TestRelay.PROPERTIES);
    }

    TestRelay startRelay(String name, String bootstrapServers, RelayProperties properties) {
        return addRelay(name, bootstrapServers, properties).start();
    }

    /** A relay not yet started. */
    TestRelay addRelay(String name, String bootstrapServers, RelayProperties properties) {
        return addRelay(name, TestDatabase.get().dataSource(), bootstrapServers, properties);
    }

    /** A relay not yet started, on sessions of {@code dataSource}. */
    TestRelay addRelay(String name, DataSource dataSource, String bootstrapServers, RelayProperties properties) {
        TestRelay relay = new TestRelay(name, dataSource, schema, shards, bootstrapServers, properties);
        relays.add(relay);
        return relay;
    }

    /** Awaits: each relay holds its share, no shard is held twice, every shard is held, and PostgreSQL agrees. */
    void awaitBalanced(List<TestRelay> relays) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Map<Integer, Integer> holders = lockHolders();
            assertThat(holders).as("shard locks").hasSize(shards);
            assertThat(members()).as("members")
                    .containsExactlyInAnyOrderElementsOf(relays.stream().map(r -> r.relay().sessionPid()).toList());
            BitSet all = new BitSet();
            for (TestRelay relay : relays) {
                BitSet held = relay.heldSet();
                assertThat(held.cardinality()).as("share of " + relay)
                        .isBetween(shards / relays.size(), (shards + relays.size() - 1) / relays.size());
                assertThat(all.intersects(held)).as("shard held twice: " + relays).isFalse();
                all.or(held);
                Set<Integer> locked = holders.entrySet().stream()
                        .filter(e -> e.getValue() == relay.relay().sessionPid())
                        .map(Map.Entry::getKey).collect(Collectors.toSet());
                assertThat(locked).as("locks PostgreSQL sees for " + relay).isEqualTo(held.stream().boxed()
                        .collect(Collectors.toSet()));
            }
            assertThat(all.cardinality()).as("shards held").isEqualTo(shards);
        });
    }

    /** The {@code i}-th account of this test. */
    String account(int i) {
        return prefix + i;
    }

    /** Commits one row per account, each a txupdate with {@code sequence}; returns their event ids in order. */
    List<String> write(List<String> accounts, long sequence) {
        List<OutboxMessage> rows = accounts.stream()
                .map(account -> OutboxMessage.of(Topics.TXUPDATES, update(account, sequence), account))
                .toList();
        writer.append(rows);
        return rows.stream().map(row -> row.eventId().toString()).toList();
    }

    /** Rows of this test still in the outbox. */
    long waiting() {
        return jdbc.sql("SELECT count(*) FROM %s.outbox WHERE aggregateid LIKE :prefix".formatted(schema))
                .param("prefix", prefix + "%").query(Long.class).single();
    }

    /** Shard to the backend pid holding its lock, as PostgreSQL sees it. */
    Map<Integer, Integer> lockHolders() {
        Map<Integer, Integer> holders = new HashMap<>();
        jdbc.sql(locks()).param("space", ShardLocks.spaceOf(schema)).query((rs, row) -> {
            holders.put(rs.getInt("key"), rs.getInt("pid"));
            return null;
        }).list();
        return holders;
    }

    /** Backend pids of the relays registered as members, as PostgreSQL sees them. */
    List<Integer> members() {
        return jdbc.sql(locks()).param("space", RelayMembership.spaceOf(schema))
                .query((rs, row) -> rs.getInt("pid")).list();
    }

    /** Ends a relay's lock session from the server side, as when its process is killed. */
    void terminateSession(TestRelay relay) {
        int pid = relay.relay().sessionPid();
        assertThat(pid).as("session of " + relay.name()).isPositive();
        // As the server's administrator: the session may belong to another role than the worker's.
        assertThat(JdbcClient.create(TestDatabase.get().dataSource()).sql("SELECT pg_terminate_backend(:pid)")
                .param("pid", pid).query(Boolean.class).single())
                .as("terminated session " + pid).isTrue();
    }

    private static String locks() {
        return """
                SELECT objid::bigint AS key, pid FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND objsubid = 2
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND classid::bigint = :space
                """;
    }

    static TxUpdate update(String account, long sequence) {
        return new TxUpdate(UUID.randomUUID(), "BTC", sequence, TransactionType.INTERNAL, Direction.IN,
                TxState.INTERNAL, account, null, null, BigInteger.ONE, null, 0, true, sequence, Instant.now());
    }

    @Override
    public void close() {
        try {
            relays.forEach(TestRelay::close);
        } finally {
            jdbc.sql("DELETE FROM %s.outbox WHERE aggregateid LIKE :prefix".formatted(schema))
                    .param("prefix", prefix + "%").update();
            workerRelay.start();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> workerRelay.heldShards() == shards);
        }
    }
}
