package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.broadcast.BroadcastAdministration;
import io.cryptoassets.worker.broadcast.BroadcastView;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code broadcasts list} and {@code broadcasts resolve}. */
@Command(name = "broadcasts", description = "List broadcasts and resolve broken ones.",
        subcommands = {BroadcastsCommand.List.class, BroadcastsCommand.Resolve.class})
final class BroadcastsCommand {

    @ParentCommand
    AdminCommand admin;

    @Command(name = "list", description = "Show the newest broadcasts, or only the broken ones.")
    static final class List implements Runnable {

        @ParentCommand
        BroadcastsCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--asset", description = "Asset code; may be left out when only one asset is configured.")
        String asset;

        @Option(names = "--broken", description = "Only broadcasts opened and not closed within broken-after.")
        boolean broken;

        @Option(names = "--limit", defaultValue = "50", description = "Show at most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public void run() {
            AdminContext context = parent.admin.context();
            AssetProperties selected = context.asset(asset);
            java.util.List<BroadcastView> views = context.bean(BroadcastAdministration.class).list(selected, broken, limit);
            PrintWriter out = spec.commandLine().getOut();
            if (views.isEmpty()) {
                out.println(broken ? "No broken " + selected.code() + " broadcasts." : "No " + selected.code() + " broadcasts.");
                return;
            }
            out.printf("%-8s %-11s %-18s %-11s %-12s %-8s %-6s %-25s %-64s %s%n",
                    "ID", "KIND", "STATE", "WITHDRAWALS", "TOTAL", "FEE", "CONF", "OPENED", "TXID", "LAST ERROR");
            for (BroadcastView v : views) {
                out.printf("%-8d %-11s %-18s %-11d %-12s %-8s %-6d %-25s %-64s %s%n", v.id(), v.kind(), v.state(), v.withdrawals(),
                        v.total(), v.fee() == null ? "-" : v.fee(), v.confirmations(),
                        v.openedAt() == null ? "-" : v.openedAt().toInstant(), v.txid() == null ? "-" : v.txid(),
                        v.lastError() == null ? "" : v.lastError());
            }
        }
    }

    @Command(name = "resolve", description = {
            "Close a broken broadcast after checking the node by hand:",
            "  --txid X     it reached the chain as transaction X;",
            "  --not-sent   it did not: its withdrawals are sent again in a new broadcast."})
    static final class Resolve implements Runnable {

        @ParentCommand
        BroadcastsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The broadcast id, as shown by 'broadcasts list'.")
        long id;

        @Option(names = "--asset", description = "Asset code; may be left out when only one asset is configured.")
        String asset;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Outcome outcome;

        static final class Outcome {
            @Option(names = "--txid", required = true, description = "The transaction id found on the chain.")
            String txid;

            @Option(names = "--not-sent", required = true, description = "The node never sent it.")
            boolean notSent;
        }

        @Override
        public void run() {
            AdminContext context = parent.admin.context();
            AssetProperties selected = context.asset(asset);
            BroadcastAdministration broadcasts = context.bean(BroadcastAdministration.class);
            PrintWriter out = spec.commandLine().getOut();
            if (outcome.txid != null) {
                int count = broadcasts.resolveSent(selected, id, outcome.txid);
                out.printf("%s broadcast %d resolved as sent in %s; %d withdrawals marked broadcasted.%n",
                        selected.code(), id, outcome.txid, count);
            } else {
                int count = broadcasts.resolveNotSent(selected, id);
                out.printf("%s broadcast %d resolved as not sent; %d withdrawals released to be sent again.%n",
                        selected.code(), id, count);
            }
        }
    }
}
