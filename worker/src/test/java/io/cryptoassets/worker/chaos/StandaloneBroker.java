package io.cryptoassets.worker.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka broker in its own process, run by {@code infra/local/kafka} on free ports with its own
 * runtime and data directories, so it can be restarted under the workers and never meets a
 * developer's broker on 9092. The jars are those of the usual runtime directory, resolved once.
 * Stopped on {@link #close()}, and by a shutdown hook if the test JVM ends first.
 */
final class StandaloneBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandaloneBroker.class);

    private final Path script;
    private final Path scriptLog;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final int port;
    private final Thread stopAtExit = new Thread(this::stopQuietly, "stop-test-broker");

    StandaloneBroker(Path repositoryRoot, Path runtimeDir, boolean mavenOffline) {
        this.script = repositoryRoot.resolve("infra/local/kafka");
        this.scriptLog = runtimeDir.resolve("script.log");
        this.port = freePort();
        environment.put("KAFKA_RUNTIME_DIR", runtimeDir.toString());
        environment.put("KAFKA_LIB_DIR", repositoryRoot.resolve("infra/local/kafka-runtime/libs").toString());
        environment.put("KAFKA_PORT", Integer.toString(port));
        environment.put("KAFKA_CONTROLLER_PORT", Integer.toString(freePort()));
        environment.put("KAFKA_HEAP_OPTS", "-Xms128m -Xmx512m");
        environment.put("KAFKA_START_TIMEOUT", "180");
        if (mavenOffline) {
            environment.put("KAFKA_MVN_ARGS", "-o");
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    void start() {
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        run("start");
    }

    /** A graceful stop (SIGTERM, then SIGKILL after the script's timeout) and a start on the same data. */
    void restart() {
        run("stop");
        run("start");
    }

    @Override
    public void close() {
        try {
            run("stop");
        } finally {
            removeHook();
        }
    }

    private void run(String command) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(scriptLog.getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of(script.toString(), command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(scriptLog.toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("infra/local/kafka " + command + " did not finish; see " + scriptLog);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("infra/local/kafka " + command + " failed with exit code "
                        + process.exitValue() + ":\n" + Files.readString(scriptLog, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run infra/local/kafka " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running infra/local/kafka " + command, e);
        }
        log.info("broker {} on {} took {} ms", command, bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void stopQuietly() {
        try {
            run("stop");
        } catch (RuntimeException e) {
            // The JVM is ending: report what could not be stopped rather than hide it.
            System.err.println("could not stop the test broker on " + bootstrapServers() + ": " + e);
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            log.debug("JVM already shutting down; the hook stops the broker");
        } catch (IllegalArgumentException neverAdded) {
            log.debug("broker was never started");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
