package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.Nodes;
import io.cryptoassets.worker.tracking.DepositScanner;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rescan}: replays the node's received outputs through the deposit path. */
@Command(name = "rescan", description = "Find deposits missed while no worker ran: scan the node's wallet "
        + "from the last scanned block and credit what is ours.")
final class RescanCommand implements Runnable {

    @ParentCommand
    AdminCommand admin;

    @Spec
    CommandSpec spec;

    @Option(names = "--asset", description = "Asset code; may be left out when only one asset is configured.")
    String asset;

    @Option(names = "--from-start", description = "Ignore the stored position and scan the wallet's whole history.")
    boolean fromStart;

    @Override
    public void run() {
        AdminContext context = admin.context();
        AssetProperties selected = context.asset(asset);
        NodePort node = context.bean(Nodes.class).forAsset(selected.code())
                .orElseThrow(() -> new AdminRefusal(selected.code() + " has no node configured (node.type is none)"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Scanning the %s node %s...%n", selected.code(), fromStart ? "from the start" : "from the last scanned block");
        out.flush();
        DepositScanner.Result result = context.bean(DepositScanner.class).scan(selected, node, fromStart,
                (done, total, ours) -> {
                    out.printf("  %d/%d outputs applied (%d%%), %d to our addresses%n", done, total, done * 100 / total, ours);
                    out.flush();
                });
        out.printf("Done: %d outputs received since %s, %d to our addresses, %d to others; next scan starts after block %s.%n",
                result.outputs(), result.fromBlock() == null ? "the start" : "block " + result.fromBlock(),
                result.ours(), result.notOurs(), result.toBlock());
    }
}
