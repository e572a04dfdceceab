package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.schema.LedgerSchemas;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code migrate}: brings the shared schema and every configured asset's schema to this build's
 * version and grants the runtime role its privileges, then exits. For deployments whose workers
 * hold no owner credentials and start with {@code cryptoassets.database.migrate-on-start=false}:
 * run it first, as the owner (a Kubernetes Job, see infra/kubernetes/).
 */
@Command(name = "migrate", description = "Apply the database migrations of this build (as the schemas' owner) and "
        + "grant the runtime role its privileges; workers started with cryptoassets.database.migrate-on-start=false "
        + "only check that this was done.")
final class MigrateCommand implements Callable<Integer> {

    @ParentCommand
    AdminCommand admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // Starting the context migrates (the command forces migrate-on-start); this reports it.
        admin.context().bean(LedgerSchemas.class).lastRun().forEach(out::println);
        out.println("migrated");
        return ExitCodes.OK;
    }
}
