package io.cryptoassets.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.worker.WorkerApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An admin command run as its own process, as {@code java -jar worker.jar} would run it, with a clean environment. */
final class CommandProcess {

    /** What the process said (stdout and stderr together), how it ended, and how long it took. */
    record Run(int exitCode, String output, Duration took) {
    }

    private CommandProcess() {
    }

    static Run run(List<String> args) throws IOException, InterruptedException {
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(javaBinary.toString(),
                "-Duser.timezone=" + System.getProperty("user.timezone"),
                "-cp", System.getProperty("java.class.path"),
                WorkerApplication.class.getName()));
        command.addAll(args);
        Path output = Files.createTempFile("admin-command", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            // Only the command line configures the command.
            builder.environment().keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("CRYPTOASSETS_"));
            long started = System.nanoTime();
            Process process = builder.start();
            try {
                boolean ended = process.waitFor(180, TimeUnit.SECONDS);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(ended).as("command ended within 180 s; output:%n%s", Files.readString(output)).isTrue();
                return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8), took);
            } finally {
                process.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
