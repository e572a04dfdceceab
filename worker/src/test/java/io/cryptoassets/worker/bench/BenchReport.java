package io.cryptoassets.worker.bench;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** The figures as a Markdown report and as a summary on the console. */
final class BenchReport {

    private BenchReport() {
    }

    static void printSummary(RunFigures run, PrintStream out) {
        Phase phase = run.phase();
        RunFigures.BatchSizes batches = run.batchSizes();
        out.printf(Locale.ROOT, "withdrawals: %,d in %.1f s = %,.0f/s (%,d accepted, %,d rejected; %,d rejections expected, "
                        + "%d outcomes not as expected)%n", phase.requests, phase.seconds(), phase.throughput(),
                phase.accepted, phase.rejected, run.expectedRejections(), phase.unexpected);
        out.printf(Locale.ROOT, "to result   ms (p50 / p99 / p99.9): %s%n", percentiles(phase.toResult));
        out.printf(Locale.ROOT, "to txupdate ms (p50 / p99 / p99.9): %s%n", percentiles(phase.toTxUpdate));
        out.printf(Locale.ROOT, "to result p99 ms by second sent: %s%n", bySecond(phase));
        out.printf(Locale.ROOT, "batches: %,d, mean %.1f, median %d, largest %d; rolled back %d, split %d%n",
                batches.count(), batches.mean(), batches.median(), batches.max(), run.rollbacks(), run.splits());
        out.printf(Locale.ROOT, "CPU s: worker %.1f (%.0f us a withdrawal), PostgreSQL %.1f, broker %.1f, driver %.1f; "
                        + "worker heap peak %.0f MB, old gen %.0f MB; audit %s; load %.1f -> %.1f%n",
                run.cpu().worker(), run.workerMicrosPerRequest(), run.cpu().database(), run.cpu().broker(),
                run.cpu().driver(), run.heap().peakUsedMb(), run.heap().peakOldMb(), run.audit(), run.loadBefore(),
                run.loadAfter());
    }

    static String markdown(List<RunFigures> runs, EndToEndBenchmark options, String chart) {
        StringBuilder md = new StringBuilder();
        md.append("# End-to-end benchmark\n\n");
        md.append(String.format(Locale.ROOT, "Measured %s on %d cores, Java %s. Worker JVM: `%s`; worker options: %s; "
                        + "warm-up: %d rounds of %,d withdrawals.%n%n",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16) + " UTC",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                options.workerJavaOptions, options.workerArgs.isEmpty() ? "defaults" : "`" + String.join(" ", options.workerArgs) + "`",
                options.warmUpRounds, options.warmUpWithdrawals));
        md.append(String.format(Locale.ROOT, "Workload: accounts opened with a client-derived address and funded by a "
                        + "`DepositObserved` of 6 confirmations, then withdrawals of 1 to %,d units to fresh addresses, "
                        + "%.0f%% of what each account asks left unfunded; the hot run sends %.0f%% of its withdrawals to "
                        + "one account; the per-request run is scaled to %.0f%% of the accounts and withdrawals "
                        + "(same withdrawals per account).%n%n",
                2 * Workload.MEAN_AMOUNT - 1, options.rejectShare * 100, options.hotShare * 100,
                options.perRequestScale * 100));

        md.append("| run | withdrawals | sustained/s | accepted / rejected (expected rejected) | to result p50 / p99 / p99.9 / max ms | to txupdate p50 / p99 / p99.9 ms | batches: count, mean, median, max | rolled back | split |\n");
        md.append("|---|---:|---:|---|---|---|---|---:|---:|\n");
        for (RunFigures run : runs) {
            Phase phase = run.phase();
            RunFigures.BatchSizes b = run.batchSizes();
            md.append(String.format(Locale.ROOT, "| %s | %,d%s | %,.0f | %,d / %,d (%,d)%s | %s / %.0f | %s | %,d, %.1f, %d, %d | %d | %d |%n",
                    run.scenario().name(), phase.requests,
                    run.scenario().paced() ? " at " + run.scenario().rate() + "/s" : "", phase.throughput(),
                    phase.accepted, phase.rejected, run.expectedRejections(),
                    phase.unexpected == 0 ? "" : " **" + phase.unexpected + " unexpected**",
                    percentiles(phase.toResult), phase.toResult.getMaxValue() / 1e3, percentiles(phase.toTxUpdate),
                    b.count(), b.mean(), b.median(), b.max(), run.rollbacks(), run.splits()));
        }
        md.append("\n| run | worker CPU s (cores, us a withdrawal) | PostgreSQL backends CPU s | broker CPU s | driver CPU s | worker heap peak / old gen MB | collections (young, full, s) | setup requests/s | audit | load before / after |\n");
        md.append("|---|---|---:|---:|---:|---|---|---:|---|---|\n");
        for (RunFigures run : runs) {
            RunFigures.Cpu cpu = run.cpu();
            HeapSampler.Heap heap = run.heap();
            md.append(String.format(Locale.ROOT, "| %s | %.1f (%.2f, %.0f) | %.1f | %.1f | %.1f | %.0f / %.0f | %d, %d, %.2f | %,.0f | %s | %.1f / %.1f |%n",
                    run.scenario().name(), cpu.worker(), cpu.worker() / run.phase().seconds(),
                    run.workerMicrosPerRequest(), cpu.database(), cpu.broker(), cpu.driver(), heap.peakUsedMb(),
                    heap.peakOldMb(), heap.youngCollections(), heap.fullCollections(), heap.collectionSeconds(),
                    run.setupRate(), run.audit(), run.loadBefore(), run.loadAfter()));
        }
        md.append('\n');
        Optional<RunFigures> batched = find(runs, EndToEndBenchmark.BATCHED);
        Optional<RunFigures> perRequest = find(runs, EndToEndBenchmark.PER_REQUEST);
        if (batched.isPresent() && perRequest.isPresent()) {
            md.append(String.format(Locale.ROOT, "Batched is **%.1f times** the per-request mode (%,.0f against %,.0f withdrawals/s).%n%n",
                    batched.get().phase().throughput() / perRequest.get().phase().throughput(),
                    batched.get().phase().throughput(), perRequest.get().phase().throughput()));
        }
        for (RunFigures run : runs) {
            if (run.scenario().paced()) {
                md.append(String.format(Locale.ROOT, "%s run, p99 request-to-result ms by second sent: %s%n%n",
                        run.scenario().name(), bySecond(run.phase())));
            }
        }
        md.append("![request-to-result and request-to-txupdate latency by percentile](").append(chart).append(")\n\n");
        md.append("""
                How it is measured: each run starts from an empty database and a new worker JVM. After \
                the accounts are funded, warm-up rounds of withdrawals on accounts of their own, sent at \
                the run's rate, let the worker's JIT compile for that load (a cold worker's first 20-30 s \
                are slower), and `VACUUM ANALYZE` stands in for the autovacuum a production database \
                runs. The driver \
                (one JVM: a producer, and a consumer reading `cryptoassets.request-results` and \
                `cryptoassets.txupdates` from their ends) sends every request, serialized beforehand, and \
                waits for every result and every accepted withdrawal's txupdate. Sustained rate: withdrawals \
                divided by the time from the first send to the last result. Latency counts from the send \
                (in the paced run, from when the request was due, so a late send is not hidden) to the \
                driver reading the record. Batches: results sharing an `occurredAt`, which the worker stamps \
                once per committed transaction. Rolled back: `pg_stat_database.xact_rollback` of the run's \
                database (serialization retries and failures). CPU: user plus system time of the worker, \
                of the PostgreSQL processes serving the run's database, of the broker and of the driver, \
                from `/proc`, during the measurement only (PostgreSQL's WAL writer and checkpointer are not \
                included). Heap: `jstat -gc` every 250 ms. Every outcome is checked against a replay of each \
                account's balance, and `worker.jar audit` checks the ledger after each run.
                """);
        return md.toString();
    }

    private static String bySecond(Phase phase) {
        StringBuilder text = new StringBuilder();
        phase.toResultBySecond.values().forEach(h -> text.append(text.length() == 0 ? "" : " ")
                .append(Math.round(RunFigures.millis(h, 99.0))));
        return text.toString();
    }

    private static Optional<RunFigures> find(List<RunFigures> runs, String name) {
        return runs.stream().filter(run -> run.scenario().name().equals(name)).findFirst();
    }

    private static String percentiles(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return "-";
        }
        StringBuilder text = new StringBuilder();
        for (double percentile : RunFigures.PERCENTILES) {
            text.append(text.length() == 0 ? "" : " / ")
                    .append(String.format(Locale.ROOT, "%.1f", RunFigures.millis(histogram, percentile)));
        }
        return text.toString();
    }
}
