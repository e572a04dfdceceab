package io.cryptoassets.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.ContractHeaders;
import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.DerivedRequestId;
import io.cryptoassets.contracts.serde.DepositRequestDeserializer;
import io.cryptoassets.worker.testsupport.DeadLetterTopics;
import io.cryptoassets.worker.testsupport.TestKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code notify}, Bitcoin Core's walletnotify hook, as the node runs it: its own process,
 * configured by properties, with a database address where nothing listens, so a command that
 * touched the database would fail.
 */
class NotifyCommandIT {

    private static final String NO_DATABASE = "--spring.datasource.url=jdbc:postgresql://127.0.0.1:9/nowhere";
    /** Far below the default 30 s, and the time a process of this JVM needs to start and stop comes on top. */
    private static final Duration BOUND = Duration.ofSeconds(3);
    private static final Duration START_AND_STOP = Duration.ofSeconds(15);

    @Test
    void producesOneDepositNotifiedKeyedByTxidAndExitsOnceAcknowledged() throws Exception {
        String txid = randomTxid();

        CommandProcess.Run run = CommandProcess.run(command(TestKafka.get().bootstrapServers(), "--asset", "NOTE", txid));

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
        DepositNotified expected = new DepositNotified(null, "NOTE", txid);
        assertThat(run.output()).contains("notified NOTE " + txid + " as request "
                + DerivedRequestId.of("DepositNotified", "NOTE", txid)).doesNotContain("Tomcat");
        List<ConsumerRecord<String, byte[]>> records = DeadLetterTopics.read(Topics.DEPOSIT_REQUESTS, txid, 1);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(DeadLetterTopics.header(record, ContractHeaders.MESSAGE_TYPE)).isEqualTo("DepositNotified");
        JsonNode body = ContractJson.mapper().readTree(record.value());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("type", "schemaVersion", "asset", "txid");
        try (DepositRequestDeserializer deserializer = new DepositRequestDeserializer()) {
            assertThat(deserializer.deserialize(Topics.DEPOSIT_REQUESTS, record.value())).isEqualTo(expected);
        }
    }

    @Test
    void aBrokerAddressWhereNothingListensFailsWithinTheBound() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        CommandProcess.Run run = CommandProcess.run(command("127.0.0.1:" + closedPort, "--timeout", "3s", randomTxid()));

        assertUnacknowledgedWithinTheBound(run);
    }

    @Test
    void aBrokerThatAcceptsAndNeverAnswersFailsWithinTheBound() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // kept open, never read, never answered
                    }
                } catch (IOException closed) {
                    // the test closed the server socket: done accepting
                }
            }, "silent-broker");
            acceptor.start();

            CommandProcess.Run run = CommandProcess.run(command("127.0.0.1:" + silent.getLocalPort(), "--timeout", "3s",
                    randomTxid()));

            assertUnacknowledgedWithinTheBound(run);
            assertThat(accepted).as("the command reached the silent broker").isNotEmpty();
            silent.close();
            acceptor.join();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aMalformedTxidIsABadCommandLine() throws Exception {
        String upperCase = randomTxid().toUpperCase();

        CommandProcess.Run run = CommandProcess.run(command(TestKafka.get().bootstrapServers(), upperCase));

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.output()).contains("not a valid DepositNotified: txid does not match the regex pattern");
    }

    @Test
    void anAssetThatIsNotConfiguredIsRefused() throws Exception {
        CommandProcess.Run run = CommandProcess.run(command(TestKafka.get().bootstrapServers(), "--asset", "DOGE",
                randomTxid()));

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.output()).contains("refused: asset DOGE is not configured");
    }

    private static void assertUnacknowledgedWithinTheBound(CommandProcess.Run run) {
        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.output()).contains("did not acknowledge the notice within 3s")
                .doesNotContain("\tat org.apache.kafka");
        assertThat(run.took()).as("ended within the bound").isLessThan(BOUND.plus(START_AND_STOP));
    }

    private static List<String> command(String bootstrapServers, String... notifyArguments) {
        List<String> args = new ArrayList<>(List.of(NO_DATABASE,
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--cryptoassets.assets[0].code=NOTE",
                // Said if a web server started: the hook must not open the management port.
                "--logging.level.org.springframework.boot.tomcat=INFO",
                "notify"));
        args.addAll(List.of(notifyArguments));
        return args;
    }

    private static String randomTxid() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
