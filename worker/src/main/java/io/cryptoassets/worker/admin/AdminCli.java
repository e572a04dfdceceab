package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.broadcast.BroadcastRefused;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import java.io.PrintWriter;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import picocli.CommandLine;

/**
 * Runs an operator command. The command line is parsed by picocli before any Spring context
 * exists; a command that needs the ledger starts a context without the request listener, the
 * outbox relay or the chain scheduler, and its outbox rows are published by the running workers.
 */
public final class AdminCli {

    private static final Set<String> FIRST_WORDS = Set.of("broadcasts", "rescan", "audit", "help", "--help", "-h",
            "--version", "-V");

    private AdminCli() {
    }

    /** Whether {@code args} ask for an admin command rather than the worker. */
    public static boolean isAdminCommand(String[] args) {
        return args.length > 0 && FIRST_WORDS.contains(args[0]);
    }

    /** Runs {@code args} and returns the exit code; {@link ExitCodes} lists them. */
    public static int run(String[] args, AdminContext context, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new AdminCommand(context));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
            int code = exitCodeOf(failure);
            commandLine.getErr().println((code == ExitCodes.REFUSED ? "refused: " : "failed: ") + describe(failure));
            if (code != ExitCodes.REFUSED && !(failure instanceof NodeCallFailedException)) {
                failure.printStackTrace(commandLine.getErr());
            }
            return code;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Exit code for what an admin command threw. */
    static int exitCodeOf(Throwable failure) {
        if (failure instanceof AdminRefusal || failure instanceof BroadcastRefused) {
            return ExitCodes.REFUSED;
        }
        return ExitCodes.UNAVAILABLE;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? failure.getMessage() : failure.getMessage() + " (cause: " + root.getMessage() + ")";
    }

    /** Starts {@code context} lazily for commands of a standalone process. */
    public static AdminContext lazily(java.util.function.Supplier<ApplicationContext> starter) {
        return new AdminContext(starter);
    }
}
