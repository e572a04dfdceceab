package io.cryptoassets.worker.request;

import static io.cryptoassets.worker.testsupport.RequestTraffic.ASSET;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.ContractHeaders;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.chain.Nodes;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.worker.testsupport.PublishedEvents;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import io.cryptoassets.worker.testsupport.DeadLetterTopics;
import io.cryptoassets.worker.testsupport.TestKafka;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/** Requests through a real broker into real PostgreSQL: exactly-once effects under concurrency. */
@WorkerIntegrationTest
class RequestProcessingIT {

    private static final int PARTITIONS = 6;
    /** The test assets' min-withdrawal, the default: smaller withdrawals are refused before the ledger. */
    private static final long MINIMUM = 1_000;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Nodes nodes;

    private SimulatedChain chain;
    private RequestTraffic traffic;
    private RequestTraffic reported;
    private PublishedEvents events;

    @BeforeEach
    void connect() {
        chain = nodes.simulated(ASSET).orElseThrow();
        traffic = new RequestTraffic(jdbc, chain);
        reported = RequestTraffic.reported(jdbc);
        events = new PublishedEvents();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        traffic.close();
        reported.close();
        events.close();
    }

    @Test
    void thousandWithdrawalsRaceForFiveHundredUnitsAcrossTwoWorkers() {
        String account = RequestTraffic.account("race");
        traffic.fundedAccount(account, 500 * MINIMUM);
        List<UUID> withdrawals = new ArrayList<>();

        try (ConfigurableApplicationContext secondWorker = startSecondWorker()) {
            for (int i = 0; i < 1_000; i++) {
                UUID id = UUID.randomUUID();
                withdrawals.add(id);
                traffic.send(Topics.WITHDRAWAL_REQUESTS, i % PARTITIONS, new WithdrawalRequested(id, ASSET, account,
                        RequestTraffic.newAddress(), BigInteger.valueOf(MINIMUM), null, false));
            }
            traffic.awaitAnswered(withdrawals);
        }

        Map<String, Long> outcomes = outcomes(withdrawals);
        assertThat(outcomes).containsOnly(Map.entry("ACCEPTED", 500L), Map.entry("REJECTED:INSUFFICIENT_BALANCE", 500L));
        assertThat(traffic.balance(account)).isZero();
        assertThat(traffic.entrySum(account)).isZero();
    }

    @Test
    void withdrawalsRacingDepositsNeverOverdraw() {
        String account = RequestTraffic.account("busy");
        String address = traffic.fundedAccount(account, 0);
        List<UUID> withdrawals = new ArrayList<>();
        List<UUID> deposits = new ArrayList<>();
        // Real payments, confirmed before they are reported: the node is where BTC deposits come from.
        List<String> payments = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            payments.add(chain.pay(address, BigInteger.valueOf(MINIMUM)));
        }
        chain.mine(RequestTraffic.CREDITING_BLOCKS);

        try (ConfigurableApplicationContext secondWorker = startSecondWorker()) {
            for (int i = 0; i < 1_000; i++) {
                UUID id = UUID.randomUUID();
                withdrawals.add(id);
                traffic.send(Topics.WITHDRAWAL_REQUESTS, i % PARTITIONS, new WithdrawalRequested(id, ASSET, account,
                        RequestTraffic.newAddress(), BigInteger.valueOf(MINIMUM), null, false));
                if (i % 2 == 0) {
                    UUID deposit = UUID.randomUUID();
                    deposits.add(deposit);
                    traffic.send(Topics.DEPOSIT_REQUESTS, (i / 2) % PARTITIONS, new DepositObserved(deposit, ASSET,
                            payments.get(i / 2), 0, address, BigInteger.valueOf(MINIMUM), 3, null));
                }
            }
            traffic.awaitAnswered(withdrawals);
            traffic.awaitAnswered(deposits);
        }

        Map<String, Long> outcomes = outcomes(withdrawals);
        long accepted = outcomes.getOrDefault("ACCEPTED", 0L);
        assertThat(outcomes(deposits)).containsOnly(Map.entry("ACCEPTED", 500L));
        assertThat(accepted + outcomes.getOrDefault("REJECTED:INSUFFICIENT_BALANCE", 0L)).isEqualTo(1_000);
        assertThat(accepted).isPositive();
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf((500 - accepted) * MINIMUM)).isNotNegative();
        assertThat(traffic.entrySum(account)).isEqualTo(traffic.balance(account));
    }

    @Test
    void redeliveredBatchHasNoSecondEffect() throws Exception {
        String from = RequestTraffic.account("redeliver");
        String to = RequestTraffic.account("redeliver");
        traffic.fundedAccount(from, 100);
        traffic.fundedAccount(to, 0);
        Map<TopicPartition, Long> start = endOffsets(Topics.ACCOUNT_REQUESTS);
        List<UUID> transfers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            UUID id = UUID.randomUUID();
            transfers.add(id);
            traffic.send(Topics.ACCOUNT_REQUESTS, null, new Transfer(id, ASSET, from, to, BigInteger.valueOf(7), null));
        }
        traffic.awaitAnswered(transfers);
        long entriesBefore = traffic.entries(from) + traffic.entries(to);
        double replayedBefore = replayed();

        // As if the worker died after the database commit but before the offset commit.
        var container = listeners.getListenerContainer("cryptoassets-requests");
        container.stop();
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", TestKafka.get().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> rewind = new HashMap<>();
            start.forEach((partition, offset) -> rewind.put(partition, new OffsetAndMetadata(offset)));
            admin.alterConsumerGroupOffsets("cryptoassets-worker", rewind).all().get();
        }
        container.start();

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> replayed() - replayedBefore >= 10);
        assertThat(traffic.balance(from)).isEqualTo(BigInteger.valueOf(100 - 70));
        assertThat(traffic.balance(to)).isEqualTo(BigInteger.valueOf(70));
        assertThat(traffic.entries(from) + traffic.entries(to)).isEqualTo(entriesBefore);
    }

    @Test
    void sameRequestIdWithOtherContentIsRejectedAndTheFirstStands() {
        String account = RequestTraffic.account("reuse");
        traffic.fundedAccount(account, 10 * MINIMUM);
        UUID id = UUID.randomUUID();
        traffic.send(Topics.WITHDRAWAL_REQUESTS, null, new WithdrawalRequested(id, ASSET, account,
                RequestTraffic.newAddress(), BigInteger.valueOf(MINIMUM), null, false));
        traffic.awaitAnswered(List.of(id));
        String firstResult = storedResult(id);

        traffic.send(Topics.WITHDRAWAL_REQUESTS, null, new WithdrawalRequested(id, ASSET, account,
                RequestTraffic.newAddress(), BigInteger.valueOf(2 * MINIMUM), null, false));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.results(id).stream()
                .anyMatch(r -> r.reason() == ReasonCode.REQUEST_ID_REUSED));

        assertThat(storedResult(id)).isEqualTo(firstResult);
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(9 * MINIMUM));
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndThePartitionGoesOn() {
        String account = RequestTraffic.account("poison");
        traffic.send(Topics.ACCOUNT_REQUESTS, 0, account, "{not json".getBytes(StandardCharsets.UTF_8));
        traffic.send(Topics.ACCOUNT_REQUESTS, 0, account,
                "{\"type\":\"OpenAccount\",\"schemaVersion\":1,\"asset\":\"BTC\",\"accountId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        UUID open = UUID.randomUUID();
        traffic.send(Topics.ACCOUNT_REQUESTS, 0, new OpenAccount(open, ASSET, account, null));
        traffic.awaitAnswered(List.of(open));

        List<ConsumerRecord<String, byte[]>> dead = DeadLetterTopics.read(Topics.dlt(Topics.ACCOUNT_REQUESTS), account, 2);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(DeadLetterTopics.header(dead.get(0), ContractHeaders.DLT_REASON)).isEqualTo("UNREADABLE");
        assertThat(DeadLetterTopics.header(dead.get(0), ContractHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.ACCOUNT_REQUESTS);
        assertThat(DeadLetterTopics.header(dead.get(1), ContractHeaders.DLT_REASON)).isEqualTo("INVALID_REQUEST");
        assertThat(DeadLetterTopics.header(dead.get(1), ContractHeaders.DLT_DETAIL)).contains("requestId");
    }

    @Test
    void invalidRequestWithARequestIdIsRejectedNamingTheFields() {
        UUID id = UUID.randomUUID();
        traffic.sendRaw(Topics.WITHDRAWAL_REQUESTS, "someone", """
                {"type":"WithdrawalRequested","schemaVersion":1,"requestId":"%s","asset":"BTC",
                 "accountId":"someone","toAddress":"x","amount":"-5"}""".formatted(id));
        traffic.awaitAnswered(List.of(id));

        assertThat(traffic.outcome(id)).isEqualTo("REJECTED:INVALID_REQUEST");
        assertThat(jdbc.sql("""
                        SELECT e->>'field' FROM cryptoassets.processed_request,
                            jsonb_array_elements(result->'fieldErrors') AS e
                        WHERE request_id = :id
                        """).param("id", id).query(String.class).list()).contains("amount");
    }

    @Test
    void shuffledAndDuplicatedConfirmationsCreditExactlyOnce() {
        // Confirmations as reported, in any order: the ledger's rule, on the asset without a node.
        String account = RequestTraffic.account("deposit");
        String address = reported.fundedAccount(account, 0);
        String txid = RequestTraffic.txid();
        List<Integer> confirmations = new ArrayList<>();
        for (int c : new int[] {0, 1, 2, 3, 4, 3}) {
            confirmations.add(c);
            confirmations.add(c);
        }
        Collections.shuffle(confirmations, new Random(42));
        List<UUID> observations = new ArrayList<>();
        for (int c : confirmations) {
            DepositObserved observed = new DepositObserved(null, reported.asset(), txid, 1, address,
                    BigInteger.valueOf(25), c, null);
            observations.add(observed.idempotencyKey());
            reported.send(Topics.DEPOSIT_REQUESTS, null, observed);
        }
        reported.awaitAnswered(observations.stream().distinct().toList());

        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(25));
        assertThat(reported.entries(account)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT credited FROM xbt.transaction WHERE txid = :t").param("t", txid)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void withdrawalToOwnLedgerAddressSettlesInternally() {
        String payer = RequestTraffic.account("payer");
        String payee = RequestTraffic.account("payee");
        traffic.fundedAccount(payer, 50_000);
        String payeeAddress = traffic.fundedAccount(payee, 0);
        UUID id = UUID.randomUUID();
        traffic.send(Topics.WITHDRAWAL_REQUESTS, null,
                new WithdrawalRequested(id, ASSET, payer, payeeAddress, BigInteger.valueOf(20_000), "rent", false));
        traffic.awaitAnswered(List.of(id));

        assertThat(traffic.outcome(id)).isEqualTo("ACCEPTED");
        assertThat(traffic.balance(payer)).isEqualTo(BigInteger.valueOf(30_000));
        assertThat(traffic.balance(payee)).isEqualTo(BigInteger.valueOf(20_000));
        assertThat(jdbc.sql("SELECT type FROM btc.transaction WHERE request_id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("internal");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(events.txUpdates(payer)).anySatisfy(u -> {
                assertThat(u.transactionType()).isEqualTo(TransactionType.INTERNAL);
                assertThat(u.direction()).isEqualTo(Direction.OUT);
                assertThat(u.amount()).isEqualTo(BigInteger.valueOf(20_000));
            });
            assertThat(events.txUpdates(payee)).anySatisfy(u -> {
                assertThat(u.transactionType()).isEqualTo(TransactionType.INTERNAL);
                assertThat(u.direction()).isEqualTo(Direction.IN);
            });
        });
    }

    private Map<String, Long> outcomes(List<UUID> ids) {
        Map<String, Long> counts = new HashMap<>();
        for (UUID id : ids) {
            counts.merge(traffic.outcome(id), 1L, Long::sum);
        }
        return counts;
    }

    private String storedResult(UUID id) {
        return jdbc.sql("SELECT result::text FROM cryptoassets.processed_request WHERE request_id = :id")
                .param("id", id).query(String.class).single();
    }

    private double replayed() {
        return meters.counter("cryptoassets.requests", "outcome", "replayed").count();
    }

    private static ConfigurableApplicationContext startSecondWorker() {
        return new SpringApplicationBuilder(WorkerApplication.class)
                .initializers(new TestInfrastructure())
                .run();
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", TestKafka.get().bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        }
    }
}
