package io.cryptoassets.worker.chaos;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker: the packaged jar in its own JVM, started again under the same name after each kill.
 * Its output goes to {@code <name>.log}, every start marked, and tells when it is ready.
 */
final class WorkerProcess {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private Process process;
    private volatile boolean started;
    private boolean killed;
    private int starts;

    WorkerProcess(String name, List<String> command, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
    }

    String name() {
        return name;
    }

    synchronized void start() {
        starts++;
        started = false;
        killed = false;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        Process current = process;
        Thread pump = new Thread(() -> pump(current, starts), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** SIGKILL: no shutdown hook, no drain, no goodbye; waits until the process is gone. */
    synchronized void kill() throws InterruptedException {
        killed = true;
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGSTOP: the process stops where it is, holding its sockets and database sessions, as in a
     * long GC pause or a frozen VM. Returns the pid frozen, for {@link #thaw(long)}.
     */
    synchronized long freeze() throws InterruptedException {
        long pid = process.pid();
        signal("STOP", pid);
        return pid;
    }

    /** SIGCONT to {@code pid}, if it is still this worker's process (it may have been killed meanwhile). */
    synchronized boolean thaw(long pid) throws InterruptedException {
        if (process == null || process.pid() != pid || !process.isAlive()) {
            return false;
        }
        signal("CONT", pid);
        return true;
    }

    private void signal(String name, long pid) throws InterruptedException {
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " exited " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not send SIG" + name + " to " + this.name, e);
        }
    }

    /** SIGTERM, the way an orchestrator stops a worker; {@link #awaitExit} then waits for it. */
    synchronized void terminate() {
        killed = true;
        process.destroy();
    }

    /** The exit code after {@link #terminate()}; kills the process if it takes longer than {@code timeout}. */
    synchronized int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(name + " did not stop within " + timeout + " of SIGTERM; see " + logFile);
        }
        return process.exitValue();
    }

    /** Kills it if it runs; for cleaning up after a failed test. */
    synchronized void destroy() {
        if (process != null && process.isAlive()) {
            killed = true;
            process.destroyForcibly();
        }
    }

    boolean started() {
        return started;
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** The exit code if the process ended without being killed or stopped by the test. */
    synchronized Optional<Integer> exitedOnItsOwn() {
        if (process == null || process.isAlive() || killed) {
            return Optional.empty();
        }
        return Optional.of(process.exitValue());
    }

    Path logFile() {
        return logFile;
    }

    /** Only the current process counts: a killed one's last lines may still be read after a restart. */
    private synchronized void markStarted(Process current) {
        if (current == process) {
            started = true;
            log.info("{} (pid {}) is up", name, current.pid());
        }
    }

    private void pump(Process current, int start) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(current.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write("==== " + name + " start " + start + " (pid " + current.pid() + ") at " + Instant.now() + " ====");
            out.newLine();
            String line;
            while ((line = lines.readLine()) != null) {
                out.write(line);
                out.newLine();
                if (line.contains("Started WorkerApplication")) {
                    out.flush();
                    markStarted(current);
                }
            }
        } catch (IOException e) {
            // A killed process can close its output in the middle of a line; the log keeps what came.
            log.debug("output of {} ended: {}", name, e.toString());
        }
    }
}
