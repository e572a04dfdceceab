package io.cryptoassets.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.testsupport.PublishedEvents;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.server.BrokerServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The broker goes away for a while and comes back: rows wait in the outbox, the relay keeps
 * its loop and its shards and counts its failed rounds, and once the broker is back every row
 * leaves.
 *
 * <p>The outage is real: this test runs a broker of its own (not the run's shared one, which
 * other tests need) on a fixed port, shuts its broker process down (the socket closes, clients
 * get connection refused) and starts the same broker again on the same port with its data, as
 * a restarted broker would come back.
 */
@WorkerIntegrationTest
class OutboxBrokerOutageIT {

    @Autowired
    OutboxRelay workerRelay;

    @Autowired
    OutboxWriter writer;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LedgerProperties ledger;

    @Autowired
    OutboxProperties outbox;

    RelayFixture fixture;
    EmbeddedKafkaKraftBroker broker;

    @BeforeEach
    void stage() throws IOException {
        broker = new EmbeddedKafkaKraftBroker(1, 6).kafkaPorts(freePort());
        broker.brokerProperty("auto.create.topics.enable", "true");
        broker.brokerProperty("num.partitions", "6");
        broker.afterPropertiesSet();
        fixture = new RelayFixture(workerRelay, writer, jdbc, ledger.sharedSchemaName().value(), outbox.shards());
    }

    @AfterEach
    void cleanUp() {
        try {
            fixture.close();
        } finally {
            broker.destroy();
        }
    }

    @Test
    void rowsWaitWhileTheBrokerIsDownAndAllLeaveOnceItIsBack() throws Exception {
        // send-timeout 2s: each round against the missing broker gives up after 2 s, so the test
        // sees several failed rounds in a few seconds.
        TestRelay relay = fixture.startRelay("relay", broker.getBrokersAsString(),
                new RelayProperties(true, 50, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(30)));
        try (PublishedEvents events = new PublishedEvents(broker.getBrokersAsString())) {
            List<String> before = fixture.write(accounts(0, 100), 1);
            awaitPublished(events, before);

            BrokerServer server = broker.getCluster().brokers().values().iterator().next();
            server.shutdown();
            server.awaitShutdown();
            double errorsBefore = relay.errors();
            List<String> during = fixture.write(accounts(100, 300), 1);

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> relay.errors() >= errorsBefore + 3);
            assertThat(relay.relay().looping()).as("relay loop alive").isTrue();
            assertThat(relay.held()).as("shards kept while Kafka is down").isEqualTo(fixture.shards());
            assertThat(relay.gauge("cryptoassets.outbox.backlog")).as("backlog").isEqualTo(during.size());
            assertThat(relay.gauge("cryptoassets.outbox.oldest.age.seconds")).as("oldest row age").isPositive();
            assertThat(fixture.waiting()).isEqualTo(during.size());

            server.startup();
            List<String> after = fixture.write(accounts(300, 400), 1);
            awaitPublished(events, during);
            awaitPublished(events, after);
            assertThat(relay.gauge("cryptoassets.outbox.backlog")).isZero();
        }
    }

    private List<String> accounts(int from, int to) {
        return IntStream.range(from, to).mapToObj(fixture::account).toList();
    }

    private void awaitPublished(PublishedEvents events, List<String> written) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> consumed = events.all().stream().map(PublishedEvents.Received::eventIdHeader)
                    .collect(Collectors.toSet());
            assertThat(written.stream().filter(id -> !consumed.contains(id)))
                    .as("event ids not consumed (of %d written)", written.size()).isEmpty();
            assertThat(fixture.waiting()).as("rows left in the outbox").isZero();
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
