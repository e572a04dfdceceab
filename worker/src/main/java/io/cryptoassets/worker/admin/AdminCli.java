package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.broadcast.BroadcastRefused;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.schema.SchemasNotMigrated;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;
import picocli.CommandLine;

/**
 * Runs an operator command. The command line is parsed by picocli before any Spring context
 * exists; a command that needs the ledger starts a context without the request listener, the
 * outbox relay or the chain scheduler, and its outbox rows are published by the running workers.
 */
public final class AdminCli {

    /** Read from {@link AdminCommand}'s subcommands, so a new command cannot start a worker by mistake. */
    private static final Set<String> FIRST_WORDS = firstWords();

    /** Commands that only produce to Kafka, in a {@link ProducerOnlyContext}. */
    private static final Set<String> PRODUCER_ONLY = Set.of("notify");

    private AdminCli() {
    }

    private static Set<String> firstWords() {
        Set<String> words = new HashSet<>(Set.of("help", "--help", "-h", "--version", "-V"));
        for (Class<?> command : AdminCommand.class.getAnnotation(CommandLine.Command.class).subcommands()) {
            words.add(command.getAnnotation(CommandLine.Command.class).name());
        }
        return Set.copyOf(words);
    }

    /**
     * Whether {@code args} ask for an admin command rather than the worker: their first word,
     * Spring properties aside, names one.
     */
    public static boolean isAdminCommand(AdminArguments args) {
        return FIRST_WORDS.contains(args.firstWord());
    }

    /**
     * Whether {@code args} name a command that needs no database: it runs in a
     * {@link ProducerOnlyContext} instead of the worker's context.
     */
    public static boolean needsOnlyKafka(AdminArguments args) {
        return PRODUCER_ONLY.contains(args.firstWord());
    }

    /** Runs {@code args} and returns the exit code; {@link ExitCodes} lists them. */
    public static int run(String[] args, AdminContext context, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new AdminCommand(context));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
            int code = exitCodeOf(failure);
            Throwable root = rootCause(failure);
            if (code == ExitCodes.USAGE) {
                commandLine.getErr().println("bad configuration: " + firstLine(root.getMessage()));
            } else if (code == ExitCodes.REFUSED) {
                commandLine.getErr().println("refused: " + refusal(failure).getMessage());
            } else if (noAcknowledgement(failure) != null) {
                commandLine.getErr().println("failed: " + noAcknowledgement(failure).getMessage());
            } else if (isInfrastructure(root)) {
                commandLine.getErr().println("failed: " + firstLine(root.getMessage()));
            } else {
                commandLine.getErr().println("failed: " + failure);
                failure.printStackTrace(commandLine.getErr()); // a bug: the trace is what helps
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
        if (failure instanceof AdminRefusal || failure instanceof BroadcastRefused
                || refusal(failure) instanceof SchemasNotMigrated) {
            return ExitCodes.REFUSED;
        }
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return ExitCodes.USAGE; // the settings could not be bound: the operator's to fix
            }
        }
        return ExitCodes.UNAVAILABLE;
    }

    /** What refused: the failure itself, or a database not migrated for a worker told not to migrate. */
    private static Throwable refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SchemasNotMigrated) {
                return cause;
            }
        }
        return failure;
    }

    /** The broker's silence, which says more than the client exception under it. */
    private static NoAcknowledgement noAcknowledgement(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof NoAcknowledgement silence) {
                return silence;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The database or the node failed us, as opposed to a bug in the command. */
    private static boolean isInfrastructure(Throwable root) {
        return root instanceof SQLException || root instanceof IOException || root instanceof NodeCallFailedException
                || root instanceof DataAccessException;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** Starts {@code context} lazily for commands of a standalone process. */
    public static AdminContext lazily(java.util.function.Supplier<ApplicationContext> starter) {
        return new AdminContext(starter);
    }
}
