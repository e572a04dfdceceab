package io.cryptoassets.worker.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The end-to-end benchmark: the worker in its own JVM against a Kafka broker and PostgreSQL,
 * driven through Kafka like an application. Each scenario gets a fresh database and a fresh
 * worker; the figures go to a Markdown report with a latency chart. Run by
 * {@code infra/bench/e2e}, which builds the jar and starts the broker.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = "Measures request throughput and latency of the worker end to end.")
public final class EndToEndBenchmark implements Callable<Integer> {

    static final String BATCHED = "batched";
    static final String HOT = "hot";
    static final String PER_REQUEST = "per-request";
    static final String PACED = "paced";

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "Kafka bootstrap servers")
    String bootstrap;
    @Option(names = "--database-server", defaultValue = "jdbc:postgresql://127.0.0.1:5432/")
    String databaseServer;
    @Option(names = "--database-user", defaultValue = "postgres")
    String databaseUser;
    @Option(names = "--database-password", defaultValue = "")
    String databasePassword;
    @Option(names = "--database", defaultValue = "cryptoassets_bench", description = "dropped and created for each run")
    String database;
    @Option(names = "--worker-jar", required = true)
    Path workerJar;
    @Option(names = "--worker-java-options", defaultValue = "-Xmx512m", description = "JVM options of the worker")
    String workerJavaOptions;
    @Option(names = "--out", defaultValue = "bench-report", description = "directory for report, chart and logs")
    Path out;
    @Option(names = "--accounts", defaultValue = "10000")
    int accounts;
    @Option(names = "--withdrawals", defaultValue = "200000")
    int withdrawals;
    @Option(names = "--reject-share", defaultValue = "0.15", description = "share of withdrawals left unfunded")
    double rejectShare;
    @Option(names = "--hot-share", defaultValue = "0.2", description = "share of the hot run's withdrawals on one account")
    double hotShare;
    @Option(names = "--per-request-scale", defaultValue = "0.1",
            description = "the per-request run uses this share of accounts and withdrawals (same shape)")
    double perRequestScale;
    @Option(names = "--paced-rate", defaultValue = "2000", description = "withdrawals per second of the paced run")
    int pacedRate;
    @Option(names = "--paced-seconds", defaultValue = "30")
    int pacedSeconds;
    @Option(names = "--warm-up-withdrawals", defaultValue = "10000",
            description = "withdrawals per warm-up round before measuring (scaled like the per-request run there)")
    int warmUpWithdrawals;
    @Option(names = "--warm-up-rounds", defaultValue = "2", description = "0 measures a cold worker")
    int warmUpRounds;
    @Option(names = "--runs", split = ",", defaultValue = "batched,hot,per-request,paced")
    List<String> runs;
    @Option(names = "--broker-pid", defaultValue = "0", description = "the broker's pid, to report its CPU")
    long brokerPid;
    @Option(names = "--seed", defaultValue = "7")
    long seed;
    @Parameters(description = "worker options for every run, e.g. --cryptoassets.requests.max-poll-records=1000")
    List<String> workerArgs = new ArrayList<>();

    public static void main(String[] args) {
        // Options given later win, so the script's defaults (e.g. --out) can be overridden.
        System.exit(new CommandLine(new EndToEndBenchmark()).setOverwrittenOptionsAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        BenchDatabase db = new BenchDatabase(databaseServer, databaseUser, databasePassword, database);
        List<RunFigures> figures = new ArrayList<>();
        for (Scenario scenario : scenarios()) {
            System.out.printf("%n== %s: %,d accounts, %,d withdrawals%s%n", scenario.name(), scenario.accounts(),
                    scenario.withdrawals(), scenario.paced() ? " at " + scenario.rate() + "/s" : "");
            RunFigures run = new ScenarioRun(scenario, db, this).run();
            BenchReport.printSummary(run, System.out);
            figures.add(run);
        }
        Path chart = out.resolve("latency.png");
        LatencyChart.write(figures, chart);
        Path report = out.resolve("report.md");
        Files.writeString(report, BenchReport.markdown(figures, this, chart.getFileName().toString()));
        System.out.printf("%nreport: %s%nchart:  %s%n", report.toAbsolutePath(), chart.toAbsolutePath());
        return figures.stream().allMatch(f -> f.phase().unexpected == 0) ? 0 : 1;
    }

    private List<Scenario> scenarios() {
        List<Scenario> scenarios = new ArrayList<>();
        for (String run : runs) {
            switch (run) {
                case BATCHED -> scenarios.add(new Scenario(BATCHED, accounts, withdrawals, 0, 0, workerArgs));
                case HOT -> scenarios.add(new Scenario(HOT, accounts, withdrawals, hotShare, 0, workerArgs));
                case PER_REQUEST -> {
                    List<String> args = new ArrayList<>(workerArgs);
                    args.add("--cryptoassets.requests.mode=per-request");
                    scenarios.add(new Scenario(PER_REQUEST, scaled(accounts), scaled(withdrawals), 0, 0, args));
                }
                case PACED -> scenarios.add(new Scenario(PACED, accounts, pacedRate * pacedSeconds, 0, pacedRate,
                        workerArgs));
                default -> throw new CommandLine.ParameterException(new CommandLine(this),
                        "unknown run '" + run + "'; use " + String.join(", ", BATCHED, HOT, PER_REQUEST, PACED));
            }
        }
        return scenarios;
    }

    Workload.WarmUp warmUp(Scenario scenario) {
        if (warmUpRounds == 0) {
            return Workload.WarmUp.NONE;
        }
        int count = scenario.perRequest() ? scaled(warmUpWithdrawals) : warmUpWithdrawals;
        return new Workload.WarmUp(Math.min(1_000, scenario.accounts()), count, warmUpRounds);
    }

    private int scaled(int count) {
        return Math.max(1, (int) Math.round(count * perRequestScale));
    }

    /** Spring properties for the worker and the audit, as environment variables. */
    Map<String, String> workerSettings(BenchDatabase db) {
        Map<String, String> settings = new HashMap<>();
        settings.put("SPRING_DATASOURCE_URL", db.url());
        settings.put("SPRING_DATASOURCE_USERNAME", databaseUser);
        settings.put("SPRING_DATASOURCE_PASSWORD", databasePassword);
        settings.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        return settings;
    }

    List<String> javaOptions() {
        return List.of(workerJavaOptions.trim().split("\\s+"));
    }

    Duration timeoutFor(int requests) {
        // Generous: at least five minutes, and room for 100 requests a second.
        return Duration.ofSeconds(Math.max(300, requests / 100));
    }
}
