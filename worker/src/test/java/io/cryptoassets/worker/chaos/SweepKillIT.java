package io.cryptoassets.worker.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cryptoassets.worker.chain.simulated.SendTrap;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.chain.simulated.SimulatedNodeServer;
import io.cryptoassets.worker.chain.simulated.SimulatedSend;
import io.cryptoassets.worker.testsupport.LongTest;
import io.cryptoassets.worker.testsupport.TestDatabase;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two worker processes find the hot wallet above its max; the one that sends the sweep is killed
 * (SIGKILL) inside {@code sendrawtransaction}, after the node took it and before it heard back.
 * The sweep is settled once by whichever worker comes next: one sweep row, one transaction to
 * the cold address, its fee charged once, cold holdings equal to the sweep, and the audit passes.
 */
@LongTest
class SweepKillIT {

    private static final BigInteger WALLET = new BigInteger("1000000000000");
    private static final BigInteger MAX = new BigInteger("500000000000");
    private static final BigInteger TARGET = new BigInteger("400000000000");
    private static final String COLD = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

    @Test
    void aWorkerKilledInsideTheSweepsSendLeavesOneSweepSettledOnce() throws Exception {
        Path jar = Path.of(System.getProperty("cryptoassets.test.worker-jar", "target/worker.jar")).toAbsolutePath();
        Path repository = Path.of(System.getProperty("cryptoassets.test.repository-root", "..")).toAbsolutePath().normalize();
        Path runDir = Files.createDirectories(jar.getParent().resolve("sweep-kill"));
        SimulatedChain chain = new SimulatedChain(BitcoinNetwork.REGTEST, WALLET, BigInteger.valueOf(1_000));
        try (TestDatabase.Scratch database = TestDatabase.get().scratch("sweepkill");
             SimulatedNodeServer node = SimulatedNodeServer.start(chain, KillTheWorkersIT.NODE_PASSWORD);
             StandaloneBroker broker = new StandaloneBroker(repository, runDir.resolve("kafka"),
                     Boolean.getBoolean("cryptoassets.test.maven-offline"));
             WorkerFleet fleet = new WorkerFleet(jar, runDir, configuration(database, broker, node), 2)) {
            chain.startMining(Duration.ofSeconds(1));
            broker.start();
            // Armed before any worker runs a round: the first sweep's send is the one held.
            SendTrap trap = node.trapNext("sendrawtransaction", SendTrap.Phase.AFTER_SEND);
            fleet.startAll();
            String caller = trap.awaitCaller(Duration.ofMinutes(3))
                    .orElseThrow(() -> new IllegalStateException("no worker sent the sweep"));
            WorkerProcess victim = fleet.byNodeUser(caller).orElseThrow();
            victim.kill();
            trap.release();
            assertThat(chain.sends()).as("the node took the sweep before its sender died").hasSize(1);
            victim.start();

            JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(database.jdbcUrl(), TestDatabase.get().user(),
                    TestDatabase.get().password()));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc.sql("""
                    SELECT count(*) FROM btc.network_transaction WHERE kind = 'sweep' AND state = 'sent'
                    """).query(Long.class).single() == 1);
            // Both workers go on with their rounds: the wallet is at its target, and it stays one sweep.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM btc.network_transaction WHERE kind = 'sweep'").query(Long.class).single() == 1);

            List<SimulatedSend> sends = chain.sends();
            assertThat(sends).as("one transaction, to the cold address").hasSize(1);
            SimulatedSend sweep = sends.get(0);
            BigInteger swept = WALLET.subtract(TARGET);
            assertThat(sweep.outputs()).containsExactly(Map.entry(COLD, swept));
            assertThat(jdbc.sql("SELECT txid FROM btc.network_transaction WHERE kind = 'sweep'").query(String.class).list())
                    .containsExactly(sweep.txid());
            assertThat(jdbc.sql("""
                    SELECT e.amount FROM btc.ledger_entry e
                    JOIN btc.network_transaction n ON n.id = e.network_transaction_id
                    WHERE n.kind = 'sweep' AND e.account_id = '$network-fee'
                    """).query(BigInteger.class).list()).as("its fee, charged once").containsExactly(sweep.fee().negate());
            WorkerFleet.AdminRun cold = fleet.admin("cold-wallet", "show");
            assertThat(cold.output()).contains("cold holdings " + swept, sweep.txid());
            WorkerFleet.AdminRun audit = fleet.admin("audit");
            assertThat(audit.exitCode()).as(audit.output()).isZero();
        }
    }

    /** The kill test's workers (signing-timeout 5 s, broadcast rounds every 200 ms), with a hot-wallet ceiling. */
    private static Map<String, String> configuration(TestDatabase.Scratch database, StandaloneBroker broker,
                                                     SimulatedNodeServer node) {
        Map<String, String> c = new LinkedHashMap<>(KillTheWorkersIT.configuration(database, broker, node));
        c.put("cryptoassets.assets[0].hot-wallet.max", MAX.toString());
        c.put("cryptoassets.assets[0].hot-wallet.target", TARGET.toString());
        c.put("cryptoassets.assets[0].hot-wallet.cold-addresses[0]", COLD);
        return c;
    }
}
