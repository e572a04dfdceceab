package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.withdrawal.CancelOutcome;
import io.cryptoassets.worker.withdrawal.WithdrawalAdministration;
import io.cryptoassets.worker.withdrawal.WithdrawalView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code withdrawals list} and {@code withdrawals cancel}. */
@Command(name = "withdrawals", description = "List withdrawals and cancel ones not yet handed to the node.",
        subcommands = {WithdrawalsCommand.List.class, WithdrawalsCommand.Cancel.class})
final class WithdrawalsCommand {

    @ParentCommand
    AdminCommand admin;

    @Command(name = "list", description = "Show the newest withdrawals to the network, or only those in one state.")
    static final class List implements Runnable {

        @ParentCommand
        WithdrawalsCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--asset", description = "Asset code; may be left out when only one asset is configured.")
        String asset;

        @Option(names = "--state", description = {"Only withdrawals in this state: awaiting_approval, pending, broadcasted,",
                "failed or cancelled. awaiting_approval shows approvals so far, approvers and deadline."})
        String state;

        @Option(names = "--limit", defaultValue = "50", description = "Show at most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public void run() {
            if (state != null && !WithdrawalAdministration.STATES.contains(state)) {
                throw new ParameterException(spec.commandLine(), "--state must be one of "
                        + String.join(", ", new TreeSet<>(WithdrawalAdministration.STATES)) + ", not '" + state + "'");
            }
            if (limit < 1) {
                throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
            }
            AdminContext context = parent.admin.context();
            AssetProperties selected = context.asset(asset);
            java.util.List<WithdrawalView> views = context.bean(WithdrawalAdministration.class).list(selected, state, limit);
            PrintWriter out = spec.commandLine().getOut();
            if (views.isEmpty()) {
                out.println("No " + (state == null ? "" : state + " ") + selected.code() + " withdrawals.");
                return;
            }
            if ("awaiting_approval".equals(state)) {
                printHeld(out, views);
                return;
            }
            out.printf("%-10s %-24s %-44s %-14s %-17s %-9s %-20s %-8s %s%n",
                    "ID", "ACCOUNT", "ADDRESS", "AMOUNT", "STATE", "APPROVALS", "BROADCAST", "AGE", "LAST ERROR");
            for (WithdrawalView v : views) {
                String broadcast = v.broadcastId() == null ? "-" : v.broadcastId() + " " + v.broadcastState();
                out.println(String.format("%-10d %-24s %-44s %-14s %-17s %-9s %-20s %-8s %s", v.id(), v.accountId(),
                        v.address(), v.amount(), v.state(), v.approvals(), broadcast, age(v.age()),
                        v.lastError() == null ? "" : v.lastError()).stripTrailing());
            }
        }

        /** What an approver or operator needs of held withdrawals: who approved, how many more, until when. */
        private static void printHeld(PrintWriter out, java.util.List<WithdrawalView> views) {
            out.printf("%-10s %-24s %-14s %-8s %-9s %-20s %-24s %s%n",
                    "ID", "ACCOUNT", "AMOUNT", "AGE", "APPROVALS", "DEADLINE", "APPROVERS", "ADDRESS");
            for (WithdrawalView v : views) {
                out.println(String.format("%-10d %-24s %-14s %-8s %-9s %-20s %-24s %s", v.id(), v.accountId(),
                        v.amount(), age(v.age()), v.approvals(),
                        v.approvalDeadline() == null ? "-" : v.approvalDeadline().truncatedTo(ChronoUnit.SECONDS),
                        v.approvers().isEmpty() ? "-" : String.join(",", v.approvers()), v.address()).stripTrailing());
            }
        }
    }

    @Command(name = "cancel", description = {
            "Cancel a withdrawal that was not handed to the node yet (held for approval, waiting to be",
            "grouped, or in a broadcast nothing was asked of) and give its amount back to its account."})
    static final class Cancel implements Runnable {

        @ParentCommand
        WithdrawalsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The withdrawal's transaction id, as shown by 'withdrawals list'.")
        long id;

        @Option(names = "--asset", description = "Asset code; may be left out when only one asset is configured.")
        String asset;

        @Option(names = "--reason", description = "Why, for the account's TxUpdate: 'cancelled by operator: <reason>'.")
        String reason;

        @Override
        public void run() {
            AdminContext context = parent.admin.context();
            AssetProperties selected = context.asset(asset);
            CancelOutcome outcome = context.bean(WithdrawalAdministration.class).cancel(selected, id, reason);
            if (outcome instanceof CancelOutcome.Refused refused) {
                // The code is the one a client's CancelWithdrawal would get, for scripts to tell cases apart.
                throw new AdminRefusal(refused.reason() + ": " + refused.why());
            }
            var refund = ((CancelOutcome.Cancelled) outcome).refund();
            spec.commandLine().getOut().printf("%s withdrawal %d cancelled; %s refunded to account %s.%n",
                    selected.code(), id, refund.amount(), refund.accountId());
        }
    }

    /** Short and readable: 45s, 12m, 3h05m, 2d04h. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86_400) {
            return String.format("%dh%02dm", seconds / 3_600, seconds % 3_600 / 60);
        }
        return String.format("%dd%02dh", seconds / 86_400, seconds % 86_400 / 3_600);
    }
}
