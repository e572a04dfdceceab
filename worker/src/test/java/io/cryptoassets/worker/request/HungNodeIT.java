package io.cryptoassets.worker.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.testsupport.LongTest;
import io.cryptoassets.worker.testsupport.PublishedEvents;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestDatabase;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A bitcoind node that accepts connections and never answers. The worker's lookups for a poll
 * must end within about two read-timeouts, so the consumer keeps its place in the group: every
 * request gets exactly one result, none is replayed, and the partition goes on.
 *
 * <p>A redelivered batch is answered from the inbox without asking the node again.
 *
 * <p>The worker runs with its own broker and database, so the shared context of other tests
 * (which would answer the same topics with a simulated node) never sees these requests, and with
 * a 15 s {@code max.poll.interval.ms}: asking the node one request after another would take
 * 10 x 2 s and get the consumer evicted.
 */
@LongTest
class HungNodeIT {

    private static final Logger log = LoggerFactory.getLogger(HungNodeIT.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final int REQUESTS = 10;

    private SilentNode node;
    private EmbeddedKafkaKraftBroker broker;
    private TestDatabase.Scratch database;
    private ConfigurableApplicationContext worker;
    private KafkaProducer<String, byte[]> producer;
    private PublishedEvents events;

    @BeforeEach
    void start() throws IOException {
        node = new SilentNode();
        broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.brokerProperty("auto.create.topics.enable", "true");
        broker.brokerProperty("num.partitions", "6");
        broker.afterPropertiesSet();
        database = TestDatabase.get().scratch("hung_node");
        worker = new SpringApplicationBuilder(WorkerApplication.class).run(
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + TestDatabase.get().user(),
                "--spring.datasource.password=" + TestDatabase.get().password(),
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.kafka.consumer.properties[max.poll.interval.ms]=15000",
                "--cryptoassets.assets[0].code=BTC",
                "--cryptoassets.assets[0].node.type=bitcoind",
                "--cryptoassets.assets[0].node.bitcoind.url=http://127.0.0.1:" + node.port(),
                "--cryptoassets.assets[0].node.bitcoind.username=worker",
                "--cryptoassets.assets[0].node.bitcoind.password=secret",
                "--cryptoassets.assets[0].node.bitcoind.connect-timeout=2s",
                "--cryptoassets.assets[0].node.bitcoind.read-timeout=" + READ_TIMEOUT.toSeconds() + "s",
                // Only the request side asks the node here: no broadcasts, polls or scans.
                "--cryptoassets.chain.enabled=false");
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
        events = new PublishedEvents(broker.getBrokersAsString());
    }

    @AfterEach
    void stop() throws IOException, InterruptedException {
        // In reverse order of start, each only if it was started.
        if (events != null) {
            events.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (worker != null) {
            worker.close();
        }
        database.close();
        broker.destroy();
        node.close();
    }

    @Test
    void everyRequestGetsOneNodeUnavailableWithinTwoReadTimeoutsAndThePartitionGoesOn() throws Exception {
        // The consumer has joined and answers before the node is asked anything.
        awaitAssigned();
        UUID first = UUID.randomUUID();
        send(new OpenAccount(first, RequestTraffic.ASSET, RequestTraffic.account("hung"), null));
        producer.flush();
        awaitResults(List.of(first), Duration.ofSeconds(60));

        long noticesStart = endOffset(Topics.DEPOSIT_REQUESTS, 0);
        List<UUID> notices = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            UUID id = UUID.randomUUID();
            notices.add(id);
            send(new DepositNotified(id, RequestTraffic.ASSET, RequestTraffic.txid()));
        }
        producer.flush(); // one produce request, so one fetch and one poll
        long sent = System.nanoTime();
        awaitResults(notices, Duration.ofSeconds(60));
        Duration took = Duration.ofNanos(System.nanoTime() - sent);
        log.info("{} requests against the silent node answered after {} ms", REQUESTS, took.toMillis());

        assertThat(node.requests()).as("the node was asked").isEqualTo(REQUESTS);
        // Two read-timeouts and slack for a loaded machine; one after another would take 20 s.
        assertThat(took).isLessThan(READ_TIMEOUT.multipliedBy(2).plusSeconds(6));
        for (UUID id : notices) {
            RequestResult result = events.results(id).get(0);
            assertThat(result.status()).isEqualTo(RequestStatus.REJECTED);
            assertThat(result.reason()).isEqualTo(ReasonCode.NODE_UNAVAILABLE);
        }
        // Longer than max.poll.interval.ms several times over: an evicted consumer would get the
        // batch again and publish the stored results a second time.
        Awaitility.await().during(Duration.ofSeconds(45)).atMost(Duration.ofSeconds(50))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> notices.stream().allMatch(id -> events.results(id).size() == 1));

        UUID later = UUID.randomUUID();
        send(new OpenAccount(later, RequestTraffic.ASSET, RequestTraffic.account("hung"), null));
        producer.flush();
        awaitResults(List.of(later), Duration.ofSeconds(30));
        assertThat(events.results(later).get(0).status()).isEqualTo(RequestStatus.ACCEPTED);

        // As if the worker had died after its commit and before its offsets: the notices come
        // again, are answered from the inbox with their first results (the same records, so the
        // same eventIds too), and the node is not asked.
        var container = worker.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("cryptoassets-requests");
        container.stop();
        rewind(Topics.DEPOSIT_REQUESTS, 0, noticesStart);
        container.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> notices.stream().allMatch(id -> events.results(id).size() == 2));
        for (UUID id : notices) {
            assertThat(events.results(id).get(1)).isEqualTo(events.results(id).get(0));
        }
        assertThat(node.requests()).isEqualTo(REQUESTS);
    }

    private long endOffset(String topic, int partition) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            TopicPartition tp = new TopicPartition(topic, partition);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
        }
    }

    private void rewind(String topic, int partition, long offset) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.alterConsumerGroupOffsets("cryptoassets-worker",
                    Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(offset))).all().get();
        }
    }

    /** Everything on partition 0 of its topic, so the notices arrive in one poll of one consumer. */
    private void send(Request request) {
        String topic = request instanceof DepositNotified ? Topics.DEPOSIT_REQUESTS : Topics.ACCOUNT_REQUESTS;
        producer.send(new ProducerRecord<>(topic, 0, request.recordKey(),
                ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request)));
    }

    private void awaitResults(List<UUID> ids, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> ids.stream().allMatch(id -> !events.results(id).isEmpty()));
    }

    private void awaitAssigned() {
        var container = worker.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("cryptoassets-requests");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> container.getAssignedPartitions() != null
                && !container.getAssignedPartitions().isEmpty());
    }

    /**
     * Accepts every connection, reads what comes and never sends a byte back, like a node stuck
     * in a long call. Counts the HTTP requests it was sent.
     */
    private static final class SilentNode implements AutoCloseable {

        private static final byte[] POST = "POST ".getBytes(StandardCharsets.US_ASCII);

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final AtomicInteger requests = new AtomicInteger();

        SilentNode() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        accepted.add(socket);
                        Thread reader = new Thread(() -> count(socket), "silent-node-reader");
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "silent-node");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        private void count(Socket socket) {
            int matched = 0;
            try (InputStream in = new BufferedInputStream(socket.getInputStream())) {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    matched = b == POST[matched] ? matched + 1 : b == POST[0] ? 1 : 0;
                    if (matched == POST.length) {
                        requests.incrementAndGet();
                        matched = 0;
                    }
                }
            } catch (IOException e) {
                // the client gave up on the connection, or the node was closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
