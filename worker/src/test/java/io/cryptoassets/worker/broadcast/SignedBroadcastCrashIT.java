package io.cryptoassets.worker.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.broadcast.CrashingNode.Step;
import io.cryptoassets.worker.chain.SignedTransaction;
import io.cryptoassets.worker.chain.simulated.ChainCall;
import io.cryptoassets.worker.chain.simulated.Fault;
import io.cryptoassets.worker.chain.simulated.SimulatedSend;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A worker killed at any step of a signed broadcast leaves a state that the next round of any
 * worker finishes: every withdrawal paid exactly once, its fee charged once, no broadcast broken,
 * no lock left in the wallet, and no operator asked for anything.
 */
class SignedBroadcastCrashIT extends DrivenBroadcastTest {

    @ParameterizedTest
    @EnumSource(Step.class)
    void aWorkerKilledAtAnyStepLeavesWhatTheNextRoundFinishes(Step step) {
        String account = RequestTraffic.account("crash");
        traffic.fundedAccount(account, 100_000);
        List<UUID> withdrawals = withdraw(account, 10_000, 20_000, 30_000);
        CrashingNode dying = new CrashingNode(fixture.chain()).crashAt(step);

        assertThatThrownBy(() -> driven.roundsUntilIdle(dying)).isInstanceOf(CrashingNode.Crash.class);
        long broadcast = fixture.broadcastOf(withdrawals.get(0));
        assertThat(allIn(withdrawals, "pending")).as("nothing was marked before the crash").isTrue();
        SignedTransaction signedBeforeTheCrash = dying.lastSigned();

        roundsUntil(fixture.chain(), () -> allIn(withdrawals, "broadcasted"));

        assertEachPaidExactlyOnce();
        assertNoOrphanLocks();
        assertThat(withdrawals).allMatch(w -> fixture.broadcastOf(w) == broadcast);
        assertThat(broadcastState(broadcast)).isEqualTo("sent");
        assertThat(alertsAbout(AlertKind.BROKEN_BROADCAST, broadcast)).isEmpty();
        List<String> sentTxids = fixture.chain().sends().stream().map(SimulatedSend::txid).toList();
        if (step == Step.AFTER_SIGN) {
            // Nothing was recorded, so nothing could be sent: signed anew, and only that went out.
            assertThat(sentTxids).doesNotContain(signedBeforeTheCrash.txid());
            assertThat(txidOf(broadcast)).isNotEqualTo(signedBeforeTheCrash.txid());
        } else {
            assertThat(txidOf(broadcast)).isEqualTo(signedBeforeTheCrash.txid());
        }
        assertThat(sentTxids).contains(txidOf(broadcast));
        assertThat(jdbc.sql("""
                SELECT amount FROM btc.ledger_entry WHERE network_transaction_id = :id AND account_id = '$network-fee'
                """).param("id", broadcast).query(BigInteger.class).list()).containsExactly(BigInteger.valueOf(-1_000));
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(40_000));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.txUpdates(account).stream()
                .filter(u -> u.state() == TxState.BROADCASTED && txidOf(broadcast).equals(u.txid())
                        && BigInteger.valueOf(1_000).equals(u.fee()))
                .count() == 3);
    }

    @Test
    void aSendWhoseAnswerIsLostIsSettledByAskingTheNodeAboutItsTxid() {
        String account = RequestTraffic.account("lost-answer");
        traffic.fundedAccount(account, 50_000);
        List<UUID> withdrawals = withdraw(account, 12_000);
        fixture.chain().faults().next(ChainCall.SEND_RAW, Fault.timeoutAfterSend());

        driven.roundsUntilIdle(fixture.chain());
        long broadcast = fixture.broadcastOf(withdrawals.get(0));
        assertThat(broadcastState(broadcast)).as("the node has it, the worker does not know yet").isEqualTo("signed");
        assertThat(fixture.sendsTo(requested.keySet().iterator().next())).hasSize(1);

        roundsUntil(fixture.chain(), () -> allIn(withdrawals, "broadcasted"));
        assertEachPaidExactlyOnce();
        assertThat(alertsAbout(AlertKind.BROKEN_BROADCAST, broadcast)).isEmpty();
        assertThat(jdbc.sql("SELECT send_attempts FROM btc.network_transaction WHERE id = :id").param("id", broadcast)
                .query(Integer.class).single()).as("claimed to sign, then to settle").isEqualTo(2);
    }
}
