package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.demo.DemoCommand;
import picocli.CommandLine.Command;

/** The top of the admin command line: {@code java -jar worker.jar <command>}. */
@Command(name = "worker.jar", mixinStandardHelpOptions = true,
        description = "Operator commands of the cryptoassets ledger worker. Without a command the jar runs the worker.",
        subcommands = {
                AuditCommand.class,
                ReservesCommand.class,
                AccountsCommand.class,
                BroadcastsCommand.class,
                WithdrawalsCommand.class,
                PoliciesCommand.class,
                ColdWalletCommand.class,
                RescanCommand.class,
                MigrateCommand.class,
                NotifyCommand.class,
                DemoCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done; for audit, no violation; for reserves, no shortfall",
                "1:audit found violations, or reserves a shortfall",
                "2:bad command line",
                "3:refused: the ledger's state does not allow it, or its schemas are not migrated",
                "4:database, node or Kafka broker unavailable"})
final class AdminCommand {

    private final AdminContext context;

    AdminCommand(AdminContext context) {
        this.context = context;
    }

    AdminContext context() {
        return context;
    }
}
