package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.audit.AuditReport;
import io.cryptoassets.worker.audit.LedgerAudit;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code audit}: checks the ledger's invariants and exits 1 on any violation. */
@Command(name = "audit", description = "Check every asset's ledger: balances against entries, totals against "
        + "deposits, withdrawals and fees, one effect per accepted request, broken broadcasts alerted; credited deposits "
        + "and sent broadcasts against the asset's node (exit 4 when it does not answer); and the outbox backlog.")
final class AuditCommand implements Callable<Integer> {

    @ParentCommand
    AdminCommand admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AuditReport report = admin.context().bean(LedgerAudit.class).run(line -> {
            out.println(line);
            out.flush();
        });
        String asset = null;
        for (AuditReport.Result result : report.results()) {
            if (!result.asset().equals(asset)) {
                asset = result.asset();
                out.printf("%s%n", asset);
            }
            out.printf("  %-4s %s%n", result.passed() ? "ok" : "FAIL", result.check());
            if (!result.passed()) {
                out.printf("       %d violation(s), for example:%n", result.violations());
                result.examples().forEach(example -> out.printf("         %s%n", example));
            }
        }
        out.printf("outbox: %d row(s) waiting to be published%s%n", report.outboxBacklog(),
                report.outboxBacklog() == 0 ? "" : ", oldest " + report.oldestUnpublished().toMillis() + " ms old");
        out.println(report.passed() ? "audit passed" : "audit FAILED: " + report.violations() + " violation(s)");
        return report.passed() ? ExitCodes.OK : ExitCodes.VIOLATIONS;
    }
}
