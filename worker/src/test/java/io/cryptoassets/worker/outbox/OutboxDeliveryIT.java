package io.cryptoassets.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.testsupport.PublishedEvents;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.testsupport.TestKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * At least once: whatever interrupts a relay between reading rows and deleting them, every
 * row written reaches Kafka (possibly twice) and none stays behind. Each test checks both
 * with a consumer of its own, by event id.
 */
class OutboxDeliveryIT extends RelayIntegrationTest {

    @Test
    void aProducerClosedInTheMiddleOfABatchLosesNothing() throws Exception {
        try (PublishedEvents events = new PublishedEvents()) {
            TestRelay relay = fixture.startRelay("relay");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> relay.held() == fixture.shards());

            relay.template().closeProducerAtNextFlush();
            List<String> written = writeMany(10, 100);

            // That round fails and deletes nothing; the relay takes a new producer and sends again.
            awaitAllPublished(events, written);
            assertThat(relay.errors()).as("rounds failed by the closed producer").isGreaterThanOrEqualTo(1);
            assertThat(relay.relay().looping()).isTrue();
        }
    }

    @Test
    void aRelayStoppedInTheMiddleOfABacklogLeavesTheRestToTheNextOne() throws Exception {
        try (PublishedEvents events = new PublishedEvents()) {
            TestRelay first = fixture.startRelay("first");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first.held() == fixture.shards());

            // Stop is asked for while a batch is in flight: that batch completes, nothing more.
            RecordingTemplate.Hold hold = first.template().holdAfterNextFlush();
            List<String> written = writeMany(20, 100);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(hold::reached);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(first::stop);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !first.relay().isRunning());
            hold.release();
            stopping.get();
            assertThat(first.relay().looping()).isFalse();
            assertThat(fixture.members()).as("relays registered after the only one stopped").isEmpty();
            long left = fixture.waiting();
            assertThat(left).as("rows left by the stopped relay").isPositive()
                    .isEqualTo(written.size() - first.published());

            TestRelay next = fixture.startRelay("next");
            awaitAllPublished(events, written);
            assertThat(next.published()).isEqualTo(left);
        }
    }

    @Test
    void rowsAcknowledgedButNotDeletedWhenTheRelayDiesArePublishedByTheNextOne() throws Exception {
        try (PublishedEvents events = new PublishedEvents()) {
            TestRelay dying = fixture.startRelay("dying");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> dying.held() == fixture.shards());

            // The broker has acknowledged the batch; the process dies before deleting it: its
            // session ends (as the kernel closes a killed process's sockets), the thread never
            // gets further.
            RecordingTemplate.Hold hold = dying.template().holdAfterNextFlush();
            List<String> written = writeMany(10, 100);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(hold::reached);
            fixture.terminateSession(dying);

            TestRelay restarted = fixture.startRelay("restarted");
            awaitAllPublished(events, written);
            assertThat(restarted.template().acknowledged()).as("published again by the restarted relay")
                    .containsAll(dying.template().acknowledged());
            hold.release();
        }
    }

    @Test
    void aWorkerProcessKilledInTheMiddleOfABacklogLosesNothing() throws Exception {
        try (PublishedEvents events = new PublishedEvents()) {
            List<String> written = writeMany(20, 1000);
            Process worker = startWorkerProcess();
            List<String> output = readOutput(worker);
            try {
                // Killed (SIGKILL) as soon as its relay has published some rows: it is then somewhere
                // between reading, sending, awaiting acknowledgements and deleting a batch.
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                        .until(() -> !worker.isAlive() || fixture.waiting() < written.size());
                worker.destroyForcibly();
                assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("killed worker gone").isTrue();
                assertThat(fixture.waiting()).as("rows left by the killed worker; its output:%n%s",
                        String.join("\n", output)).isPositive().isLessThan(written.size());
            } finally {
                worker.destroyForcibly();
            }

            TestRelay restarted = fixture.startRelay("restarted");
            awaitAllPublished(events, written);
            assertThat(restarted.published()).isPositive();
        }
    }

    /**
     * The worker in a JVM of its own against the same database and broker. Its request listener
     * joins a group of its own, from the end of the topics, so it takes nothing from the worker
     * under test; only its relay matters here.
     */
    private static Process startWorkerProcess() throws IOException {
        TestDatabase database = TestDatabase.get();
        return new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC",
                "-Duser.timezone=" + System.getProperty("user.timezone"),
                "-cp", System.getProperty("java.class.path"),
                WorkerApplication.class.getName(),
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + TestKafka.get().bootstrapServers(),
                "--spring.kafka.consumer.auto-offset-reset=latest",
                "--cryptoassets.requests.group-id=outbox-killed-" + UUID.randomUUID()))
                .redirectErrorStream(true)
                .start();
    }

    private static List<String> readOutput(Process process) {
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException | UncheckedIOException e) {
                output.add("(output ended: " + e + ")");
            }
        }, "killed-worker-output");
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    /** {@code commits} commits of {@code rows} rows each, every row for a different account. */
    private List<String> writeMany(int commits, int rows) {
        List<String> written = new ArrayList<>();
        for (int commit = 0; commit < commits; commit++) {
            int first = commit * rows;
            written.addAll(fixture.write(IntStream.range(first, first + rows).mapToObj(fixture::account).toList(), 1));
        }
        return written;
    }

    private void awaitAllPublished(PublishedEvents events, List<String> written) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> consumed = events.all().stream().map(PublishedEvents.Received::eventIdHeader)
                    .collect(Collectors.toSet());
            assertThat(written.stream().filter(id -> !consumed.contains(id)))
                    .as("event ids not consumed (of %d written)", written.size()).isEmpty();
            assertThat(fixture.waiting()).as("rows left in the outbox").isZero();
        });
    }
}
