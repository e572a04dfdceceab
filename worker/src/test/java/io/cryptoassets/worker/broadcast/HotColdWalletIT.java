package io.cryptoassets.worker.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.HotWalletProperties;
import io.cryptoassets.worker.audit.Reserves;
import io.cryptoassets.worker.broadcast.CrashingNode.Step;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.simulated.ChainCall;
import io.cryptoassets.worker.chain.simulated.Fault;
import io.cryptoassets.worker.chain.simulated.SimulatedSend;
import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hot wallet above {@code hot-wallet.max} is swept once to cold storage, by the broadcast
 * machinery: two workers deciding at once, or one deciding on a balance read before the other's
 * sweep went out, make one sweep; a worker killed at any step of it leaves a sweep the next round
 * settles, paid once. The sweep moves no balance, emits no {@code TxUpdate}, charges its fee to the
 * network-fee account, raises one {@code COLD_SWEEP}, and the reserves count it as cold. Below
 * {@code hot-wallet.min}, {@code HOT_WALLET_LOW} is raised once per episode, however many workers look.
 */
class HotColdWalletIT extends DrivenBroadcastTest {

    private static final BigInteger ABOVE_MAX = BigInteger.valueOf(100_000);
    private static final BigInteger SWEPT = BigInteger.valueOf(300_000);

    /** How the two workers' readings of the wallet's balance line up against each other. */
    enum Race {
        /** Both read the balance, then both try to create a sweep at once. */
        TOGETHER,
        /** One reads the balance, and decides only after the other's sweep was sent: its balance is stale. */
        STALE_BALANCE
    }

    @ParameterizedTest
    @EnumSource(Race.class)
    void twoWorkersSweepTheExcessOnceToColdStorage(Race race) throws Exception {
        List<String> cold = List.of(fixture.chain().anyAddress(), fixture.chain().anyAddress());
        BigInteger hot = hot();
        AssetProperties asset = withHotWallet(hot.subtract(ABOVE_MAX), hot.subtract(SWEPT), cold);
        BigInteger coldBefore = reserves().coldWallet();
        long sweepsBefore = jdbc.sql("SELECT count(*) FROM btc.network_transaction WHERE kind = 'sweep'")
                .query(Long.class).single();
        RacingNode node = new RacingNode(fixture.chain(), race);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> rounds = List.of(workers.submit(() -> driven.roundsUntilIdle(asset, node)),
                    workers.submit(() -> driven.roundsUntilIdle(asset, node)));
            for (Future<?> round : rounds) {
                round.get(60, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
        assertThat(node.balanceReads.get()).as("both workers decided on a reading").isGreaterThanOrEqualTo(2);

        long sweep = onlySweepSince();
        assertThat(sweepsTo(cold)).as("sends to cold storage").hasSize(1);
        SimulatedSend sent = sweepsTo(cold).get(0);
        // Cold addresses are paid in turn, counting every sweep the asset ever made.
        assertThat(sent.outputs()).containsExactly(java.util.Map.entry(cold.get((int) (sweepsBefore % 2)), SWEPT));
        assertSettledOnce(asset, sweep, sent, coldBefore);
        assertTopupsCountAgainstColdHoldings();
    }

    /** An operator moves coins back from cold storage and records it; more than was swept there is refused. */
    private void assertTopupsCountAgainstColdHoldings() {
        BigInteger cold = reserves().coldWallet();
        ChainFixture.CommandRun tooMuch = fixture.admin("cold-wallet", "topup", "--asset", "BTC", "--amount",
                cold.add(BigInteger.ONE).toString());
        assertThat(tooMuch.exitCode()).as(tooMuch.out() + tooMuch.err()).isEqualTo(3);
        String txid = fixture.chain().pay(fixture.chain().newAddress("from cold storage"), BigInteger.valueOf(5_000));
        fixture.chain().mine(1);
        ChainFixture.CommandRun topup = fixture.admin("cold-wallet", "topup", "--asset", "BTC", "--amount", "5000",
                "--txid", txid, "--by", "ops-on-call");
        assertThat(topup.exitCode()).as(topup.out() + topup.err()).isZero();
        assertThat(reserves().coldWallet()).isEqualTo(cold.subtract(BigInteger.valueOf(5_000)));
        assertThat(fixture.admin("cold-wallet", "show", "--asset", "BTC").out()).contains("ops-on-call", txid,
                "cold holdings " + cold.subtract(BigInteger.valueOf(5_000)));
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void aWorkerKilledAtAnyStepOfASweepLeavesOneSweepTheNextRoundSettles(Step step) {
        List<String> cold = List.of(fixture.chain().anyAddress());
        BigInteger hot = hot();
        AssetProperties asset = withHotWallet(hot.subtract(ABOVE_MAX), hot.subtract(SWEPT), cold);
        BigInteger coldBefore = reserves().coldWallet();
        CrashingNode dying = new CrashingNode(fixture.chain()).crashAt(step);

        assertThatThrownBy(() -> driven.roundsUntilIdle(asset, dying)).isInstanceOf(CrashingNode.Crash.class);
        long sweep = onlySweepSince();
        assertThat(broadcastState(sweep)).isNotEqualTo("sent");

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            driven.roundsUntilIdle(asset, fixture.chain());
            return "sent".equals(broadcastState(sweep));
        });
        driven.roundsUntilIdle(asset, fixture.chain());

        assertThat(onlySweepSince()).as("no second sweep after the crash").isEqualTo(sweep);
        List<SimulatedSend> sends = sweepsTo(cold);
        assertThat(sends).as("sends to cold storage").hasSize(1);
        if (step != Step.AFTER_SIGN) {
            assertThat(txidOf(sweep)).isEqualTo(dying.lastSigned().txid());
        }
        assertThat(alertsAbout(AlertKind.BROKEN_BROADCAST, sweep)).isEmpty();
        assertNoOrphanLocks();
        assertSettledOnce(asset, sweep, sends.get(0), coldBefore);
    }

    @Test
    void aSweepGoesOutWithSendmanyToo() {
        List<String> cold = List.of(fixture.chain().anyAddress());
        BigInteger hot = hot();
        AssetProperties asset = inMode(withHotWallet(hot.subtract(ABOVE_MAX), hot.subtract(SWEPT), cold),
                AssetProperties.BroadcastMode.SENDMANY);
        BigInteger coldBefore = reserves().coldWallet();

        driven.roundsUntilIdle(asset, fixture.chain());

        long sweep = onlySweepSince();
        assertThat(broadcastState(sweep)).isEqualTo("sent");
        List<SimulatedSend> sends = sweepsTo(cold);
        assertThat(sends).hasSize(1);
        assertSettledOnce(asset, sweep, sends.get(0), coldBefore);
    }

    @Test
    void aSweepTheNodeRefusesEndsUnsentWithoutRefundAndALaterRoundSweepsAgain() {
        List<String> cold = List.of(fixture.chain().anyAddress());
        BigInteger hot = hot();
        AssetProperties asset = withHotWallet(hot.subtract(ABOVE_MAX), hot.subtract(SWEPT), cold);
        BigInteger coldBefore = reserves().coldWallet();
        fixture.chain().faults().next(ChainCall.SIGN, Fault.refuse(-6, "Insufficient funds"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            driven.roundsUntilIdle(asset, fixture.chain());
            return sweepsTo(cold).size() == 1;
        });

        List<Long> sweeps = jdbc.sql("""
                SELECT id FROM btc.network_transaction WHERE kind = 'sweep' AND created_at >= :since ORDER BY id
                """).param("since", java.sql.Timestamp.from(startedAt)).query(Long.class).list();
        assertThat(sweeps).as("the refused sweep, then the one sent").hasSize(2);
        long refused = sweeps.get(0);
        assertThat(broadcastState(refused)).isEqualTo("dissolved");
        assertThat(jdbc.sql("SELECT state FROM btc.transaction WHERE network_transaction_id = :id")
                .param("id", refused).query(String.class).list()).containsExactly("failed");
        assertThat(jdbc.sql("SELECT count(*) FROM btc.ledger_entry WHERE network_transaction_id = :id")
                .param("id", refused).query(Long.class).single()).as("no fee, no refund").isZero();
        assertThat(alertsSinceStart(AlertKind.HOT_WALLET_INSUFFICIENT)).as("a sweep waits for nobody").isEmpty();
        assertThat(alertsAbout(AlertKind.COLD_SWEEP, refused)).isEmpty();
        assertSettledOnce(asset, sweeps.get(1), sweepsTo(cold).get(0), coldBefore);
    }

    @Test
    void aWalletBelowMinRaisesHotWalletLowOncePerEpisode() throws Exception {
        String account = RequestTraffic.account("hot-low");
        traffic.fundedAccount(account, 200_000);
        BigInteger min = hot().subtract(BigInteger.valueOf(50_000));
        AssetProperties asset = withMin(min);
        twoWorkersRound(asset);
        assertThat(alertsSinceStart(AlertKind.HOT_WALLET_LOW)).as("above min").isEmpty();

        withdraw(account, 80_000);
        BigInteger low = hot();
        twoWorkersRound(asset);
        twoWorkersRound(asset);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> !alertsSinceStart(AlertKind.HOT_WALLET_LOW).isEmpty());
        assertThat(alertsSinceStart(AlertKind.HOT_WALLET_LOW)).singleElement().satisfies(a -> assertThat(a.details())
                .containsEntry("balance", low.toString()).containsEntry("min", min.toString()));

        // An operator tops the wallet up from cold storage: the episode ends, without an alert.
        fixture.chain().pay(fixture.chain().newAddress("top-up from cold storage"), BigInteger.valueOf(100_000));
        fixture.chain().mine(1);
        twoWorkersRound(asset);
        assertThat(lowSince()).as("episode over").isFalse();

        withdraw(account, 100_000);
        BigInteger lowAgain = hot();
        twoWorkersRound(asset);
        twoWorkersRound(asset);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> alertsSinceStart(AlertKind.HOT_WALLET_LOW).size() >= 2);
        assertThat(alertsSinceStart(AlertKind.HOT_WALLET_LOW)).hasSize(2).last()
                .satisfies(a -> assertThat(a.details()).containsEntry("balance", lowAgain.toString()));
        assertThat(lowSince()).isTrue();
        // The next test starts outside an episode.
        twoWorkersRound(withMin(BigInteger.ZERO));
        assertThat(lowSince()).isFalse();
    }

    private boolean lowSince() {
        return jdbc.sql("SELECT low_since IS NOT NULL FROM btc.hot_wallet_state").query(Boolean.class).single();
    }

    private void assertSettledOnce(AssetProperties asset, long sweep, SimulatedSend sent, BigInteger coldBefore) {
        assertThat(txidOf(sweep)).isEqualTo(sent.txid());
        assertThat(jdbc.sql("""
                SELECT amount FROM btc.ledger_entry WHERE network_transaction_id = :id AND account_id = '$network-fee'
                """).param("id", sweep).query(BigInteger.class).list())
                .as("the sweep's fee, charged once to the network-fee account").containsExactly(sent.fee().negate());
        assertThat(jdbc.sql("""
                SELECT count(*) FROM btc.ledger_entry e JOIN btc.transaction t ON t.id = e.transaction_id
                WHERE t.network_transaction_id = :id
                """).param("id", sweep).query(Long.class).single()).as("no balance moved by the sweep").isZero();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> alertsAbout(AlertKind.COLD_SWEEP, sweep).size() == 1);
        Alert alert = alertsAbout(AlertKind.COLD_SWEEP, sweep).get(0);
        assertThat(alert.details()).containsEntry("txid", sent.txid()).containsEntry("amount", SWEPT.toString())
                .containsEntry("address", sent.outputs().keySet().iterator().next());
        assertThat(events.txUpdates("$network-fee")).as("no TxUpdate for a sweep").isEmpty();
        assertThat(reserves().coldWallet()).isEqualTo(coldBefore.add(SWEPT));
        ChainFixture.CommandRun audit = fixture.admin("audit");
        assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();
        ChainFixture.CommandRun shown = fixture.admin("cold-wallet", "show", "--asset", "BTC");
        assertThat(shown.out()).contains(sent.txid(), "cold holdings " + coldBefore.add(SWEPT));
        // Swept down to its target: a later round makes no other sweep.
        driven.roundsUntilIdle(asset, fixture.chain());
        assertThat(jdbc.sql("SELECT max(id) FROM btc.network_transaction WHERE kind = 'sweep'").query(Long.class).single())
                .isEqualTo(sweep);
    }

    /** The test's own reading of the hot wallet, independent of the worker's: balance less withdrawals waiting. */
    private BigInteger hot() {
        BigInteger waiting = jdbc.sql("""
                SELECT coalesce(sum(amount), 0) FROM btc.transaction
                WHERE type = 'broadcast' AND state IN ('pending', 'awaiting_approval')
                """).query(BigDecimal.class).single().toBigIntegerExact();
        return fixture.chain().walletBalance().subtract(waiting);
    }

    private long onlySweepSince() {
        List<Long> sweeps = jdbc.sql("""
                SELECT id FROM btc.network_transaction WHERE kind = 'sweep' AND created_at >= :since ORDER BY id
                """).param("since", java.sql.Timestamp.from(startedAt)).query(Long.class).list();
        assertThat(sweeps).as("sweeps made by this test").hasSize(1);
        return sweeps.get(0);
    }

    private List<SimulatedSend> sweepsTo(List<String> cold) {
        return fixture.chain().sends().stream().filter(s -> cold.stream().anyMatch(s.outputs()::containsKey)).toList();
    }

    private io.cryptoassets.worker.audit.AssetReserves reserves() {
        return context.getBean(Reserves.class).of(driven.asset(), fixture.chain());
    }

    private AssetProperties withHotWallet(BigInteger max, BigInteger target, List<String> cold) {
        AssetProperties a = driven.asset();
        return new AssetProperties(a.code(), a.schema(), a.decimals(), a.confirmationsToCredit(), a.trackingLimit(),
                a.addressNetworks(), a.node(), a.deposits(), a.minWithdrawal(), a.broadcastMode(), a.policy(),
                new HotWalletProperties(max, null, target, cold));
    }

    private static AssetProperties inMode(AssetProperties a, AssetProperties.BroadcastMode mode) {
        return new AssetProperties(a.code(), a.schema(), a.decimals(), a.confirmationsToCredit(), a.trackingLimit(),
                a.addressNetworks(), a.node(), a.deposits(), a.minWithdrawal(), mode, a.policy(), a.hotWallet());
    }

    private AssetProperties withMin(BigInteger min) {
        AssetProperties a = driven.asset();
        return new AssetProperties(a.code(), a.schema(), a.decimals(), a.confirmationsToCredit(), a.trackingLimit(),
                a.addressNetworks(), a.node(), a.deposits(), a.minWithdrawal(), a.broadcastMode(), a.policy(),
                new HotWalletProperties(null, min, null, List.of()));
    }

    /** Two workers' rounds at once, as two workers' schedulers would run them. */
    private void twoWorkersRound(AssetProperties asset) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> rounds = List.of(workers.submit(() -> driven.roundsUntilIdle(asset, fixture.chain())),
                    workers.submit(() -> driven.roundsUntilIdle(asset, fixture.chain())));
            for (Future<?> round : rounds) {
                round.get(60, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * Lines up the two workers' balance readings: both wait for each other after reading it; in
     * {@link Race#STALE_BALANCE} the second then waits until the first's sweep was sent.
     */
    private static final class RacingNode extends ForwardingNode {

        private final Race race;
        private final CyclicBarrier bothRead = new CyclicBarrier(2);
        private final CountDownLatch sweepSent = new CountDownLatch(1);
        final AtomicInteger balanceReads = new AtomicInteger();

        RacingNode(NodePort node, Race race) {
            super(node);
            this.race = race;
        }

        @Override
        public BigInteger spendableBalance() {
            BigInteger balance = node.spendableBalance();
            int read = balanceReads.incrementAndGet();
            if (read <= 2) {
                try {
                    bothRead.await(20, TimeUnit.SECONDS);
                    if (race == Race.STALE_BALANCE && read == 2 && !sweepSent.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the other worker's sweep was never sent");
                    }
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException("the two workers did not race", e);
                }
            }
            return balance;
        }

        @Override
        public String sendRaw(String raw) {
            String txid = node.sendRaw(raw);
            sweepSent.countDown();
            return txid;
        }
    }
}
