package io.cryptoassets.worker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker in a JVM of its own, as in production: started from its jar with the given
 * options, its output in a log file, stopped with SIGTERM so it drains and exits 0.
 */
final class WorkerProcess implements AutoCloseable {

    private static final String STARTED = "Started WorkerApplication";

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the worker with {@code settings} (Spring properties, as environment variables) and {@code args}. */
    static WorkerProcess start(Path jar, List<String> javaOptions, Map<String, String> settings, List<String> args,
                               Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // A free management port, so a benchmark worker never clashes with one already running.
        builder.environment().put("MANAGEMENT_SERVER_PORT", "0");
        builder.environment().putAll(settings);
        Process process = builder.start();
        WorkerProcess worker = new WorkerProcess(process, log);
        worker.awaitStarted(Duration.ofMinutes(2));
        return worker;
    }

    long pid() {
        return process.pid();
    }

    private void awaitStarted(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log).contains(STARTED)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the worker exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("the worker did not start within " + timeout + "; see " + log);
            }
            Thread.sleep(200);
        }
    }

    /** Lines of the worker's log containing {@code text}, e.g. how often a batch was split. */
    long logLines(String text) {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs an admin command of the same jar with {@code settings}; returns its exit code and output. */
    static Map.Entry<Integer, String> admin(Path jar, Map<String, String> settings, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // A free management port, so a benchmark worker never clashes with one already running.
        builder.environment().put("MANAGEMENT_SERVER_PORT", "0");
        builder.environment().putAll(settings);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return Map.entry(process.waitFor(), output);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
