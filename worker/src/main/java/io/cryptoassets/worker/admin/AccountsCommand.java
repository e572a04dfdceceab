package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.account.AccountStatements;
import io.cryptoassets.worker.account.AccountSummary;
import io.cryptoassets.worker.account.StatementLine;
import io.cryptoassets.worker.account.StatementTotals;
import io.cryptoassets.worker.asset.AssetProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** {@code accounts show} and {@code accounts statement}: an account's balance and entries, read from the ledger. */
@Command(name = "accounts", description = "Show an account's balance, now or at a past moment, and its statement.",
        subcommands = {AccountsCommand.Show.class, AccountsCommand.Statement.class})
final class AccountsCommand {

    @ParentCommand
    AdminCommand admin;

    @Command(name = "show", description = {
            "The account's balance (now, or at --at from its entries), what its open holds reserve and",
            "its available balance (at --at from the holds' placed and settled times), withdrawals debited",
            "and not yet sent, its open holds and its newest entries."})
    static final class Show implements Runnable {

        @ParentCommand
        AccountsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ASSET", description = "Asset code, e.g. BTC.")
        String asset;

        @Parameters(index = "1", paramLabel = "ID", description = "The accountId.")
        String accountId;

        @Option(names = "--at", converter = Moment.class, paramLabel = "TIMESTAMP",
                description = "The balance at this moment: ISO-8601 with an offset (2025-03-01T12:00:00Z) or a date (UTC midnight).")
        OffsetDateTime at;

        @Option(names = "--entries", defaultValue = "10", description = "How many of the newest entries to list (default: ${DEFAULT-VALUE}).")
        int entries;

        @Override
        public void run() {
            if (entries < 0) {
                throw new ParameterException(spec.commandLine(), "--entries must not be negative");
            }
            AdminContext context = parent.admin.context();
            AssetProperties selected = context.asset(asset);
            AccountSummary account = context.bean(AccountStatements.class).show(selected, accountId, at, entries)
                    .orElseThrow(() -> new AdminRefusal("UNKNOWN_ACCOUNT: " + selected.code() + " has no account " + accountId));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s account %s%s%s%n", account.asset(), account.accountId(),
                    account.name() == null ? "" : " (" + account.name() + ")", account.networkFee() ? ", network fees" : "");
            out.printf("  opened             %s%n", account.openedAt().withOffsetSameInstant(ZoneOffset.UTC));
            out.printf("  balance            %s%s%n", account.balance(),
                    account.at() == null ? "" : "  at " + account.at().withOffsetSameInstant(ZoneOffset.UTC));
            out.printf("  held               %s in %d open hold(s)%n", account.held(), account.openHolds().size());
            out.printf("  available          %s%n", account.available());
            out.printf("  unsent withdrawals %s in %d (debited, not yet sent; now)%n", account.unsentAmount(),
                    account.unsentCount());
            out.printf("  entries            %d%s%n", account.entryCount(), account.at() == null ? "" : " up to then");
            if (!account.openHolds().isEmpty()) {
                out.println();
                out.printf("%-10s %-24s %15s %-27s %s%n", "TX", "HOLD", "AMOUNT", "PLACED (UTC)", "EXPIRES (UTC)");
                account.openHolds().forEach(hold -> out.printf("%-10d %-24s %15s %-27s %s%n", hold.transactionId(),
                        hold.holdId(), hold.amount(), hold.createdAt().withOffsetSameInstant(ZoneOffset.UTC),
                        hold.expiresAt() == null ? "never" : hold.expiresAt().withOffsetSameInstant(ZoneOffset.UTC)));
            }
            if (!account.lastEntries().isEmpty()) {
                out.println();
                Lines.header(out);
                account.lastEntries().forEach(line -> Lines.print(out, line));
            }
        }
    }

    @Command(name = "statement", description = {
            "The account's entries created in [--from, --to), oldest first, with the opening and closing",
            "balances; streamed, so any period fits."})
    static final class Statement implements Runnable {

        @ParentCommand
        AccountsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ASSET", description = "Asset code, e.g. BTC.")
        String asset;

        @Parameters(index = "1", paramLabel = "ID", description = "The accountId.")
        String accountId;

        @Option(names = "--from", required = true, converter = Moment.class, paramLabel = "TIMESTAMP",
                description = "Start of the period, included: ISO-8601 with an offset or a date (UTC midnight).")
        OffsetDateTime from;

        @Option(names = "--to", required = true, converter = Moment.class, paramLabel = "TIMESTAMP",
                description = "End of the period, excluded.")
        OffsetDateTime to;

        @Option(names = "--format", defaultValue = "text", description = "text or csv (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public void run() {
            if (!from.isBefore(to)) {
                throw new ParameterException(spec.commandLine(), "--from must be before --to");
            }
            if (!format.equals("text") && !format.equals("csv")) {
                throw new ParameterException(spec.commandLine(), "--format must be text or csv, not '" + format + "'");
            }
            AdminContext context = parent.admin.context();
            AssetProperties selected = context.asset(asset);
            PrintWriter out = spec.commandLine().getOut();
            Optional<StatementTotals> totals = format.equals("csv")
                    ? Csv.write(out, sink -> context.bean(AccountStatements.class).statement(selected, accountId, from, to, sink))
                    : text(out, selected, context);
            StatementTotals sums = totals.orElseThrow(
                    () -> new AdminRefusal("UNKNOWN_ACCOUNT: " + selected.code() + " has no account " + accountId));
            if (!sums.addsUp()) {
                // The audit says where; a statement that does not add up must not pass unnoticed.
                throw new AdminRefusal("the entries do not add up: opening " + sums.opening() + " + credits "
                        + sums.credits() + " - debits " + sums.debits() + " != closing " + sums.closing() + "; run audit");
            }
        }

        private Optional<StatementTotals> text(PrintWriter out, AssetProperties selected, AdminContext context) {
            out.printf("%s account %s, from %s to %s%n", selected.code(), accountId,
                    from.withOffsetSameInstant(ZoneOffset.UTC), to.withOffsetSameInstant(ZoneOffset.UTC));
            boolean[] headed = {false};
            Optional<StatementTotals> totals = context.bean(AccountStatements.class).statement(selected, accountId, from, to,
                    line -> {
                        if (!headed[0]) {
                            out.println();
                            Lines.header(out);
                            headed[0] = true;
                        }
                        Lines.print(out, line);
                    });
            totals.ifPresent(sums -> {
                out.println();
                out.printf("  opening balance  %s%n", sums.opening());
                out.printf("  credits          %s%n", sums.credits());
                out.printf("  debits           %s%n", sums.debits());
                out.printf("  closing balance  %s%n", sums.closing());
                out.printf("  entries          %d%n", sums.entries());
            });
            return totals;
        }
    }

    /** The entry table of both commands. */
    private static final class Lines {

        static void header(PrintWriter out) {
            out.printf("%-10s %-27s %15s %15s %-10s %-9s %-11s %s%n",
                    "ENTRY", "CREATED (UTC)", "AMOUNT", "BALANCE AFTER", "TX", "TYPE", "STATE", "WITH");
        }

        static void print(PrintWriter out, StatementLine line) {
            out.println(String.format("%-10d %-27s %15s %15s %-10s %-9s %-11s %s", line.entryId(),
                    line.createdAt().withOffsetSameInstant(ZoneOffset.UTC), line.amount(), line.balanceAfter(),
                    line.transactionId() == null ? "-" : line.transactionId(), dash(line.type()), dash(line.state()),
                    with(line)).stripTrailing());
        }

        /** Who or what is on the other side: an account, an address, a txid. */
        private static String with(StatementLine line) {
            if (line.counterparty() != null) {
                return "account " + line.counterparty() + (line.reference() == null ? "" : " ref " + line.reference());
            }
            String text = line.address() == null ? "" : line.address();
            if (line.txid() != null) {
                text = text + (text.isEmpty() ? "" : " ") + "txid " + line.txid();
            }
            return text;
        }

        private static String dash(String value) {
            return value == null ? "-" : value;
        }
    }

    /** CSV with a header row, written by Commons CSV so quoting follows RFC 4180. */
    private static final class Csv {

        private static final String[] COLUMNS = {"entry_id", "created_at", "amount", "balance_after", "transaction_id",
                "type", "state", "counterparty", "address", "txid", "label", "reference"};

        static Optional<StatementTotals> write(PrintWriter out,
                                               java.util.function.Function<Consumer<StatementLine>, Optional<StatementTotals>> statement) {
            CSVPrinter rows;
            try {
                rows = CSVFormat.RFC4180.builder().setHeader(COLUMNS).get().print(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Optional<StatementTotals> totals = statement.apply(line -> print(rows,
                    Long.toString(line.entryId()), line.createdAt().withOffsetSameInstant(ZoneOffset.UTC).toString(),
                    line.amount().toString(), line.balanceAfter().toString(),
                    line.transactionId() == null ? "" : line.transactionId().toString(), blank(line.type()),
                    blank(line.state()), blank(line.counterparty()), blank(line.address()), blank(line.txid()),
                    blank(line.label()), blank(line.reference())));
            out.flush();
            return totals;
        }

        private static void print(CSVPrinter rows, String... values) {
            try {
                rows.printRecord((Object[]) values);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String blank(String value) {
            return value == null ? "" : value;
        }
    }

    /** A moment on the command line: ISO-8601 with an offset, or a date meaning its midnight in UTC. */
    static final class Moment implements ITypeConverter<OffsetDateTime> {

        @Override
        public OffsetDateTime convert(String value) {
            try {
                return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC)
                        : OffsetDateTime.parse(value);
            } catch (DateTimeParseException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a moment: give 2025-03-01T12:00:00Z, 2025-03-01T14:00:00+02:00 or 2025-03-01");
            }
        }
    }
}
