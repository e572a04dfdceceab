package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.audit.AssetReserves;
import io.cryptoassets.worker.audit.Reserves;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.Nodes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reserves}: liabilities against the node wallet and cold storage, per asset; exit 1 on a shortfall. */
@Command(name = "reserves", description = "Compare what the ledger owes (customer balances and withdrawals not yet "
        + "sent) with what each asset's node wallet and cold storage hold; exit 1 when any asset is short.")
final class ReservesCommand implements Callable<Integer> {

    @ParentCommand
    AdminCommand admin;

    @Spec
    CommandSpec spec;

    @Option(names = "--asset", description = "Only this asset (default: every asset with a node).")
    String asset;

    @Override
    public Integer call() {
        AdminContext context = admin.context();
        List<AssetProperties> assets = asset != null ? List.of(context.asset(asset))
                : context.bean(LedgerProperties.class).assets();
        Nodes nodes = context.bean(Nodes.class);
        Reserves reserves = context.bean(Reserves.class);
        PrintWriter out = spec.commandLine().getOut();
        boolean shortfall = false;
        int checked = 0;
        for (AssetProperties a : assets) {
            Optional<NodePort> node = nodes.sameAsTheWorkers(a.code());
            if (node.isEmpty()) {
                out.printf("%s: %s, nothing to compare with%n", a.code(), nodes.privateChain(a.code())
                        ? "its simulated chain lives in the worker's process" : "no node configured");
                continue;
            }
            AssetReserves r = reserves.of(a, node.get());
            checked++;
            shortfall |= r.shortfall();
            out.printf("%s%n", a.code());
            out.printf("  customer balances     %s%n", r.customerBalances());
            out.printf("  withdrawals not sent  %s%n", r.unsentWithdrawals());
            out.printf("  liabilities           %s%n", r.liabilities());
            out.printf("  hot wallet (node)     %s%n", r.hotWallet());
            out.printf("  cold storage          %s%n", r.coldWallet());
            out.printf("  holdings              %s%n", r.holdings());
            out.printf("  %-21s %s%n", r.shortfall() ? "SHORTFALL" : "surplus", r.surplus().abs());
        }
        if (asset != null && checked == 0) {
            throw new AdminRefusal("asset " + asset + " has no node: its reserves cannot be read");
        }
        out.println(shortfall ? "reserves FAILED: liabilities exceed holdings" : "reserves ok");
        return shortfall ? ExitCodes.VIOLATIONS : ExitCodes.OK;
    }
}
