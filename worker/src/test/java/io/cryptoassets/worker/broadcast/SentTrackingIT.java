package io.cryptoassets.worker.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.chain.simulated.SimulatedSend;
import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What happens to a transaction after it was sent is noticed: a conflict or a replacement is
 * alerted once, a drop from the mempool is alerted and the recorded bytes are sent again (same
 * txid, paid once), a transaction unconfirmed for stuck-after-blocks is alerted once. A signed
 * transaction whose inputs were spent before it went out is the one case an operator settles.
 */
class SentTrackingIT extends DrivenBroadcastTest {

    @Test
    void aSentTransactionConflictedByADoubleSpendIsAlertedOnceAndNeverCountedUnconfirmed() {
        Sent sent = sendOne("conflicted", 15_000);
        List<TxUpdate> before = withdrawalUpdates(sent.account());
        String conflicting = fixture.chain().doubleSpend(sent.txid());

        pollUntil(() -> alertsAbout(AlertKind.BROADCAST_CONFLICTED, sent.broadcast()).size() == 1);
        pollFor(Duration.ofSeconds(1), () -> alertsAbout(AlertKind.BROADCAST_CONFLICTED, sent.broadcast()).size() == 1);

        Alert alert = alertsAbout(AlertKind.BROADCAST_CONFLICTED, sent.broadcast()).get(0);
        assertThat(alert.details()).containsEntry("txid", sent.txid()).containsEntry("conflictingTxids", conflicting);
        assertThat(jdbc.sql("SELECT conflicting_txids FROM btc.network_transaction WHERE id = :id")
                .param("id", sent.broadcast()).query(String.class).single()).isEqualTo(conflicting);
        assertThat(broadcastState(sent.broadcast())).as("sent stays sent: an operator looks").isEqualTo("sent");
        assertThat(withdrawalUpdates(sent.account())).as("no update says the payment merely waits").isEqualTo(before);
    }

    @Test
    void aReplacedTransactionIsAlertedWithItsReplacement() {
        Sent sent = sendOne("replaced", 16_000);
        String replacement = fixture.chain().replace(sent.txid());

        pollUntil(() -> alertsAbout(AlertKind.BROADCAST_CONFLICTED, sent.broadcast()).size() == 1);
        pollFor(Duration.ofSeconds(1), () -> alertsAbout(AlertKind.BROADCAST_CONFLICTED, sent.broadcast()).size() == 1);
        assertThat(alertsAbout(AlertKind.BROADCAST_CONFLICTED, sent.broadcast()).get(0).details())
                .containsEntry("txid", sent.txid()).containsEntry("replacedBy", replacement);
    }

    @Test
    void aDroppedTransactionIsSentAgainFromItsRecordedBytesEachDropAlertedOnce() {
        Sent sent = sendOne("dropped", 17_000);
        SimulatedChain chain = fixture.chain();

        chain.dropFromMempool(sent.txid());
        pollUntil(() -> alertsAbout(AlertKind.BROADCAST_DROPPED, sent.broadcast()).size() == 1);
        pollFor(Duration.ofSeconds(1), () -> alertsAbout(AlertKind.BROADCAST_DROPPED, sent.broadcast()).size() == 1);
        assertThat(alertsAbout(AlertKind.BROADCAST_DROPPED, sent.broadcast()).get(0).details())
                .containsEntry("txid", sent.txid()).containsEntry("resent", "true");

        chain.dropFromMempool(sent.txid()); // it is back in the mempool: a second drop is a second alert
        pollUntil(() -> alertsAbout(AlertKind.BROADCAST_DROPPED, sent.broadcast()).size() == 2);
        assertThat(jdbc.sql("SELECT drops FROM btc.network_transaction WHERE id = :id").param("id", sent.broadcast())
                .query(Integer.class).single()).isEqualTo(2);

        chain.mine(1);
        pollUntil(() -> fixture.networkConfirmations(sent.broadcast()) == 1);
        assertEachPaidExactlyOnce();
        assertThat(chain.sends().stream().map(SimulatedSend::txid).filter(sent.txid()::equals)).hasSize(1);
    }

    @Test
    void aTransactionStillUnconfirmedStuckAfterBlocksLaterIsAlertedOnce() {
        Sent sent = sendOne("stuck", 18_000);
        SimulatedChain chain = fixture.chain();
        // Out of the mempool while blocks are found, as a fee too low for them would keep it.
        chain.dropFromMempool(sent.txid());
        chain.mine(DrivenWorker.STUCK_AFTER_BLOCKS);

        pollUntil(() -> alertsAbout(AlertKind.BROADCAST_STUCK, sent.broadcast()).size() == 1);
        pollFor(Duration.ofSeconds(1), () -> alertsAbout(AlertKind.BROADCAST_STUCK, sent.broadcast()).size() == 1);
        Alert stuck = alertsAbout(AlertKind.BROADCAST_STUCK, sent.broadcast()).get(0);
        long sentAt = Long.parseLong(stuck.details().get("sentAtHeight"));
        assertThat(Long.parseLong(stuck.details().get("height")) - sentAt)
                .isGreaterThanOrEqualTo(DrivenWorker.STUCK_AFTER_BLOCKS);

        chain.mine(1);
        pollUntil(() -> fixture.networkConfirmations(sent.broadcast()) == 1);
        assertEachPaidExactlyOnce();
    }

    @Test
    void aSignedTransactionWhoseInputsWereSpentBeforeItWentOutIsBrokenUntilAnOperatorResolvesIt() {
        String account = RequestTraffic.account("spent-inputs");
        traffic.fundedAccount(account, 100_000);
        UUID withdrawal = withdraw(account, 25_000).get(0);
        CrashingNode dying = new CrashingNode(fixture.chain()).crashAt(CrashingNode.Step.BEFORE_SEND);
        assertThatThrownBy(() -> driven.roundsUntilIdle(dying)).isInstanceOf(CrashingNode.Crash.class);
        long broadcast = fixture.broadcastOf(withdrawal);
        String conflicting = fixture.chain().doubleSpend(dying.lastSigned().txid());

        roundsUntil(fixture.chain(), () -> "broken".equals(broadcastState(broadcast)));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> alertsAbout(AlertKind.BROKEN_BROADCAST, broadcast).size() == 1);
        assertThat(alertsAbout(AlertKind.BROKEN_BROADCAST, broadcast).get(0).details())
                .containsEntry("txid", dying.lastSigned().txid())
                .containsEntry("conflictingTxids", "bad-txns-inputs-missingorspent");
        assertThat(fixture.state(withdrawal)).isEqualTo("pending");
        assertThat(fixture.chain().sends().stream().map(SimulatedSend::txid)).doesNotContain(conflicting);
        assertThat(fixture.admin("broadcasts", "list", "--broken", "--asset", "BTC").out())
                .contains(Long.toString(broadcast), "broken");

        ChainFixture.CommandRun resolved = fixture.admin("broadcasts", "resolve", Long.toString(broadcast), "--not-sent",
                "--asset", "BTC");
        assertThat(resolved.exitCode()).as(resolved.err()).isZero();
        roundsUntil(fixture.chain(), () -> "broadcasted".equals(fixture.state(withdrawal)));
        assertThat(fixture.broadcastOf(withdrawal)).isNotEqualTo(broadcast);
        assertEachPaidExactlyOnce();
        assertNoOrphanLocks();
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(75_000));
        assertThat(jdbc.sql("""
                SELECT amount FROM btc.ledger_entry WHERE network_transaction_id = :id ORDER BY id
                """).param("id", broadcast).query(BigInteger.class).list())
                .as("the fee charged when it was recorded, given back when it was declared not sent")
                .containsExactly(BigInteger.valueOf(-1_000), BigInteger.valueOf(1_000));
        ChainFixture.CommandRun audit = fixture.admin("audit");
        assertThat(audit.exitCode()).as(audit.out()).isZero();
    }

    private record Sent(String account, long broadcast, String txid) {
    }

    /** One withdrawal, signed, recorded and sent, unconfirmed. */
    private Sent sendOne(String prefix, long amount) {
        String account = RequestTraffic.account(prefix);
        traffic.fundedAccount(account, 100_000);
        UUID withdrawal = withdraw(account, amount).get(0);
        roundsUntil(fixture.chain(), () -> "broadcasted".equals(fixture.state(withdrawal)));
        long broadcast = fixture.broadcastOf(withdrawal);
        String txid = txidOf(broadcast);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.txUpdates(account).stream()
                .anyMatch(u -> txid.equals(u.txid())));
        return new Sent(account, broadcast, txid);
    }

    private List<TxUpdate> withdrawalUpdates(String account) {
        return events.txUpdates(account).stream().filter(u -> u.transactionType() == TransactionType.BROADCAST).toList();
    }

    private void pollUntil(BooleanSupplier done) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            driven.tracker().poll(driven.asset(), fixture.chain());
            return done.getAsBoolean();
        });
    }

    /** Polls for {@code period}, {@code holds} true all along: what happens once does not happen again. */
    private void pollFor(Duration period, BooleanSupplier holds) {
        Awaitility.await().during(period).atMost(period.plusSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            driven.tracker().poll(driven.asset(), fixture.chain());
            return holds.getAsBoolean();
        });
    }
}
