package io.cryptoassets.worker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One scenario from an empty database to a stopped worker: open and fund the accounts, then
 * measure the withdrawals while following the worker's CPU and heap, the database's and the
 * broker's CPU, and the database's rollbacks; finally audit the ledger the run left.
 */
final class ScenarioRun {

    private final Scenario scenario;
    private final BenchDatabase db;
    private final EndToEndBenchmark options;

    ScenarioRun(Scenario scenario, BenchDatabase db, EndToEndBenchmark options) {
        this.scenario = scenario;
        this.db = db;
        this.options = options;
    }

    RunFigures run() throws Exception {
        double loadBefore = loadAverage();
        db.recreate();
        Workload workload = Workload.of(scenario, options.rejectShare, options.warmUp(scenario), options.seed);
        Map<String, String> settings = options.workerSettings(db);
        Path log = options.out.resolve(scenario.name() + "-worker.log");
        Phase phase;
        double setupRate;
        RunFigures.Cpu cpu;
        HeapSampler.Heap heap;
        long rollbacks;
        long splits;
        try (WorkerProcess worker = WorkerProcess.start(options.workerJar, options.javaOptions(), settings,
                scenario.workerArgs(), log);
             Traffic traffic = new Traffic(options.bootstrap)) {
            Phase accounts = traffic.run("accounts", workload.accounts, 0, null,
                    options.timeoutFor(workload.accounts.size()));
            Phase deposits = traffic.run("deposits", workload.deposits, 0, null,
                    options.timeoutFor(workload.deposits.size()));
            setupRate = (accounts.requests + deposits.requests) / (accounts.seconds() + deposits.seconds());
            System.out.printf("setup: %,d requests at %,.0f/s%n", accounts.requests + deposits.requests, setupRate);
            warmUp(traffic, workload);
            // What autovacuum would have done by now in production; this machine may run without it.
            db.vacuumAnalyze();

            List<Long> backends = db.backends();
            Map<Long, Double> databaseBefore = new HashMap<>();
            backends.forEach(pid -> databaseBefore.put(pid, CpuClock.seconds(pid)));
            double workerBefore = CpuClock.seconds(worker.pid());
            double brokerBefore = options.brokerPid > 0 ? CpuClock.seconds(options.brokerPid) : 0;
            double driverBefore = CpuClock.seconds(ProcessHandle.current().pid());
            long rollbacksBefore = db.rollbacks();
            try (HeapSampler sampler = new HeapSampler(worker.pid(), 250)) {
                phase = traffic.run("withdrawals", workload.withdrawals, scenario.rate(), workload.expectedAccepted,
                        options.timeoutFor(workload.withdrawals.size()));
                double database = 0;
                for (long pid : db.backends()) {
                    database += CpuClock.seconds(pid) - databaseBefore.getOrDefault(pid, 0.0);
                }
                cpu = new RunFigures.Cpu(CpuClock.seconds(worker.pid()) - workerBefore, database,
                        options.brokerPid > 0 ? CpuClock.seconds(options.brokerPid) - brokerBefore : Double.NaN,
                        CpuClock.seconds(ProcessHandle.current().pid()) - driverBefore);
                rollbacks = db.rollbacks() - rollbacksBefore;
                heap = sampler.heap();
            }
            splits = worker.logLines("kept conflicting");
        }
        String audit = audit(settings);
        return new RunFigures(scenario, phase, workload.expectedRejections(), setupRate, cpu, heap, rollbacks,
                splits, audit, loadBefore, loadAverage());
    }

    private void warmUp(Traffic traffic, Workload workload) {
        if (workload.warmUpRounds.isEmpty()) {
            return;
        }
        traffic.run("warm-up setup", workload.warmUpSetup, 0, null, options.timeoutFor(workload.warmUpSetup.size()));
        for (List<Workload.Outgoing> round : workload.warmUpRounds) {
            // At the measured rate: the JIT compiles for the batch sizes that rate makes. An empty
            // expectation map: outcomes are not checked, but each txupdate is waited for.
            Phase phase = traffic.run("warm-up", round, scenario.rate(), Map.of(), options.timeoutFor(round.size()));
            System.out.printf("warm-up: %,d withdrawals at %,.0f/s%n", phase.requests, phase.throughput());
        }
    }

    /** The ledger's own invariant check, run like an operator would after the worker stopped. */
    private String audit(Map<String, String> settings) throws IOException, InterruptedException {
        Map.Entry<Integer, String> audit = WorkerProcess.admin(options.workerJar, settings, "audit");
        Files.writeString(options.out.resolve(scenario.name() + "-audit.txt"), audit.getValue());
        return audit.getKey() == 0 ? "ok" : "FAILED (exit " + audit.getKey() + ")";
    }

    static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
}
