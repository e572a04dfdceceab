package io.cryptoassets.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.testsupport.TestKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The worker as its own process: starts, then stops on SIGTERM with exit status 0. */
class WorkerProcessIT {

    @Test
    void stopsCleanlyOnSigterm() throws Exception {
        TestDatabase database = TestDatabase.get();
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        Process worker = new ProcessBuilder(List.of(
                javaBinary.toString(),
                "-Duser.timezone=" + System.getProperty("user.timezone"),
                "-cp", System.getProperty("java.class.path"),
                WorkerApplication.class.getName(),
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + TestKafka.get().bootstrapServers(),
                "--cryptoassets.shared-schema=process_it_shared",
                "--cryptoassets.assets[0].code=PBTC",
                "--cryptoassets.assets[0].schema=process_it_pbtc"))
                .redirectErrorStream(true)
                .start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (Exception ignored) {
                // the stream closes when the process ends; the assertions below read what arrived
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                    .until(() -> !worker.isAlive() || output.stream().anyMatch(l -> l.contains("Started WorkerApplication")));
            assertThat(worker.isAlive()).as("worker running; output:%n%s", String.join("\n", output)).isTrue();

            worker.destroy(); // SIGTERM

            assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("worker stopped within 60 s").isTrue();
            reader.join(5_000);
            assertThat(worker.exitValue()).as("exit status; output:%n%s", String.join("\n", output)).isZero();
        } finally {
            worker.destroyForcibly();
        }
    }
}
