package io.cryptoassets.worker.chaos;

import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.chain.simulated.SimulatedNodeServer;
import io.cryptoassets.worker.chain.simulated.SimulatedSend;
import io.cryptoassets.worker.testsupport.LongTest;
import io.cryptoassets.worker.testsupport.TestDatabase;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Kill the workers: three worker processes (the packaged jar) share the consumer group while a
 * client produces a mixed workload, a random worker gets SIGKILL every few seconds, two are
 * killed in the middle of a send, and the broker (its own process) is restarted once. The chain
 * is one simulated node the workers reach through the Bitcoin Core adapter. Once everything has
 * drained:
 * <ul>
 *   <li>every request has a result, and every delivered copy of it the same outcome under its own record's
 *   name (a record redelivered after a kill is answered with the same eventId, never a new one);</li>
 *   <li>every balance equals the client's own model built from the accepted results;</li>
 *   <li>{@code java -jar worker.jar audit} passes;</li>
 *   <li>every accepted withdrawal reached the chain exactly once, and nothing else did;</li>
 *   <li>each account's {@code TxUpdate}s were read with sequences 1, 2, 3... with no gap;</li>
 *   <li>the outbox is empty.</li>
 * </ul>
 * No broadcast may need an operator: an operator desk runs README's procedure for broken
 * broadcasts throughout, and the run fails if it ever had anything to resolve.
 */
@LongTest
class KillTheWorkersIT {

    private static final Logger log = LoggerFactory.getLogger(KillTheWorkersIT.class);

    static final String NODE_PASSWORD = "kill-the-workers";
    /** The test's own database sessions, spared when the chaos terminates the workers' sessions. */
    static final String TEST_APPLICATION_NAME = "kill-the-workers";
    private static final int WORKERS = 3;
    private static final int TRACKING_LIMIT = 15;
    private static final Duration BROKEN_AFTER = Duration.ofSeconds(3);
    /** Longer than the workers' send timeout (10 s): no live worker can still be sending by then. */
    private static final Duration NOT_SENT_AFTER = Duration.ofSeconds(15);

    @Test
    void killedWorkersAndARestartedBrokerLoseNothingAndDoNothingTwice() throws Exception {
        KillSettings settings = KillSettings.fromSystemProperties();
        log.info("kill-the-workers: {}", settings);
        Path jar = Path.of(System.getProperty("cryptoassets.test.worker-jar", "target/worker.jar")).toAbsolutePath();
        Path repository = Path.of(System.getProperty("cryptoassets.test.repository-root", "..")).toAbsolutePath().normalize();
        Path runDir = freshDirectory(jar.getParent().resolve("kill-workers"));
        SimulatedChain chain = new SimulatedChain(BitcoinNetwork.REGTEST, new BigInteger("2100000000000000"),
                BigInteger.valueOf(1_000));
        long started = System.nanoTime();
        try (TestDatabase.Scratch database = TestDatabase.get().scratch("kill");
             HikariDataSource pool = pool(database);
             SimulatedNodeServer node = SimulatedNodeServer.start(chain, NODE_PASSWORD);
             StandaloneBroker broker = new StandaloneBroker(repository, runDir.resolve("kafka"),
                     Boolean.getBoolean("cryptoassets.test.maven-offline"));
             WorkerFleet fleet = new WorkerFleet(jar, runDir, configuration(database, broker, node), WORKERS)) {
            chain.startMining(Duration.ofSeconds(1));
            broker.start();
            fleet.startAll();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(fleet::allStarted);
            try (Workload workload = new Workload(broker.bootstrapServers(), chain, settings);
                 Observations observations = new Observations(broker.bootstrapServers(), workload::onResult);
                 Run run = new Run(settings, JdbcClient.create(pool), chain, broker, node, fleet, workload, observations)) {
                observations.start();
                run.chaos();
                run.drain();
                run.check(started);
            }
        }
    }

    /** One run, from the chaos to the checks; closing it stops the chaos and the operator if a step failed. */
    private static final class Run implements AutoCloseable {

        private final KillSettings settings;
        private final JdbcClient jdbc;
        private final SimulatedChain chain;
        private final WorkerFleet fleet;
        private final Workload workload;
        private final Observations observations;
        private final ChaosMonkey monkey;
        private final OperatorDesk operator;
        private final Map<String, Integer> exitCodes = new TreeMap<>();
        private long chaosNanos;

        Run(KillSettings settings, JdbcClient jdbc, SimulatedChain chain, StandaloneBroker broker, SimulatedNodeServer node,
            WorkerFleet fleet, Workload workload, Observations observations) {
            this.settings = settings;
            this.jdbc = jdbc;
            this.chain = chain;
            this.fleet = fleet;
            this.workload = workload;
            this.observations = observations;
            this.monkey = new ChaosMonkey(fleet, broker, node, settings, workload, jdbc);
            this.operator = new OperatorDesk(jdbc, chain, fleet, BROKEN_AFTER, NOT_SENT_AFTER);
        }

        @Override
        public void close() throws InterruptedException {
            monkey.close();
            operator.abandon();
        }

        void chaos() throws InterruptedException {
            long start = System.nanoTime();
            operator.startRounds(Duration.ofSeconds(2));
            monkey.start();
            workload.produce();
            monkey.awaitEnd();
            chaosNanos = System.nanoTime() - start;
        }

        /**
         * Lets everything settle: every request answered, every withdrawal sent (by the workers
         * alone: the operator finding anything to resolve fails the run), then, with the miner stopped and 20 blocks mined at
         * once, every transaction past the tracking limit, so nothing changes any more, and the
         * outbox empty. Then the workers get SIGTERM and the client reads to the end.
         */
        void drain() throws InterruptedException {
            Duration timeout = Duration.ofMinutes(5).plusSeconds(settings.requests() / 100);
            await("every request answered and every withdrawal sent").atMost(timeout).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        monkey.superviseWorkers();
                        return observations.firstResults().keySet().containsAll(workload.sent().keySet())
                                && count("SELECT count(*) FROM btc.transaction WHERE type = 'broadcast' AND state <> 'broadcasted'") == 0
                                && count("SELECT count(*) FROM btc.network_transaction WHERE type = 'broadcast'"
                                        + " AND state NOT IN ('sent', 'dissolved')") == 0;
                    });
            operator.stopRounds();
            chain.close(); // stops the miner: from here on the chain changes only by the next line
            chain.mine(TRACKING_LIMIT + 5);
            String[] paid = workload.chainPayments().stream().map(Workload.ChainPayment::txid).toArray(String[]::new);
            await("chain settled and outbox empty").atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
                monkey.superviseWorkers();
                return jdbc.sql("""
                                SELECT count(*) FROM btc.network_transaction
                                WHERE (type = 'broadcast' AND txid IS NOT NULL AND (fee IS NULL OR confirmations < :limit))
                                   OR (type = 'deposit' AND txid = ANY(CAST(:paid AS text[])) AND confirmations < :limit)
                                """).param("limit", TRACKING_LIMIT).param("paid", paid).query(Long.class).single() == 0
                        && jdbc.sql("SELECT count(*) FROM btc.transaction WHERE type = 'deposit' AND credited AND txid = ANY(CAST(:paid AS text[]))")
                        .param("paid", paid).query(Long.class).single() == paid.length
                        && count("SELECT count(*) FROM cryptoassets.outbox") == 0;
            });
            exitCodes.putAll(fleet.stopAll(Duration.ofSeconds(60)));
            await("client read everything").atMost(Duration.ofMinutes(2)).until(observations.catchUp()::isDone);
        }

        void check(long startedNanos) throws IOException, InterruptedException {
            BankModel model = new BankModel(workload.sent(), observations.firstResults(), workload.owners(),
                    workload.chainPayments(), chain.sends());
            WorkerFleet.AdminRun audit = fleet.admin("audit");
            log.info("audit:\n{}", audit.output());
            report(model, startedNanos);

            SoftAssertions soft = new SoftAssertions();
            checkResults(soft);
            soft.assertThat(databaseBalances()).as("balances in the database vs the client's model").isEqualTo(model.balances());
            soft.assertThat(model.balances().entrySet().stream()
                    .filter(b -> !b.getKey().equals(BankModel.NETWORK_FEE_ACCOUNT) && b.getValue().signum() < 0).toList())
                    .as("negative balances in the model").isEmpty();
            checkSends(soft, model);
            checkSequences(soft);
            soft.assertThat(count("SELECT count(*) FROM cryptoassets.outbox")).as("outbox rows left").isZero();
            soft.assertThat(audit.exitCode()).as("audit exit code; output:%n%s", audit.output()).isZero();
            soft.assertThat(exitCodes.values()).as("exit codes on SIGTERM: %s", exitCodes).containsOnly(0);
            checkChaos(soft);
            soft.assertAll();
        }

        private void checkResults(SoftAssertions soft) {
            Set<UUID> sent = workload.sent().keySet();
            soft.assertThat(sent.stream().filter(id -> !observations.firstResults().containsKey(id)).toList())
                    .as("requests without a result").isEmpty();
            soft.assertThat(observations.resultEventIds().entrySet().stream().filter(e -> e.getValue().size() != 1)
                    .map(e -> e.getKey() + " -> " + e.getValue()).toList())
                    .as("request records answered under more than one eventId").isEmpty();
            soft.assertThat(observations.firstResults().keySet().stream().filter(id -> !sent.contains(id)).toList())
                    .as("results for requests nobody sent").isEmpty();
            soft.assertThat(observations.violations()).as("violations seen by the client").isEmpty();
        }

        /** Each accepted external withdrawal paid once on the chain, nothing else paid, the ledger agreeing. */
        private void checkSends(SoftAssertions soft, BankModel model) {
            Map<String, List<SimulatedSend>> sendsByAddress = new HashMap<>();
            for (SimulatedSend send : chain.sends()) {
                send.outputs().keySet().forEach(a -> sendsByAddress.computeIfAbsent(a, x -> new ArrayList<>()).add(send));
            }
            List<String> notOnce = new ArrayList<>();
            for (WithdrawalRequested withdrawal : model.externalWithdrawals().values()) {
                List<SimulatedSend> sends = sendsByAddress.getOrDefault(withdrawal.toAddress(), List.of());
                if (sends.size() != 1 || !sends.get(0).outputs().get(withdrawal.toAddress()).equals(withdrawal.amount())) {
                    notOnce.add(withdrawal.requestId() + " of " + withdrawal.amount() + " to " + withdrawal.toAddress()
                            + " was sent as " + sends);
                }
            }
            soft.assertThat(notOnce).as("accepted withdrawals not sent exactly once").isEmpty();
            soft.assertThat(sendsByAddress.keySet().stream().filter(a -> !model.externalWithdrawals().containsKey(a)).toList())
                    .as("addresses paid by the wallet without an accepted withdrawal").isEmpty();
            Map<String, String> txidByAddress = new HashMap<>();
            sendsByAddress.forEach((address, sends) -> txidByAddress.put(address, sends.get(0).txid()));
            List<String> disagreeing = jdbc.sql("SELECT address, state, coalesce(txid, '-') AS txid FROM btc.transaction WHERE type = 'broadcast'")
                    .query((rs, n) -> rs.getString("state").equals("broadcasted")
                            && rs.getString("txid").equals(txidByAddress.get(rs.getString("address"))) ? null
                            : rs.getString("address") + " " + rs.getString("state") + " " + rs.getString("txid"))
                    .list().stream().filter(line -> line != null).toList();
            soft.assertThat(disagreeing).as("withdrawals whose state or txid disagree with the chain").isEmpty();
        }

        /** Read in strictly increasing order (checked as read), and without gaps: 1..n, n as the ledger counted. */
        private void checkSequences(SoftAssertions soft) {
            Map<String, Long> ledger = new TreeMap<>();
            jdbc.sql("SELECT account_id, event_sequence FROM btc.account WHERE event_sequence > 0")
                    .query((rs, n) -> ledger.put(rs.getString(1), rs.getLong(2))).list();
            soft.assertThat(new TreeMap<>(observations.lastSequence())).as("last TxUpdate sequence read per account")
                    .isEqualTo(ledger);
            soft.assertThat(new TreeMap<>(observations.updatesPerAccount())).as("distinct TxUpdates read per account")
                    .isEqualTo(ledger);
        }

        private void checkChaos(SoftAssertions soft) {
            soft.assertThat(monkey.randomKills()).as("random SIGKILLs").isGreaterThanOrEqualTo(ChaosMonkey.MIN_RANDOM_KILLS);
            soft.assertThat(monkey.trappedKills()).as("SIGKILLs inside a broadcast's node calls")
                    .isEqualTo(ChaosMonkey.TRAPPED_KILLS);
            soft.assertThat(monkey.brokerRestarts()).as("broker restarts").isEqualTo(1);
            soft.assertThat(operator.resolutions()).as("broadcasts that needed an operator").isEmpty();
            soft.assertThat(jdbc.sql("SELECT count(*) FROM btc.network_transaction WHERE state = 'broken'"
                    + " OR (state = 'signed' AND broken_alerted_at IS NOT NULL)").query(Long.class).single())
                    .as("broadcasts waiting for an operator").isZero();
            soft.assertThat(operator.violations()).as("what the operator found wrong").isEmpty();
            soft.assertThat(monkey.faultsDone()).as("faults carried out").containsExactlyInAnyOrder(FaultSchedule.Kind.values());
            soft.assertThat(monkey.unexpectedExits().stream().filter(e -> e.contains("after it had started")).toList())
                    .as("workers that died by themselves").isEmpty();
        }

        private Map<String, BigInteger> databaseBalances() {
            Map<String, BigInteger> balances = new TreeMap<>();
            jdbc.sql("SELECT account_id, balance FROM btc.account")
                    .query((rs, n) -> balances.put(rs.getString(1), rs.getBigDecimal(2).toBigIntegerExact())).list();
            // The network-fee account exists from the start; the model has it once something was sent.
            balances.entrySet().removeIf(b -> b.getKey().equals(BankModel.NETWORK_FEE_ACCOUNT) && b.getValue().signum() == 0);
            return balances;
        }

        private void report(BankModel model, long startedNanos) {
            List<String> lines = new ArrayList<>();
            lines.add(String.format("requests %d (accepted %d, rejected %s), client retries %d, redelivered events read %d",
                    workload.sent().size(), model.accepted(), model.rejected(), workload.resends(), observations.redelivered()));
            lines.add(String.format("random kills %d, kills inside a broadcast %d, broker restarts %d, unexpected exits %s",
                    monkey.randomKills(), monkey.trappedKills(), monkey.brokerRestarts(), monkey.unexpectedExits()));
            lines.add(String.format("sends %d paying %d withdrawals; chain payments %d; resolutions %s (commands run again "
                            + "after exit 4: %d)", chain.sends().size(), model.externalWithdrawals().size(),
                    workload.chainPayments().size(), operator.resolutions(), operator.retriedCommands()));
            lines.add(String.format("chaos %.0f s, whole run %.0f s", chaosNanos / 1e9, (System.nanoTime() - startedNanos) / 1e9));
            lines.addAll(monkey.events());
            log.info("kill-the-workers summary:\n  {}", String.join("\n  ", lines));
        }

        private long count(String sql) {
            return jdbc.sql(sql).query(Long.class).single();
        }
    }

    static Map<String, String> configuration(TestDatabase.Scratch database, StandaloneBroker broker,
                                             SimulatedNodeServer node) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("spring.datasource.url", database.jdbcUrl());
        c.put("spring.datasource.username", TestDatabase.get().user());
        c.put("spring.datasource.password", TestDatabase.get().password());
        c.put("spring.datasource.hikari.maximum-pool-size", "6");
        c.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        // A killed worker's partitions go to the others after 6 s rather than the default 45 s.
        c.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
        c.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");
        c.put("cryptoassets.assets[0].code", Workload.ASSET);
        c.put("cryptoassets.assets[0].address-networks", "regtest");
        c.put("cryptoassets.assets[0].confirmations-to-credit", Integer.toString(Workload.CONFIRMATIONS_TO_CREDIT));
        c.put("cryptoassets.assets[0].tracking-limit", Integer.toString(TRACKING_LIMIT));
        c.put("cryptoassets.assets[0].node.type", "bitcoind");
        c.put("cryptoassets.assets[0].node.bitcoind.url", node.url().toString());
        c.put("cryptoassets.assets[0].node.bitcoind.password", NODE_PASSWORD);
        c.put("cryptoassets.assets[0].node.bitcoind.send-timeout", "10s");
        c.put("cryptoassets.chain.broadcast-interval", "200ms");
        c.put("cryptoassets.chain.broken-after", BROKEN_AFTER.toSeconds() + "s");
        c.put("cryptoassets.chain.refused-retry-after", "1s");
        // A signer killed before it recorded its transaction is replaced after 5 s, not a minute.
        c.put("cryptoassets.chain.signing-timeout", "5s");
        c.put("cryptoassets.chain.confirmations-interval", "3s");
        c.put("cryptoassets.chain.scan-interval", "2s");
        // A worker frozen for FaultSchedule's 11-12 s loses its outbox shards to the others after 5 s.
        c.put("cryptoassets.relay.stale-after", "5s");
        c.put("logging.level.org.apache.kafka", "WARN");
        return c;
    }

    private static HikariDataSource pool(TestDatabase.Scratch database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(TestDatabase.get().user());
        config.setPassword(TestDatabase.get().password());
        config.setMaximumPoolSize(3);
        config.setPoolName("kill-the-workers");
        config.addDataSourceProperty("ApplicationName", TEST_APPLICATION_NAME);
        return new HikariDataSource(config);
    }

    /** The run's directory (worker logs, broker data), emptied first: it is kept after a run to look into. */
    private static Path freshDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
