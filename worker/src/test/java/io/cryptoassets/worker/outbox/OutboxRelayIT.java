package io.cryptoassets.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.testsupport.PublishedEvents;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import io.cryptoassets.worker.testsupport.TestKafka;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/** The relay against a real broker and PostgreSQL: every row leaves, in order per key, from one holder per shard. */
@WorkerIntegrationTest
class OutboxRelayIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OutboxWriter writer;

    @Autowired
    OutboxRelay relay;

    @Autowired
    KafkaTemplate<String, String> outboxTemplate;

    @Autowired
    LedgerProperties ledger;

    @Autowired
    OutboxProperties outboxProperties;

    @Test
    void everyResultReachesKafkaWithItsEventIdHeaderAndTheOutboxEmpties() throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (PublishedEvents events = new PublishedEvents(); var producer = producer()) {
            for (int i = 0; i < 200; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                send(producer, new OpenAccount(id, "BTC", "relay-" + id.toString().substring(0, 8), null));
            }
            producer.flush();

            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> ids.stream().allMatch(id -> !events.results(id).isEmpty()));
            for (PublishedEvents.Received received : events.all()) {
                RequestResult result = ContractJson.mapper().readValue(received.value(), RequestResult.class);
                assertThat(received.eventIdHeader()).isEqualTo(result.eventId().toString());
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("SELECT count(*) FROM cryptoassets.outbox").query(Long.class).single() == 0);
    }

    @Test
    void eachAccountsEventsArriveInCommitOrderAcrossThreeWorkers() throws Exception {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            accounts.add("order-" + UUID.randomUUID().toString().substring(0, 8));
        }
        try (PublishedEvents events = new PublishedEvents();
             ConfigurableApplicationContext second = startWorker();
             ConfigurableApplicationContext third = startWorker();
             var producer = producer()) {
            // Each committed batch writes rows of many accounts at once; the per-account
            // sequence in every TxUpdate is the commit order the consumer must see.
            for (int round = 0; round < 30; round++) {
                int r = round;
                jdbcTransaction(() -> writer.append(accounts.stream()
                        .map(account -> OutboxMessage.of(Topics.TXUPDATES, update(account, r + 1), account))
                        .toList()));
            }
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> accounts.stream().allMatch(a -> distinctSequences(events.txUpdates(a)).size() == 30));

            for (String account : accounts) {
                List<Long> sequences = distinctSequences(events.txUpdates(account));
                assertThat(sequences).as(account).isSorted().hasSize(30);
            }
        }
    }

    @Test
    void aRelayThatLosesItsShardsStopsPublishingThemAndAnotherTakesOver() {
        RelayMetrics standbyMetrics = new RelayMetrics(new SimpleMeterRegistry(), jdbc, "cryptoassets");
        OutboxRelay standby = new OutboxRelay(TestDatabase.get().dataSource(),
                new ShardPublisher(outboxTemplate, ledger.sharedSchemaName().value(), 100, Duration.ofSeconds(10)),
                new OutboxSignal(), standbyMetrics, outboxProperties.shards(), Duration.ofMillis(200));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> relay.heldShards() == outboxProperties.shards());
        standby.start();
        try {
            Awaitility.await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                    .until(() -> standby.heldShards() == 0);

            // The holder's session dies (as when its process is killed): PostgreSQL frees its locks.
            jdbc.sql("""
                    SELECT pg_terminate_backend(pid) FROM pg_locks
                    WHERE locktype = 'advisory' AND classid = :space AND pid <> pg_backend_pid()
                      AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = :space
                                  GROUP BY pid HAVING count(*) = :shards)
                    """).param("space", ShardLocks.LOCK_SPACE).param("shards", outboxProperties.shards())
                    .query().listOfRows();

            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> standby.heldShards() == outboxProperties.shards());
            // The old holder notices on its next round, when its dead connection fails.
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> relay.heldShards() == 0);
            jdbcTransaction(() -> writer.append(List.of(
                    OutboxMessage.of(Topics.TXUPDATES, update("takeover", 1), "takeover"))));
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> standbyMetrics.publishedCount() >= 1);
        } finally {
            standby.stop();
        }
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> relay.heldShards() == outboxProperties.shards());
    }

    private void jdbcTransaction(Runnable work) {
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(TestDatabase.get().dataSource()))
                .executeWithoutResult(status -> work.run());
    }

    private static TxUpdate update(String account, long sequence) {
        return new TxUpdate(UUID.randomUUID(), "BTC", sequence, io.cryptoassets.contracts.txupdate.TransactionType.INTERNAL,
                io.cryptoassets.contracts.txupdate.Direction.IN, io.cryptoassets.contracts.txupdate.TxState.INTERNAL,
                account, null, null, java.math.BigInteger.ONE, null, 0, true, sequence, Instant.now());
    }

    private static List<Long> distinctSequences(List<TxUpdate> updates) {
        Set<UUID> seen = new HashSet<>();
        List<Long> sequences = new ArrayList<>();
        for (TxUpdate update : updates) {
            if (seen.add(update.eventId())) {
                sequences.add(update.sequence());
            }
        }
        return sequences;
    }

    private static ConfigurableApplicationContext startWorker() {
        return new SpringApplicationBuilder(WorkerApplication.class).initializers(new TestInfrastructure()).run();
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, Request request) {
        producer.send(new ProducerRecord<>(Topics.ACCOUNT_REQUESTS, request.recordKey(),
                ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request)));
    }
}
