package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.policy.AccountPolicy;
import io.cryptoassets.worker.policy.PolicyAdministration;
import io.cryptoassets.worker.policy.PolicyChangeOutcome;
import io.cryptoassets.worker.policy.PolicyReport;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code policies show} and {@code policies set}: withdrawal policies of an asset and its accounts. */
@Command(name = "policies", description = "Show withdrawal policies, and set an account's own.",
        subcommands = {PoliciesCommand.Show.class, PoliciesCommand.Set.class})
final class PoliciesCommand {

    /** What an option takes for "no value of the account's own". */
    private static final String NONE = "none";

    @ParentCommand
    AdminCommand admin;

    @Command(name = "show", description = {
            "Show the asset's configured policy, or an account's effective one: each limit with its",
            "source (account or asset), the usage of the current window and the latest changes."})
    static final class Show implements Runnable {

        @ParentCommand
        PoliciesCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "ACCOUNT", description = "The account; without it, the asset's defaults.")
        String account;

        @Option(names = "--asset", description = "Asset code; may be left out when only one asset is configured.")
        String asset;

        @Override
        public void run() {
            AdminContext context = parent.admin.context();
            AssetProperties selected = context.asset(asset);
            PolicyReport report = context.bean(PolicyAdministration.class).show(selected, account)
                    .orElseThrow(() -> new AdminRefusal("account " + account + " does not exist for " + selected.code()));
            PrintWriter out = spec.commandLine().getOut();
            String window = selected.policy().window().toString().substring(2).toLowerCase(Locale.ROOT);
            out.printf("%s withdrawal policy of %s; window %s, %d approvals within %s%n", selected.code(),
                    account == null ? "the asset (defaults of every account)" : "account " + account, window,
                    selected.policy().approvalsRequired(),
                    selected.policy().approvalDeadline().toString().substring(2).toLowerCase(Locale.ROOT));
            out.printf("%-22s %-20s %-8s %s%n", "LIMIT", "VALUE", "SOURCE", "USED IN WINDOW");
            for (PolicyReport.Line line : report.lines()) {
                out.println(String.format("%-22s %-20s %-8s %s", line.name(), line.value(), line.source(),
                        used(line.name(), report)).stripTrailing());
            }
            if (!report.changes().isEmpty()) {
                out.println("Latest changes:");
                for (PolicyReport.Change change : report.changes()) {
                    out.printf("  %s by %s: %s -> %s%n", change.changedAt(),
                            change.changedBy() == null ? "unknown" : change.changedBy(),
                            change.before() == null ? "(none)" : change.before(), change.after());
                }
            }
        }

        private static String used(String limit, PolicyReport report) {
            return switch (limit) {
                case "account-window-amount" -> report.accountUsage() == null ? "" : report.accountUsage().amount().toString();
                case "account-window-count" -> report.accountUsage() == null ? "" : Long.toString(report.accountUsage().count());
                case "asset-window-amount" -> report.assetUsage().amount().toString();
                case "asset-window-count" -> Long.toString(report.assetUsage().count());
                default -> "";
            };
        }
    }

    @Command(name = "set", description = {
            "Set an account's own policy values; options left out keep their value. 'none' removes",
            "the account's own value, so the asset's configured default applies (no limit if it has none)."})
    static final class Set implements Runnable {

        @ParentCommand
        PoliciesCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account.")
        String account;

        @Option(names = "--asset", description = "Asset code; may be left out when only one asset is configured.")
        String asset;

        @Option(names = "--max-per-withdrawal", paramLabel = "N|none", description = "Largest amount of one withdrawal.")
        String maxPerWithdrawal;

        @Option(names = "--window-amount", paramLabel = "N|none", description = "Amount the account may send off the wallet per window.")
        String windowAmount;

        @Option(names = "--window-count", paramLabel = "N|none", description = "Withdrawals the account may send off the wallet per window.")
        String windowCount;

        @Option(names = "--approval-threshold", paramLabel = "N|none", description = "Withdrawals of at least this amount wait for approvals.")
        String approvalThreshold;

        @ArgGroup(exclusive = true)
        Destinations destinations;

        @Option(names = "--by", paramLabel = "OPERATOR", description = "Who makes the change, for the history.")
        String by;

        static final class Destinations {

            @Option(names = "--allow", paramLabel = "ADDRESS", arity = "1..*", required = true,
                    description = "Only these addresses may be paid (replaces the account's list).")
            List<String> addresses;

            @Option(names = "--allow-any", required = true, description = "Any address may be paid.")
            boolean any;
        }

        @Override
        public void run() {
            UnaryOperator<AccountPolicy> edit = edit();
            AdminContext context = parent.admin.context();
            AssetProperties selected = context.asset(asset);
            PolicyChangeOutcome outcome = context.bean(PolicyAdministration.class).set(selected, account, edit, by);
            if (outcome instanceof PolicyChangeOutcome.Refused refused) {
                if (refused.reason() == PolicyChangeOutcome.Reason.INVALID_ADDRESS) {
                    throw new ParameterException(spec.commandLine(), "--allow: " + refused.why());
                }
                throw new AdminRefusal(refused.reason() + ": " + refused.why());
            }
            spec.commandLine().getOut().printf("%s policy of account %s changed; 'policies show --asset %s %s' shows it.%n",
                    selected.code(), account, selected.code(), account);
        }

        /** The change the options ask for, checked before anything is connected to. */
        private UnaryOperator<AccountPolicy> edit() {
            BigInteger max = amount("--max-per-withdrawal", maxPerWithdrawal);
            BigInteger amount = amount("--window-amount", windowAmount);
            Integer count = count("--window-count", windowCount);
            BigInteger threshold = amount("--approval-threshold", approvalThreshold);
            if (maxPerWithdrawal == null && windowAmount == null && windowCount == null && approvalThreshold == null
                    && destinations == null) {
                throw new ParameterException(spec.commandLine(), "nothing to change: give at least one option");
            }
            return policy -> {
                AccountPolicy edited = policy;
                edited = maxPerWithdrawal == null ? edited : edited.withMaxPerWithdrawal(max);
                edited = windowAmount == null ? edited : edited.withWindowAmount(amount);
                edited = windowCount == null ? edited : edited.withWindowCount(count);
                edited = approvalThreshold == null ? edited : edited.withApprovalThreshold(threshold);
                if (destinations != null) {
                    edited = edited.withAllowedDestinations(destinations.any ? null : List.copyOf(destinations.addresses));
                }
                return edited;
            };
        }

        private BigInteger amount(String option, String value) {
            if (value == null || value.equals(NONE)) {
                return null;
            }
            try {
                BigInteger amount = new BigInteger(value);
                if (amount.signum() < 1 || amount.toString().length() > 78) {
                    throw new NumberFormatException();
                }
                return amount;
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(),
                        option + " takes a whole amount in the smallest unit, at least 1, or 'none'; not '" + value + "'");
            }
        }

        private Integer count(String option, String value) {
            if (value == null || value.equals(NONE)) {
                return null;
            }
            try {
                int count = Integer.parseInt(value);
                if (count < 0) {
                    throw new NumberFormatException();
                }
                return count;
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(),
                        option + " takes a number of withdrawals, 0 or more, or 'none'; not '" + value + "'");
            }
        }
    }
}
