package io.cryptoassets.worker.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reserves view against the simulated chain's own wallet: the figures it prints are the
 * wallet's balance and what the ledger's entries say is owed, and a wallet emptied behind the
 * ledger's back (an operator spending from the hot wallet by hand) raises one shortfall alert,
 * then one restored alert once the coins are back. The test ledger holds whatever earlier tests
 * credited, so each test first tops the wallet up above what is owed, as an operator would. Coins
 * earlier tests swept to cold storage count as held.
 */
class ReservesIT extends ChainIntegrationTest {

    private static final BigInteger SHORT_BY = BigInteger.valueOf(1_000);

    @Test
    void theViewPrintsWhatIsOwedAndWhatTheWalletHolds() {
        traffic.fundedAccount(RequestTraffic.account("reserved"), 5_000);
        fixture.awaitIdle();
        topUpAboveWhatIsOwed();

        ChainFixture.CommandRun run = fixture.admin("reserves");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        BigInteger held = fixture.chain().walletBalance();
        BigInteger cold = coldBySweepsAndTopups();
        BigInteger owed = owedByTheEntries();
        assertThat(run.out()).contains("BTC", "liabilities           " + owed, "hot wallet (node)     " + held,
                "cold storage          " + cold, "surplus               " + held.add(cold).subtract(owed), "reserves ok");
    }

    @Test
    void aWalletEmptiedBehindTheLedgersBackRaisesOneShortfallThenOneRestored() {
        traffic.fundedAccount(RequestTraffic.account("owed"), 20_000);
        fixture.awaitIdle();
        bringColdStorageBack();
        topUpAboveWhatIsOwed();
        Instant started = Instant.now();
        SimulatedChain chain = fixture.chain();
        AssetProperties btc = context.getBean(LedgerProperties.class).asset("BTC").orElseThrow();
        ReservesWatch watch = context.getBean(ReservesWatch.class);
        // Leave the wallet about SHORT_BY short (the send's fee comes on top), measured independently below.
        BigInteger taken = chain.walletBalance().subtract(owedByTheEntries()).add(SHORT_BY);
        String sent = chain.send(Map.of(chain.anyAddress(), taken));
        BigInteger paid = chain.sends().stream().filter(s -> s.txid().equals(sent)).findFirst().orElseThrow().fee().add(taken);
        BigInteger shortBy = owedByTheEntries().subtract(chain.walletBalance());
        try {
            assertThat(shortBy).isGreaterThanOrEqualTo(SHORT_BY);
            assertThat(watch.check(btc, chain).surplus()).isEqualTo(shortBy.negate());
            watch.check(btc, chain);
            watch.check(btc, chain);

            ChainFixture.CommandRun run = fixture.admin("reserves");
            assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
            assertThat(run.out()).contains("SHORTFALL             " + shortBy, "reserves FAILED");
            await().atMost(Duration.ofSeconds(30)).until(() -> alerts(AlertKind.RESERVES_SHORTFALL, started).size() == 1);
            assertThat(alerts(AlertKind.RESERVES_SHORTFALL, started).get(0).details())
                    .containsEntry("shortfall", shortBy.toString());
        } finally {
            chain.pay(chain.newAddress("top-up from cold storage"), paid);
            chain.mine(1); // a payment from outside is the wallet's to spend once mined
        }
        watch.check(btc, chain);
        watch.check(btc, chain);
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(AlertKind.RESERVES_RESTORED, started).size() == 1);
        assertThat(alerts(AlertKind.RESERVES_SHORTFALL, started)).hasSize(1);
    }

    /** What the ledger owes, from its entries rather than the balances the view reads. */
    private BigInteger owedByTheEntries() {
        return jdbc.sql("""
                SELECT (SELECT coalesce(sum(e.amount), 0) FROM btc.ledger_entry e
                        JOIN btc.account a ON a.account_id = e.account_id WHERE NOT a.is_network_fee)
                     + (SELECT coalesce(sum(amount), 0) FROM btc.transaction
                        WHERE type = 'broadcast' AND state IN ('pending', 'awaiting_approval'))
                """).query(java.math.BigDecimal.class).single().toBigIntegerExact();
    }

    /** Cold storage as the worker counts it, from the sweeps' and top-ups' rows. */
    private BigInteger coldBySweepsAndTopups() {
        return jdbc.sql("""
                SELECT (SELECT coalesce(sum(t.amount), 0) FROM btc.transaction t
                        JOIN btc.network_transaction n ON n.id = t.network_transaction_id
                        WHERE t.type = 'sweep' AND n.state = 'sent')
                     - (SELECT coalesce(sum(amount), 0) FROM btc.cold_topup)
                """).query(java.math.BigDecimal.class).single().toBigIntegerExact();
    }

    /**
     * Whatever earlier tests swept to cold storage comes back to the hot wallet, recorded as an
     * operator would, so that emptying the hot wallet makes a shortfall.
     */
    private void bringColdStorageBack() {
        BigInteger cold = coldBySweepsAndTopups();
        if (cold.signum() > 0) {
            fixture.chain().pay(fixture.chain().newAddress("from cold storage"), cold);
            fixture.chain().mine(1);
            ChainFixture.CommandRun topup = fixture.admin("cold-wallet", "topup", "--asset", "BTC", "--amount",
                    cold.toString(), "--by", "reserves-test");
            assertThat(topup.exitCode()).as(topup.out() + topup.err()).isZero();
        }
        assertThat(coldBySweepsAndTopups()).isZero();
    }

    private List<Alert> alerts(AlertKind kind, Instant since) {
        return events.alerts().stream().filter(a -> a.kind() == kind && !a.occurredAt().isBefore(since)).toList();
    }

    /** Outsiders pay the wallet whatever it lacks, plus a margin, and the watch takes note. */
    private void topUpAboveWhatIsOwed() {
        SimulatedChain chain = fixture.chain();
        BigInteger lacking = owedByTheEntries().subtract(chain.walletBalance());
        if (lacking.signum() >= 0) {
            chain.pay(chain.newAddress("top-up"), lacking.add(BigInteger.valueOf(100_000)));
            chain.mine(1); // a payment from outside is the wallet's to spend once mined
        }
        AssetProperties btc = context.getBean(LedgerProperties.class).asset("BTC").orElseThrow();
        context.getBean(ReservesWatch.class).check(btc, chain);
    }
}
