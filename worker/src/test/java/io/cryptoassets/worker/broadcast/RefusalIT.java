package io.cryptoassets.worker.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.chain.simulated.ChainCall;
import io.cryptoassets.worker.chain.simulated.Fault;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.SegwitAddress;
import org.junit.jupiter.api.Test;

/**
 * No withdrawal holds the others hostage: an output the node refuses for good fails alone and is
 * refunded, a wallet that cannot pay one withdrawal lets the others go and waits with one alert,
 * and a refusal nobody understands is split off until the refused withdrawal is alone.
 */
class RefusalIT extends DrivenBroadcastTest {

    @Test
    void aDustOutputAndAnAddressOfAnotherNetworkFailAloneAndTheOtherEightGoOut() {
        String account = RequestTraffic.account("group10");
        traffic.fundedAccount(account, 1_000_000);
        // Above the worker's min-withdrawal (1000) but below what the node relays: dust to it.
        BigInteger dustThreshold = BigInteger.valueOf(5_000);
        fixture.chain().dustThreshold(dustThreshold);
        try {
            List<String> addresses = new ArrayList<>();
            IntStream.range(0, 10).forEach(i -> addresses.add(fixture.chain().anyAddress()));
            String testnet = testnetAddress(); // accepted by this worker, refused by the mainnet node
            addresses.set(3, testnet);
            long[] amounts = {10_000, 11_000, 12_000, 13_000, 14_000, 15_000, 16_000, 2_500, 18_000, 19_000};
            List<UUID> withdrawals = withdrawTo(account, addresses, amounts);
            UUID invalid = withdrawals.get(3);
            UUID dust = withdrawals.get(7);
            List<UUID> good = withdrawals.stream().filter(w -> w != invalid && w != dust).toList();

            roundsUntil(fixture.chain(), () -> allIn(good, "broadcasted"));

            assertThat(fixture.state(invalid)).isEqualTo("failed");
            assertThat(fixture.state(dust)).isEqualTo("failed");
            requested.remove(testnet);
            requested.remove(addresses.get(7));
            assertEachPaidExactlyOnce();
            assertThat(fixture.sendsTo(testnet)).isEmpty();
            assertThat(fixture.sendsTo(addresses.get(7))).isEmpty();
            long sent = 10_000 + 11_000 + 12_000 + 14_000 + 15_000 + 16_000 + 18_000 + 19_000;
            assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(1_000_000 - sent));
            assertThat(traffic.entrySum(account)).isEqualTo(traffic.balance(account));

            TxUpdate invalidFailed = awaitFailed(account, idOf(invalid));
            assertThat(invalidFailed.detail()).isEqualTo("Invalid Bitcoin address: " + testnet);
            assertThat(invalidFailed.credited()).isFalse();
            assertThat(invalidFailed.amount()).isEqualTo(BigInteger.valueOf(13_000));
            assertThat(awaitFailed(account, idOf(dust)).detail()).isEqualTo("Transaction amount too small");
            assertThat(events.txUpdates(account)).filteredOn(u -> u.state() == TxState.FAILED).hasSize(2);

            ChainFixture.CommandRun audit = fixture.admin("audit");
            assertThat(audit.exitCode()).as(audit.out()).isZero();
            assertThat(audit.out()).contains("ok   every failed or cancelled withdrawal is refunded exactly once, and no other");
        } finally {
            fixture.chain().dustThreshold(SimulatedChain.DEFAULT_DUST_THRESHOLD);
        }
    }

    @Test
    void aWalletThatCannotPayOneWithdrawalLetsTheOthersGoAndWaitsWithOneAlertPerEpisode() {
        String account = RequestTraffic.account("hot-wallet");
        traffic.fundedAccount(account, 10_000_000);
        SimulatedChain chain = fixture.chain();
        BigInteger drained = drainWalletTo(BigInteger.valueOf(200_000));
        try {
            List<UUID> withdrawals = withdraw(account, 3_000_000, 10_000, 20_000, 30_000);
            UUID big = withdrawals.get(0);
            List<UUID> small = withdrawals.subList(1, 4);

            roundsUntil(chain, () -> allIn(small, "broadcasted"));
            assertThat(fixture.state(big)).isEqualTo("pending");
            long waiting = fixture.broadcastOf(big);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> alertsSinceStart(AlertKind.HOT_WALLET_INSUFFICIENT).size() == 1);
            // Later rounds try it again (refused-retry-after is 300ms) and say nothing more.
            Awaitility.await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).until(() -> {
                driven.roundsUntilIdle(chain);
                return alertsSinceStart(AlertKind.HOT_WALLET_INSUFFICIENT).size() == 1 && "pending".equals(fixture.state(big));
            });
            Alert alert = alertsSinceStart(AlertKind.HOT_WALLET_INSUFFICIENT).get(0);
            assertThat(alert.details()).containsEntry("broadcastId", Long.toString(waiting))
                    .containsEntry("amount", "3000000").containsEntry("error", "Insufficient funds");
            assertThat(jdbc.sql("SELECT send_attempts FROM btc.network_transaction WHERE id = :id").param("id", waiting)
                    .query(Integer.class).single()).as("tried again round after round").isGreaterThan(2);
            assertThat(events.txUpdates(account)).noneMatch(u -> u.state() == TxState.FAILED);

            topUp(BigInteger.valueOf(3_500_000));
            roundsUntil(chain, () -> "broadcasted".equals(fixture.state(big)));
            assertEachPaidExactlyOnce();
            assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(10_000_000 - 3_060_000));

            // A new episode: the wallet runs short again, and the alert is raised again.
            drained = drained.add(drainWalletTo(BigInteger.valueOf(100_000)));
            UUID bigAgain = withdraw(account, 2_000_000).get(0);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                driven.roundsUntilIdle(chain);
                return alertsSinceStart(AlertKind.HOT_WALLET_INSUFFICIENT).size() == 2;
            });
            assertThat(alertsSinceStart(AlertKind.HOT_WALLET_INSUFFICIENT).get(1).details())
                    .containsEntry("broadcastId", Long.toString(fixture.broadcastOf(bigAgain)));
            topUp(BigInteger.valueOf(2_500_000));
            roundsUntil(chain, () -> "broadcasted".equals(fixture.state(bigAgain)));
            assertEachPaidExactlyOnce();
        } finally {
            topUp(drained); // what the next tests expect the wallet to hold
        }
    }

    @Test
    void aRefusalNobodyUnderstandsIsSplitOffUntilAloneAndAlertedAfterSomeRefusals() {
        String account = RequestTraffic.account("refused");
        traffic.fundedAccount(account, 1_000_000);
        List<UUID> withdrawals = withdraw(account, 10_000, 20_000, 30_000, 40_000, 50_000);
        String refusedAddress = new ArrayList<>(requested.keySet()).get(2);
        UUID refused = withdrawals.get(2);
        List<UUID> others = withdrawals.stream().filter(w -> w != refused).toList();
        RefusingNode node = new RefusingNode(fixture.chain(), refusedAddress);

        roundsUntil(node, () -> allIn(others, "broadcasted"));
        long alone = fixture.broadcastOf(refused);
        assertThat(jdbc.sql("SELECT count(*) FROM btc.transaction WHERE network_transaction_id = :id")
                .param("id", alone).query(Long.class).single()).isEqualTo(1);
        assertThat(node.refusals()).as("the group, then halves holding it, then it alone").isGreaterThanOrEqualTo(3);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            driven.roundsUntilIdle(node);
            return alertsAbout(AlertKind.WITHDRAWAL_REFUSED, alone).size() == 1;
        });
        Alert alert = alertsAbout(AlertKind.WITHDRAWAL_REFUSED, alone).get(0);
        assertThat(alert.details()).containsEntry("refusals", Integer.toString(DrivenWorker.REFUSALS_BEFORE_ALERT))
                .containsEntry("transactionId", Long.toString(idOf(refused)))
                .containsEntry("error", RefusingNode.WORDS);
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> {
            driven.roundsUntilIdle(node);
            return alertsAbout(AlertKind.WITHDRAWAL_REFUSED, alone).size() == 1;
        });
        assertThat(jdbc.sql("SELECT refusals FROM btc.network_transaction WHERE id = :id").param("id", alone)
                .query(Integer.class).single()).isGreaterThan(DrivenWorker.REFUSALS_BEFORE_ALERT);
        assertThat(fixture.state(refused)).as("it waits; nothing failed").isEqualTo("pending");
        requested.remove(refusedAddress);
        assertEachPaidExactlyOnce();

        // Once the node takes it, it goes out like any other.
        roundsUntil(fixture.chain(), () -> "broadcasted".equals(fixture.state(refused)));
        assertThat(fixture.sendsTo(refusedAddress)).hasSize(1);
    }

    @Test
    void aRecordedTransactionTheNodeKeepsRefusingIsSentAgainNeverSignedAnewAndAlertedOnce() {
        String account = RequestTraffic.account("refused-bytes");
        traffic.fundedAccount(account, 100_000);
        for (int i = 0; i <= DrivenWorker.REFUSALS_BEFORE_ALERT; i++) {
            fixture.chain().faults().next(ChainCall.SEND_RAW, Fault.refuse(-26, "min relay fee not met, 100 < 141"));
        }
        UUID withdrawal = withdraw(account, 20_000).get(0);
        driven.roundsUntilIdle(fixture.chain());
        long broadcast = fixture.broadcastOf(withdrawal);
        String recorded = txidOf(broadcast);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            driven.roundsUntilIdle(fixture.chain());
            return alertsAbout(AlertKind.BROKEN_BROADCAST, broadcast).size() == 1;
        });
        assertThat(broadcastState(broadcast)).isEqualTo("signed");
        assertThat(alertsAbout(AlertKind.BROKEN_BROADCAST, broadcast).get(0).details())
                .containsEntry("txid", recorded).containsEntry("lastError", "min relay fee not met, 100 < 141");
        assertThat(fixture.admin("broadcasts", "list", "--broken", "--asset", "BTC").out())
                .contains(Long.toString(broadcast), "signed/refused");

        // The node takes the same bytes once it will: sent under the txid recorded before anything left.
        roundsUntil(fixture.chain(), () -> "broadcasted".equals(fixture.state(withdrawal)));
        assertThat(txidOf(broadcast)).isEqualTo(recorded);
        assertThat(alertsAbout(AlertKind.BROKEN_BROADCAST, broadcast)).hasSize(1);
        assertEachPaidExactlyOnce();
    }

    /** Sends all but {@code left} (and the fee) of the wallet away, as to cold storage; returns what it sent. */
    private BigInteger drainWalletTo(BigInteger left) {
        BigInteger away = fixture.chain().walletBalance().subtract(left);
        fixture.chain().send(Map.of(fixture.chain().anyAddress(), away));
        return away;
    }

    /** A payment into the wallet, mined so the wallet can spend it. */
    private void topUp(BigInteger amount) {
        fixture.chain().pay(fixture.chain().newAddress("top-up"), amount);
        fixture.chain().mine(1);
    }

    private long idOf(UUID withdrawal) {
        return jdbc.sql("SELECT id FROM btc.transaction WHERE request_id = :id").param("id", withdrawal)
                .query(Long.class).single();
    }

    private TxUpdate awaitFailed(String account, long transactionId) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.txUpdates(account).stream()
                .anyMatch(u -> u.transactionId() == transactionId && u.state() == TxState.FAILED));
        return events.txUpdates(account).stream()
                .filter(u -> u.transactionId() == transactionId && u.state() == TxState.FAILED).findFirst().orElseThrow();
    }

    private static String testnetAddress() {
        byte[] hash = new byte[20];
        new SecureRandom().nextBytes(hash);
        return SegwitAddress.fromHash(BitcoinNetwork.TESTNET, hash).toString();
    }
}
