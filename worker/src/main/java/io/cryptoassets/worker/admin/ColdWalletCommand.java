package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.coldwallet.ColdWallet;
import java.io.PrintWriter;
import java.math.BigInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cold-wallet show} and {@code cold-wallet topup}. */
@Command(name = "cold-wallet", description = "Show what the worker swept to cold storage, and record coins moved "
        + "back from it to the hot wallet.", subcommands = {ColdWalletCommand.Show.class, ColdWalletCommand.Topup.class})
final class ColdWalletCommand {

    @ParentCommand
    AdminCommand admin;

    @Command(name = "show", description = "List sweeps to cold storage and recorded top-ups, and the cold holdings "
            + "(sent sweeps less top-ups).")
    static final class Show implements Runnable {

        @ParentCommand
        ColdWalletCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--asset", description = "Asset code; may be left out when only one asset is configured.")
        String asset;

        @Option(names = "--limit", defaultValue = "20", description = "Show at most this many of each (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public void run() {
            AdminContext context = parent.admin.context();
            AssetProperties selected = context.asset(asset);
            ColdWallet cold = context.bean(ColdWallet.class);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s cold holdings %s%n%nSweeps:%n", selected.code(), cold.holdings(selected));
            out.printf("%-8s %-10s %-14s %-8s %-6s %-36s %-25s %s%n",
                    "ID", "STATE", "AMOUNT", "FEE", "CONF", "ADDRESS", "SENT", "TXID");
            for (ColdWallet.Sweep w : cold.sweeps(selected, limit)) {
                out.printf("%-8d %-10s %-14s %-8s %-6d %-36s %-25s %s%n", w.id(), w.state(), w.amount(),
                        w.fee() == null ? "-" : w.fee(), w.confirmations(), w.address(),
                        w.sentAt() == null ? "-" : w.sentAt().toInstant(), w.txid() == null ? "-" : w.txid());
            }
            out.printf("%nTop-ups:%n%-8s %-14s %-16s %-25s %s%n", "ID", "AMOUNT", "BY", "RECORDED", "TXID");
            for (ColdWallet.Topup t : cold.topups(selected, limit)) {
                out.printf("%-8d %-14s %-16s %-25s %s%n", t.id(), t.amount(),
                        t.recordedBy() == null ? "-" : t.recordedBy(), t.createdAt().toInstant(),
                        t.txid() == null ? "-" : t.txid());
            }
        }
    }

    @Command(name = "topup", description = "Record that coins were moved from cold storage back to the hot wallet, so "
            + "the reserves stop counting them as cold.")
    static final class Topup implements Runnable {

        @ParentCommand
        ColdWalletCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--asset", description = "Asset code; may be left out when only one asset is configured.")
        String asset;

        @Option(names = "--amount", required = true, description = "Amount moved, in the asset's smallest unit.")
        BigInteger amount;

        @Option(names = "--txid", description = "The transaction that moved it, for the record.")
        String txid;

        @Option(names = "--by", description = "Who moved it, for the record.")
        String by;

        @Override
        public void run() {
            if (amount.signum() < 1) {
                throw new ParameterException(spec.commandLine(), "--amount must be at least 1");
            }
            AdminContext context = parent.admin.context();
            AssetProperties selected = context.asset(asset);
            ColdWallet.TopupOutcome outcome = context.bean(ColdWallet.class).recordTopup(selected, amount, txid, by);
            if (outcome instanceof ColdWallet.TopupOutcome.MoreThanHeld m) {
                throw new AdminRefusal(selected.code() + " cold holdings are " + m.holdings() + "; a top-up of "
                        + amount + " is more than the worker sent to cold storage");
            }
            ColdWallet.TopupOutcome.Recorded r = (ColdWallet.TopupOutcome.Recorded) outcome;
            spec.commandLine().getOut().printf("%s top-up %d of %s recorded; cold holdings now %s%n", selected.code(),
                    r.id(), amount, r.holdingsAfter());
        }
    }
}
