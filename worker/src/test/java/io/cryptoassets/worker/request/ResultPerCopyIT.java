package io.cryptoassets.worker.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestSource;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.worker.testsupport.PublishedEvents;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.testsupport.TestKafka;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Every delivered copy of a request is answered by a result of its own, naming the record it
 * answers as the producer's acknowledgement named it, with one effect on the ledger between them.
 * Transfers of the asset whose deposits are reported, so accounts are funded without a chain.
 */
@WorkerIntegrationTest
class ResultPerCopyIT {

    private static final BigInteger FUNDS = BigInteger.valueOf(10_000);
    private static final BigInteger AMOUNT = BigInteger.valueOf(2_500);

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
    private String from;
    private String to;
    /** The test's own model of the ledger: what each of its accounts must hold. */
    private final Map<String, BigInteger> expected = new HashMap<>();

    @BeforeEach
    void fund() {
        traffic = RequestTraffic.reported(jdbc);
        events = new PublishedEvents();
        from = RequestTraffic.account("copies");
        to = RequestTraffic.account("copies");
        traffic.fundedAccount(from, FUNDS.longValueExact());
        traffic.fundedAccount(to, 0);
        expected.put(from, FUNDS);
        expected.put(to, BigInteger.ZERO);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        traffic.close();
        events.close();
    }

    @Test
    void identicalCopiesInOnePollAreEachAnsweredUnderTheirOwnRecord() {
        Transfer transfer = transfer();
        DistributionSummary batches = meters.get("cryptoassets.requests.batch.size").summary();
        long batchesBefore = batches.count();
        double requestsBefore = batches.totalAmount();

        // Both copies wait on their partition while nothing consumes, so the next poll takes them together.
        MessageListenerContainer container = listeners.getListenerContainer("cryptoassets-requests");
        container.stop();
        RequestSource first;
        RequestSource second;
        try {
            first = traffic.sendAcknowledged(Topics.ACCOUNT_REQUESTS, null, transfer);
            second = traffic.sendAcknowledged(Topics.ACCOUNT_REQUESTS, null, transfer);
        } finally {
            container.start();
        }
        List<RequestResult> answers = awaitResults(transfer.requestId(), 2);

        assertThat(batches.count() - batchesBefore).as("the copies were applied in one batch").isEqualTo(1);
        assertThat(batches.totalAmount() - requestsBefore).isEqualTo(2);
        assertThat(answers).extracting(RequestResult::source).containsExactly(first, second);
        assertThat(answers).extracting(RequestResult::eventId).doesNotHaveDuplicates();
        assertThat(answers.get(0).status()).isEqualTo(RequestStatus.ACCEPTED);
        assertThat(content(answers.get(1))).as("the second copy gets the first copy's outcome")
                .isEqualTo(content(answers.get(0)));
        transferred(AMOUNT);
        assertLedgerAsModelled();
    }

    @Test
    void aLaterCopyAndAReusedIdAreAnsweredUnderTheirOwnRecords() {
        Transfer transfer = transfer();
        RequestSource original = traffic.sendAcknowledged(Topics.ACCOUNT_REQUESTS, null, transfer);
        awaitResults(transfer.requestId(), 1);
        RequestSource resent = traffic.sendAcknowledged(Topics.ACCOUNT_REQUESTS, null, transfer);
        Transfer other = new Transfer(transfer.requestId(), traffic.asset(), from, to, AMOUNT.add(BigInteger.ONE), null);
        RequestSource reused = traffic.sendAcknowledged(Topics.ACCOUNT_REQUESTS, null, other);
        List<RequestResult> answers = awaitResults(transfer.requestId(), 3);

        assertThat(answers).extracting(RequestResult::source).containsExactly(original, resent, reused);
        assertThat(answers).extracting(RequestResult::eventId).doesNotHaveDuplicates();
        assertThat(answers.get(0).status()).isEqualTo(RequestStatus.ACCEPTED);
        assertThat(content(answers.get(1))).as("a later copy gets the stored outcome, decision time included")
                .isEqualTo(content(answers.get(0)));
        assertThat(answers.get(2).reason()).isEqualTo(ReasonCode.REQUEST_ID_REUSED);
        assertThat(answers.get(2).requestId()).isEqualTo(transfer.requestId());
        assertThat(storedSource(transfer.requestId())).as("the inbox keeps the first answer").isEqualTo(original);
        transferred(AMOUNT);
        assertLedgerAsModelled();
    }

    @Test
    void aRedeliveredRecordIsAnsweredWithTheSameEventId() throws Exception {
        Transfer transfer = transfer();
        RequestSource first = traffic.sendAcknowledged(Topics.ACCOUNT_REQUESTS, null, transfer);
        RequestSource second = traffic.sendAcknowledged(Topics.ACCOUNT_REQUESTS, null, transfer);
        Map<RequestSource, Set<UUID>> before = eventIdsBySource(awaitResults(transfer.requestId(), 2));

        // As if the worker died after the database commit but before the offset commit.
        MessageListenerContainer container = listeners.getListenerContainer("cryptoassets-requests");
        container.stop();
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", TestKafka.get().bootstrapServers()))) {
            admin.alterConsumerGroupOffsets("cryptoassets-worker", Map.of(
                    new TopicPartition(first.topic(), first.partition()), new OffsetAndMetadata(first.offset())))
                    .all().get();
        } finally {
            container.start();
        }
        List<RequestResult> answers = awaitResults(transfer.requestId(), 4);

        assertThat(before).containsOnlyKeys(first, second);
        assertThat(before.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertThat(eventIdsBySource(answers)).as("each record's redelivery repeats its eventId").isEqualTo(before);
        assertThat(answers).extracting(RequestResult::source).containsExactly(first, second, first, second);
        transferred(AMOUNT);
        assertLedgerAsModelled();
    }

    @Test
    void copiesTheWorkerFailsOnAfterTheRequestWasAnsweredAreAnsweredUnderTheirOwnRecords() {
        Transfer transfer = transfer();
        RequestSource original = traffic.sendAcknowledged(Topics.ACCOUNT_REQUESTS, null, transfer);
        awaitResults(transfer.requestId(), 1);
        // Any answer to this request fails, except one written with its alert: that is, by the isolation path.
        ddl.sql("""
                CREATE FUNCTION cryptoassets.test_fail_answer() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM added WHERE type = 'RequestResult' AND payload->>'requestId' = '%s')
                       AND NOT EXISTS (SELECT 1 FROM added WHERE aggregatetype = '%s') THEN
                        RAISE EXCEPTION 'answer rejected by a test trigger' USING ERRCODE = 'P0001';
                    END IF;
                    RETURN NULL;
                END $$""".formatted(transfer.requestId(), Topics.ALERTS)).update();
        ddl.sql("""
                CREATE TRIGGER test_fail_answer AFTER INSERT ON cryptoassets.outbox
                REFERENCING NEW TABLE AS added FOR EACH STATEMENT
                EXECUTE FUNCTION cryptoassets.test_fail_answer()""").update();
        List<RequestResult> answers;
        RequestSource resent;
        RequestSource reused;
        try {
            resent = traffic.sendAcknowledged(Topics.ACCOUNT_REQUESTS, null, transfer);
            reused = traffic.sendAcknowledged(Topics.ACCOUNT_REQUESTS, null,
                    new Transfer(transfer.requestId(), traffic.asset(), from, to, AMOUNT.add(BigInteger.ONE), null));
            answers = awaitResults(transfer.requestId(), 3);
        } finally {
            ddl.sql("DROP TRIGGER test_fail_answer ON cryptoassets.outbox").update();
            ddl.sql("DROP FUNCTION cryptoassets.test_fail_answer()").update();
        }

        assertThat(answers).extracting(RequestResult::source).containsExactly(original, resent, reused);
        assertThat(content(answers.get(1))).isEqualTo(content(answers.get(0)));
        assertThat(answers.get(2).reason()).isEqualTo(ReasonCode.REQUEST_ID_REUSED);
        assertThat(traffic.outcome(transfer.requestId())).isEqualTo("ACCEPTED");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events.alerts())
                .filteredOn(a -> a.kind() == AlertKind.REQUEST_FAILED
                        && transfer.requestId().toString().equals(a.details().get("requestId")))
                .hasSize(2)
                .allSatisfy(a -> assertThat(a.message()).contains("its first answer stands")));
        transferred(AMOUNT);
        assertLedgerAsModelled();
    }

    private Transfer transfer() {
        return new Transfer(UUID.randomUUID(), traffic.asset(), from, to, AMOUNT, null);
    }

    private void transferred(BigInteger amount) {
        expected.merge(from, amount.negate(), BigInteger::add);
        expected.merge(to, amount, BigInteger::add);
    }

    private void assertLedgerAsModelled() {
        expected.forEach((account, balance) -> {
            assertThat(traffic.balance(account)).as("balance of %s", account).isEqualTo(balance);
            assertThat(traffic.entrySum(account)).as("entries of %s", account).isEqualTo(balance);
        });
    }

    /** Waits for {@code count} results of the request, then a moment more to see that no other comes. */
    private List<RequestResult> awaitResults(UUID requestId, int count) {
        traffic.flush();
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> events.results(requestId).size() >= count);
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> events.results(requestId).size() == count);
        return events.results(requestId);
    }

    private static Map<RequestSource, Set<UUID>> eventIdsBySource(List<RequestResult> results) {
        return results.stream().collect(Collectors.groupingBy(RequestResult::source,
                Collectors.mapping(RequestResult::eventId, Collectors.toSet())));
    }

    /** What a result says about its request, without what tells one copy's result from another's. */
    private static RequestResult content(RequestResult result) {
        return new RequestResult(result.schemaVersion(), null, result.requestId(), result.requestType(), result.asset(),
                result.accountId(), result.status(), result.reason(), result.detail(), result.fieldErrors(),
                result.transactionId(), result.address(), result.occurredAt(), result.limit(), result.balance(),
                result.sequence(), result.available(), null, result.transactionIds());
    }

    private RequestSource storedSource(UUID requestId) {
        return jdbc.sql("""
                        SELECT result->'source'->>'topic' AS topic, (result->'source'->>'partition')::int AS partition,
                               (result->'source'->>'offset')::bigint AS "offset"
                        FROM cryptoassets.processed_request WHERE request_id = :id
                        """)
                .param("id", requestId)
                .query((rs, row) -> new RequestSource(rs.getString("topic"), rs.getInt("partition"), rs.getLong("offset")))
                .single();
    }
}
