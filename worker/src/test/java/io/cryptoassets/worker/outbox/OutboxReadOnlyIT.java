package io.cryptoassets.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.testsupport.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database that turns read-only under the relay: Kafka acknowledges a batch that cannot be
 * deleted. The relay must neither send it again every round nor give up on it: it keeps its
 * session and shards, retries the delete with back-off, and once the database takes writes again
 * (and the read-only sessions are ended, as they must be for anything to write again) it deletes
 * the rows, having sent each at most once more.
 *
 * <p>The read-only default is set on a role of the test's own, the relay's, rather than on the
 * whole database, which the other components of the test's worker keep writing to; PostgreSQL
 * applies both the same way, to the sessions that start afterwards.
 */
class OutboxReadOnlyIT extends RelayIntegrationTest {

    /** Roles are made, changed and their sessions ended as the server's administrator, not the worker's role. */
    private final JdbcClient administrator = JdbcClient.create(TestDatabase.get().dataSource());

    @Test
    void acknowledgedRowsThatCannotBeDeletedAreNotSentAgainEveryRound() {
        String role = "relay_ro_" + UUID.randomUUID().toString().substring(0, 8);
        administrator.sql("CREATE ROLE " + role + " LOGIN SUPERUSER").update();
        try (HikariDataSource sessions = sessionsOf(role)) {
            TestRelay relay = fixture.addRelay("read-only", sessions, TestKafka.get().bootstrapServers(),
                    TestRelay.PROPERTIES).start();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> relay.held() == fixture.shards());

                // The operator's read-only switch: the default, then ending sessions so they pick it up.
                administrator.sql("ALTER ROLE " + role + " SET default_transaction_read_only = on").update();
                int writable = relay.relay().sessionPid();
                endSessionsOf(role);
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> relay.relay().sessionPid() != writable && relay.held() == fixture.shards());

                List<String> written = fixture.write(IntStream.range(0, 10).mapToObj(fixture::account).toList(), 1);
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> relay.template().acknowledged().containsAll(written));
                // Read-only for half a minute: the rows stay, and nothing goes out again meanwhile.
                Awaitility.await().pollDelay(Duration.ofSeconds(25)).atMost(Duration.ofSeconds(30))
                        .until(() -> fixture.waiting() == written.size());
                assertThat(sendsOf(relay, written)).as("Kafka records per row while read-only")
                        .allSatisfy((eventId, sends) -> assertThat(sends).as(eventId).isEqualTo(1L));
                assertThat(relay.held()).as("shards kept while the delete is retried").isEqualTo(fixture.shards());

                // Writable again, and the read-only sessions ended.
                administrator.sql("ALTER ROLE " + role + " RESET default_transaction_read_only").update();
                endSessionsOf(role);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fixture.waiting() == 0);
                assertThat(sendsOf(relay, written)).as("Kafka records per row, all told")
                        .hasSize(written.size())
                        .allSatisfy((eventId, sends) -> assertThat(sends).as(eventId).isBetween(1L, 2L));
            } finally {
                relay.stop();
            }
        } finally {
            endSessionsOf(role);
            administrator.sql("DROP ROLE " + role).update();
        }
    }

    /** Ends every session of {@code role}: the relay's, its listener's and the idle ones in its pool. */
    private void endSessionsOf(String role) {
        administrator.sql("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = :role")
                .param("role", role).query().listOfRows();
    }

    private static HikariDataSource sessionsOf(String role) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabase.get().jdbcUrl());
        config.setUsername(role);
        config.setMaximumPoolSize(4);
        config.setPoolName(role);
        return new HikariDataSource(config);
    }

    private static Map<String, Long> sendsOf(TestRelay relay, List<String> eventIds) {
        return relay.template().acknowledged().stream().filter(eventIds::contains)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
