package io.cryptoassets.worker.request;

import static io.cryptoassets.worker.testsupport.RequestTraffic.ASSET;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.worker.testsupport.PublishedEvents;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Faults in the request pipeline, reproduced for real against PostgreSQL and the broker: every
 * request still gets an answer, transient faults are waited out, and a partition never stalls.
 */
@WorkerIntegrationTest
class RequestFaultsIT {

    /** 10^78 - 1, the largest amount a request may carry and the largest balance the ledger holds. */
    private static final BigInteger LARGEST = BigInteger.TEN.pow(78).subtract(BigInteger.ONE);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    MeterRegistry meters;

    /** Test triggers are made as the server's administrator: the worker's role may not create any. */
    private final JdbcClient ddl = JdbcClient.create(TestDatabase.get().dataSource());

    private RequestTraffic traffic;
    private PublishedEvents events;

    @BeforeEach
    void connect() {
        traffic = new RequestTraffic(jdbc);
        events = new PublishedEvents();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        traffic.close();
        events.close();
    }

    @Test
    void replayOfARequestSentWithoutKeyIsAnsweredAsTheFirstTime() {
        String account = RequestTraffic.account("keyless");
        // One answer names an account, the other does not, so it is keyed by the requestId.
        OpenAccount open = new OpenAccount(UUID.randomUUID(), ASSET, account, null);
        DepositObserved stray = new DepositObserved(UUID.randomUUID(), ASSET, RequestTraffic.txid(), 0,
                RequestTraffic.newAddress(), BigInteger.ONE, 1, null);
        for (Request request : List.of(open, stray)) {
            traffic.send(topicOf(request), 0, null, json(request));
        }
        traffic.awaitAnswered(List.of(open.requestId(), stray.requestId()));

        for (Request request : List.of(open, stray)) {
            traffic.send(topicOf(request), 0, null, json(request));
        }
        UUID later = UUID.randomUUID();
        traffic.send(Topics.ACCOUNT_REQUESTS, 0, null, json(new OpenAccount(later, ASSET, account + "-later", null)));
        traffic.awaitAnswered(List.of(later));

        for (Request request : List.of(open, stray)) {
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(events.results(request.idempotencyKey())).hasSize(2));
            List<RequestResult> answers = events.results(request.idempotencyKey());
            assertThat(answers.get(1)).usingRecursiveComparison().ignoringFields("eventId", "source")
                    .isEqualTo(answers.get(0));
            assertThat(answers.get(1).source()).as("each copy's answer names its own record")
                    .isNotEqualTo(answers.get(0).source());
        }
        assertThat(events.all()).filteredOn(r -> r.value().contains(stray.requestId().toString()))
                .extracting(PublishedEvents.Received::key).containsOnly(stray.requestId().toString());
        assertThat(traffic.outcome(open.requestId())).isEqualTo("ACCEPTED");
        // BTC deposits come from the node, which does not know the stray's txid.
        assertThat(traffic.outcome(stray.requestId())).isEqualTo("REJECTED:UNKNOWN_TRANSACTION");
        assertThat(traffic.outcome(later)).isEqualTo("ACCEPTED");
    }

    @Test
    void creditPastTheLargestBalanceIsRejectedAndThePartitionGoesOn() {
        // A ledger rule, on the asset whose deposits are credited as reported.
        try (RequestTraffic reported = RequestTraffic.reported(jdbc)) {
            String asset = reported.asset();
            String account = RequestTraffic.account("whale");
            String address = reported.fundedAccount(account, 0);
            DepositObserved first = new DepositObserved(UUID.randomUUID(), asset, RequestTraffic.txid(), 0, address,
                    LARGEST, 6, null);
            DepositObserved second = new DepositObserved(UUID.randomUUID(), asset, RequestTraffic.txid(), 0, address,
                    LARGEST, 6, null);
            DepositObserved later = new DepositObserved(UUID.randomUUID(), asset, RequestTraffic.txid(), 0,
                    RequestTraffic.newAddress(), BigInteger.ONE, 6, null);
            for (DepositObserved deposit : List.of(first, second, later)) {
                reported.send(Topics.DEPOSIT_REQUESTS, 0, deposit);
            }
            reported.awaitAnswered(List.of(first.requestId(), second.requestId(), later.requestId()));

            assertThat(reported.outcome(first.requestId())).isEqualTo("ACCEPTED");
            assertThat(reported.outcome(second.requestId())).isEqualTo("REJECTED:AMOUNT_OUT_OF_RANGE");
            assertThat(reported.outcome(later.requestId())).isEqualTo("REJECTED:UNKNOWN_ADDRESS");
            assertThat(reported.balance(account)).isEqualTo(LARGEST);
            assertThat(reported.entrySum(account)).isEqualTo(LARGEST);
        }
    }

    @Test
    void outOfSharedMemoryOnABigBatchDegradesToSmallerBatches() throws Exception {
        // PostgreSQL raises 53200 when a SERIALIZABLE transaction's predicate locks overflow the
        // shared lock table, which big batches do; the trigger raises exactly that for more than
        // four of this test's requests in one transaction.
        String prefix = "locks-" + UUID.randomUUID().toString().substring(0, 8);
        ddl.sql("""
                CREATE FUNCTION cryptoassets.test_out_of_shared_memory() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF (SELECT count(*) FROM added WHERE result->>'accountId' LIKE '%s%%') > 4 THEN
                        RAISE EXCEPTION 'out of shared memory'
                            USING ERRCODE = '53200', HINT = 'You might need to increase max_pred_locks_per_transaction.';
                    END IF;
                    RETURN NULL;
                END $$""".formatted(prefix)).update();
        ddl.sql("""
                CREATE TRIGGER test_out_of_shared_memory AFTER INSERT ON cryptoassets.processed_request
                REFERENCING NEW TABLE AS added FOR EACH STATEMENT
                EXECUTE FUNCTION cryptoassets.test_out_of_shared_memory()""").update();
        try {
            double splitsBefore = meters.counter("cryptoassets.requests.batch.splits").count();
            List<UUID> opens = new ArrayList<>();
            inOnePoll(() -> {
                for (int i = 0; i < 12; i++) {
                    OpenAccount open = new OpenAccount(UUID.randomUUID(), ASSET, prefix + "-" + i, null);
                    opens.add(open.requestId());
                    traffic.send(Topics.ACCOUNT_REQUESTS, 1, open);
                }
            });
            traffic.awaitAnswered(opens);

            assertThat(opens).allSatisfy(id -> assertThat(traffic.outcome(id)).isEqualTo("ACCEPTED"));
            assertThat(meters.counter("cryptoassets.requests.batch.splits").count()).isGreaterThan(splitsBefore);
        } finally {
            ddl.sql("DROP TRIGGER test_out_of_shared_memory ON cryptoassets.processed_request").update();
            ddl.sql("DROP FUNCTION cryptoassets.test_out_of_shared_memory()").update();
        }
    }

    @Test
    void requestTheWorkerFailsOnIsAnsweredInternalErrorAndTheRestCommits() throws Exception {
        String poisoned = RequestTraffic.account("poisoned");
        ddl.sql("""
                CREATE FUNCTION btc.test_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.account_id = '%s' THEN
                        RAISE EXCEPTION 'account row rejected by a test trigger' USING ERRCODE = 'P0001';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(poisoned)).update();
        ddl.sql("""
                CREATE TRIGGER test_poison BEFORE INSERT ON btc.account
                FOR EACH ROW EXECUTE FUNCTION btc.test_poison()""").update();
        try {
            OpenAccount before = new OpenAccount(UUID.randomUUID(), ASSET, RequestTraffic.account("before"), null);
            OpenAccount poison = new OpenAccount(UUID.randomUUID(), ASSET, poisoned, null);
            OpenAccount after = new OpenAccount(UUID.randomUUID(), ASSET, RequestTraffic.account("after"), null);
            inOnePoll(() -> List.of(before, poison, after).forEach(r -> traffic.send(Topics.ACCOUNT_REQUESTS, 2, r)));
            OpenAccount later = new OpenAccount(UUID.randomUUID(), ASSET, RequestTraffic.account("later"), null);
            traffic.send(Topics.ACCOUNT_REQUESTS, 2, later);
            traffic.awaitAnswered(List.of(before.requestId(), poison.requestId(), after.requestId(), later.requestId()));

            assertThat(traffic.outcome(poison.requestId())).isEqualTo("REJECTED:INTERNAL_ERROR");
            assertThat(traffic.outcome(before.requestId())).isEqualTo("ACCEPTED");
            assertThat(traffic.outcome(after.requestId())).isEqualTo("ACCEPTED");
            assertThat(traffic.outcome(later.requestId())).isEqualTo("ACCEPTED");
            assertThat(jdbc.sql("SELECT count(*) FROM btc.account WHERE account_id = :id").param("id", poisoned)
                    .query(Long.class).single()).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(events.alerts())
                    .filteredOn(a -> a.kind() == AlertKind.REQUEST_FAILED
                            && poison.requestId().toString().equals(a.details().get("requestId")))
                    .singleElement().satisfies(a -> {
                        assertThat(a.asset()).isEqualTo(ASSET);
                        assertThat(a.details()).containsEntry("messageType", "OpenAccount");
                        assertThat(a.details().get("cause")).contains("P0001").contains("rejected by a test trigger");
                    }));
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(events.results(poison.requestId())).singleElement()
                            .satisfies(r -> assertThat(r.reason()).hasToString("INTERNAL_ERROR")));
        } finally {
            ddl.sql("DROP TRIGGER test_poison ON btc.account").update();
            ddl.sql("DROP FUNCTION btc.test_poison()").update();
        }
    }

    @Test
    void readOnlyDatabaseIsWaitedOutAndNothingIsAnsweredAsAnError() throws Exception {
        double transientBefore = meters.counter("cryptoassets.requests.transient.failures").count();
        double failedBefore = meters.counter("cryptoassets.requests", "outcome", "internal_error").count();
        List<UUID> opens = new ArrayList<>();
        try (Connection admin = adminConnection()) {
            // As during a failover or a maintenance window: every new session is read-only.
            execute(admin, "ALTER DATABASE " + databaseName(admin) + " SET default_transaction_read_only = on");
            terminateOtherSessions(admin);
            try {
                for (int i = 0; i < 5; i++) {
                    OpenAccount open = new OpenAccount(UUID.randomUUID(), ASSET, RequestTraffic.account("readonly"), null);
                    opens.add(open.requestId());
                    traffic.send(Topics.ACCOUNT_REQUESTS, 3, open);
                }
                traffic.flush();
                // Hold the fault for several of the container's growing pauses.
                Awaitility.await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(60)).until(() ->
                        meters.counter("cryptoassets.requests.transient.failures").count() >= transientBefore + 3);
                assertThat(answered(admin, opens)).isZero();
            } finally {
                execute(admin, "ALTER DATABASE " + databaseName(admin) + " RESET default_transaction_read_only");
                terminateOtherSessions(admin);
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> answered(admin, opens) == opens.size());
            assertThat(accepted(admin, opens)).isEqualTo(opens.size());
        }
        assertThat(meters.counter("cryptoassets.requests", "outcome", "internal_error").count()).isEqualTo(failedBefore);
    }

    /** Sends with the listener stopped, so that the records arrive in one poll when it starts. */
    private void inOnePoll(Runnable send) {
        MessageListenerContainer container = listeners.getListenerContainer("cryptoassets-requests");
        container.stop();
        try {
            send.run();
            traffic.flush();
        } finally {
            container.start();
        }
    }

    private static String topicOf(Request request) {
        return request instanceof DepositObserved ? Topics.DEPOSIT_REQUESTS : Topics.ACCOUNT_REQUESTS;
    }

    private static byte[] json(Request request) {
        return ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request);
    }

    /** A session of its own that stays writable while the database's default is read-only. */
    private static Connection adminConnection() throws SQLException {
        TestDatabase database = TestDatabase.get();
        Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        execute(connection, "SET default_transaction_read_only = off");
        return connection;
    }

    /** Through the test's own session: the pools' sessions were just terminated. */
    private static long answered(Connection connection, List<UUID> ids) throws SQLException {
        return count(connection, "SELECT count(*) FROM cryptoassets.processed_request WHERE request_id = ANY(?)", ids);
    }

    private static long accepted(Connection connection, List<UUID> ids) throws SQLException {
        return count(connection, """
                SELECT count(*) FROM cryptoassets.processed_request
                WHERE request_id = ANY(?) AND result->>'status' = 'ACCEPTED'""", ids);
    }

    private static long count(Connection connection, String sql, List<UUID> ids) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String databaseName(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Sessions pick up the database's default when they connect, so the pools must reconnect. */
    private static void terminateOtherSessions(Connection connection) throws SQLException {
        execute(connection, """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()""");
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
