package io.cryptoassets.worker.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker processes sharing one consumer group, and the operator's admin commands, all run
 * from the packaged jar with one configuration: workers get it on the command line, each with its
 * own node user name (so the node knows who called); admin commands, whose command line picocli
 * owns, get it as {@code SPRING_APPLICATION_JSON}.
 */
final class WorkerFleet implements AutoCloseable {

    /** What an admin command printed and returned. */
    record AdminRun(int exitCode, String output) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String NODE_USER = "cryptoassets.assets[0].node.bitcoind.username";

    private final Path jar;
    private final Path logDir;
    private final Map<String, String> configuration;
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final Thread killAtExit = new Thread(this::destroyAll, "kill-test-workers");

    WorkerFleet(Path jar, Path logDir, Map<String, String> configuration, int size) {
        this.jar = jar;
        this.logDir = logDir;
        this.configuration = Map.copyOf(configuration);
        for (int i = 1; i <= size; i++) {
            String name = "worker-" + i;
            Map<String, String> own = new LinkedHashMap<>(configuration);
            own.put(NODE_USER, name);
            // Several workers on one machine: each takes a free management port.
            own.putIfAbsent("management.server.port", "0");
            List<String> command = new ArrayList<>(java("-Xmx384m"));
            own.forEach((key, value) -> command.add("--" + key + "=" + value));
            workers.add(new WorkerProcess(name, command, logDir.resolve(name + ".log")));
        }
        Runtime.getRuntime().addShutdownHook(killAtExit);
    }

    List<WorkerProcess> workers() {
        return List.copyOf(workers);
    }

    Optional<WorkerProcess> byNodeUser(String user) {
        return workers.stream().filter(w -> w.name().equals(user)).findFirst();
    }

    void startAll() {
        workers.forEach(WorkerProcess::start);
    }

    boolean allStarted() {
        return workers.stream().allMatch(w -> w.alive() && w.started());
    }

    /** SIGTERM to every worker at once, then their exit codes by name. */
    Map<String, Integer> stopAll(Duration timeout) throws InterruptedException {
        workers.forEach(WorkerProcess::terminate);
        Map<String, Integer> exitCodes = new TreeMap<>();
        for (WorkerProcess worker : workers) {
            exitCodes.put(worker.name(), worker.awaitExit(timeout));
        }
        return exitCodes;
    }

    /** Runs {@code java -jar worker.jar <args>} against the fleet's database, as an operator would. */
    AdminRun admin(String... args) throws IOException, InterruptedException {
        Map<String, String> own = new LinkedHashMap<>(configuration);
        own.put(NODE_USER, "operator");
        List<String> command = new ArrayList<>(java("-Xmx256m"));
        command.addAll(List.of(args));
        // Output to a file rather than a pipe, so a command that hangs cannot hang the reader too.
        Path output = Files.createTempFile(logDir, "admin-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("SPRING_APPLICATION_JSON", JSON.writeValueAsString(own));
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("admin command " + String.join(" ", args) + " did not end; see " + output);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        Files.writeString(logDir.resolve("operator.log"), "==== " + Instant.now() + " $ " + String.join(" ", args)
                + " -> exit " + process.exitValue() + System.lineSeparator() + text, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new AdminRun(process.exitValue(), text);
    }

    @Override
    public void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it does the same
        }
    }

    private void destroyAll() {
        workers.forEach(WorkerProcess::destroy);
    }

    private List<String> java(String heap) {
        // Small heaps, serial GC and C1 only: five JVMs share two cores, and start-up time counts.
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Duser.timezone=" + System.getProperty("user.timezone"), "-jar", jar.toString());
    }
}
