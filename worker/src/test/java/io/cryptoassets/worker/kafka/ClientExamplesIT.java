package io.cryptoassets.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestKafka;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The client examples of contracts/examples, run as processes against the test broker and a
 * worker, do to the ledger what they say, and exit non-zero when the worker refuses a step.
 * Fails, rather than skips, when their libraries are missing: CI installs them (.ci/run).
 */
@WorkerIntegrationTest
class ClientExamplesIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("cryptoassets.test.repository-root", ".."));
    private static final long DEPOSIT = 50_000;

    /** A client example: how to run it, and how to install what it needs. */
    enum Client {
        /** Debian's package installs for Debian's interpreter; a python3 earlier on PATH (pyenv, venv) does not see it. */
        PYTHON(System.getProperty("cryptoassets.test.python", "/usr/bin/python3"), "python/cryptoassets_client.py"),
        NODE(System.getProperty("cryptoassets.test.node", "node"), "node/cryptoassets-client.js");

        final String interpreter;
        final Path script;

        Client(String interpreter, String script) {
            this.interpreter = interpreter;
            this.script = REPOSITORY.resolve("contracts/examples").resolve(script);
        }
    }

    @Autowired
    JdbcClient jdbc;

    private RequestTraffic ledger;

    @BeforeAll
    static void clientLibrariesAreInstalled() throws Exception {
        SoftAssertions missing = new SoftAssertions();
        missing.assertThat(new ProcessBuilder(Client.PYTHON.interpreter, "-c", "import confluent_kafka").start().waitFor())
                .as("%s cannot import confluent_kafka: apt-get install python3-confluent-kafka (.ci/run does)",
                        Client.PYTHON.interpreter).isZero();
        missing.assertThat(REPOSITORY.resolve("contracts/examples/node/node_modules/kafkajs/package.json"))
                .as("the Node example's modules are missing: npm ci --prefix contracts/examples/node (.ci/run does)")
                .exists();
        missing.assertAll();
    }

    @BeforeEach
    void readTheLedger() {
        ledger = RequestTraffic.reported(jdbc);
    }

    @AfterEach
    void stopReading() {
        ledger.close();
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void theExampleOpensDepositsAndWithdrawsAndTheLedgerShowsIt(Client client) throws Exception {
        String account = RequestTraffic.account("example-" + client.name().toLowerCase());
        String address = RequestTraffic.newAddress();
        String destination = RequestTraffic.newAddress();
        Instant started = Instant.now();

        Run run = run(client, account, address, destination, 20_000);

        assertThat(run.exitCode()).as("exit code of the %s example; its output:%n%s", client, run.output()).isZero();
        assertThat(run.output()).contains("done: every step was answered as expected")
                .contains("ask the balance: status ACCEPTED, balance " + (DEPOSIT - 20_000));
        assertThat(ledger.balance(account)).isEqualTo(BigInteger.valueOf(DEPOSIT - 20_000));
        assertThat(ledger.entrySum(account)).isEqualTo(ledger.balance(account));
        assertThat(transactions(account)).containsExactly(
                "deposit credited 50000 to " + address,
                "broadcast pending 20000 to " + destination);
        assertThat(requestsKeyed(Set.of(account, address), started)).as("requests the example produced")
                .hasSize(5).allSatisfy(produced -> assertThat(produced.partition()).as("partition of key %s", produced.key())
                        .isEqualTo(produced.javaPartition()));
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void theExampleFailsWhenTheWorkerRefusesTheWithdrawal(Client client) throws Exception {
        String account = RequestTraffic.account("refused-" + client.name().toLowerCase());

        Run run = run(client, account, RequestTraffic.newAddress(), RequestTraffic.newAddress(), DEPOSIT + 1);

        assertThat(run.exitCode()).as("exit code of the %s example; its output:%n%s", client, run.output()).isEqualTo(1);
        assertThat(run.output()).contains("was answered INSUFFICIENT_BALANCE").doesNotContain("done:");
        assertThat(ledger.balance(account)).isEqualTo(BigInteger.valueOf(DEPOSIT));
        assertThat(ledger.entries(account)).isEqualTo(1);
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(Client client, String account, String address, String destination, long withdrawal)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("client-example", ".log");
        Process process = new ProcessBuilder(client.interpreter, client.script.toString(),
                "--bootstrap-servers", TestKafka.get().bootstrapServers(),
                "--asset", RequestTraffic.REPORTED_ASSET,
                "--account", account,
                "--address", address,
                "--to-address", destination,
                "--deposit", String.valueOf(DEPOSIT),
                "--withdraw", String.valueOf(withdrawal),
                "--timeout", "30")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            boolean ended = process.waitFor(45, TimeUnit.SECONDS);
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            // Its steps, in the test's log, for whoever reads a CI run.
            System.out.printf("%s example, account %s:%n%s", client, account, printed);
            assertThat(ended).as("the %s example ended within 45 s; its output:%n%s", client, printed).isTrue();
            return new Run(process.exitValue(), printed);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    private List<String> transactions(String account) {
        return jdbc.sql("""
                        SELECT type || ' ' || state || ' ' || amount || ' to ' || address
                        FROM xbt.transaction
                        WHERE account_id = :account
                        ORDER BY id
                        """)
                .param("account", account).query(String.class).list();
    }

    /** A request record as the broker placed it, and how many partitions its topic has. */
    private record Produced(String key, int partition, int partitions) {

        /** Where the Java client, and so the worker's own producers, puts this key. */
        int javaPartition() {
            return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
        }
    }

    /** The request records with one of these keys produced since {@code since}. */
    private static List<Produced> requestsKeyed(Set<String> keys, Instant since) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            Map<String, Integer> partitionCounts = new HashMap<>();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.ACCOUNT_REQUESTS, Topics.DEPOSIT_REQUESTS, Topics.WITHDRAWAL_REQUESTS)) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic);
                partitionCounts.put(topic, infos.size());
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.offsetsForTimes(partitions.stream().collect(Collectors.toMap(p -> p, p -> since.toEpochMilli())))
                    .forEach((partition, found) -> consumer.seek(partition, found == null ? ends.get(partition) : found.offset()));
            List<Produced> produced = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(r.key())) {
                        produced.add(new Produced(r.key(), r.partition(), partitionCounts.get(r.topic())));
                    }
                }
            }
            return produced;
        }
    }
}
