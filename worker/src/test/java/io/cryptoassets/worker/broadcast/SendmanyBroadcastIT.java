package io.cryptoassets.worker.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.simulated.ChainCall;
import io.cryptoassets.worker.chain.simulated.Fault;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * sendmany mode, for nodes that cannot sign without sending: a send whose outcome is unknown is
 * never sent again and goes to an operator after broken-after; a refusal is decided by its kind
 * as in signed mode.
 */
class SendmanyBroadcastIT extends DrivenBroadcastTest {

    @Test
    void aSendWhoseOutcomeIsUnknownIsNeverResentAndIsResolvedWithItsTxid() {
        String account = RequestTraffic.account("unknown");
        traffic.fundedAccount(account, 50_000);
        fixture.chain().faults().next(ChainCall.SEND, Fault.timeoutAfterSend());
        UUID withdrawal = withdraw(account, 7_000).get(0);
        String to = requested.keySet().iterator().next();
        roundsUntil(() -> "opened".equals(broadcastState(fixture.broadcastOf(withdrawal))));
        long broadcast = fixture.broadcastOf(withdrawal);

        roundsUntil(() -> alertsAbout(AlertKind.BROKEN_BROADCAST, broadcast).size() == 1);
        assertThat(broadcastState(broadcast)).isEqualTo("broken");
        // Later rounds go on for other withdrawals, and never send this one again.
        UUID other = withdraw(account, 1_000).get(0);
        roundsUntil(() -> "broadcasted".equals(fixture.state(other)));
        assertThat(fixture.sendsTo(to)).hasSize(1);
        assertThat(fixture.state(withdrawal)).isEqualTo("pending");
        assertThat(alertsAbout(AlertKind.BROKEN_BROADCAST, broadcast)).hasSize(1);
        assertThat(fixture.admin("broadcasts", "list", "--broken", "--asset", "BTC").out())
                .contains(Long.toString(broadcast), "broken");

        String txid = fixture.sendsTo(to).get(0).txid();
        ChainFixture.CommandRun resolved = fixture.admin("broadcasts", "resolve", Long.toString(broadcast), "--txid", txid,
                "--asset", "BTC");
        assertThat(resolved.exitCode()).as(resolved.err()).isZero();
        assertThat(resolved.out()).contains("resolved as sent", "1 withdrawals");
        assertThat(fixture.state(withdrawal)).isEqualTo("broadcasted");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.txUpdates(account).stream()
                .anyMatch(u -> u.state() == TxState.BROADCASTED && txid.equals(u.txid())));

        ChainFixture.CommandRun again = fixture.admin("broadcasts", "resolve", Long.toString(broadcast), "--not-sent",
                "--asset", "BTC");
        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.err()).contains("already closed", "resolved as txid");
        assertEachPaidExactlyOnce();
    }

    @Test
    void aBrokenBroadcastResolvedAsNotSentIsSentAgainExactlyOnce() {
        String account = RequestTraffic.account("notsent");
        traffic.fundedAccount(account, 50_000);
        fixture.chain().faults().next(ChainCall.SEND, Fault.timeoutBeforeSend());
        UUID withdrawal = withdraw(account, 3_000).get(0);
        roundsUntil(() -> isBroken(withdrawal));
        long broadcast = fixture.broadcastOf(withdrawal);
        roundsUntil(() -> alertsAbout(AlertKind.BROKEN_BROADCAST, broadcast).size() == 1);
        assertThat(fixture.sendsTo(requested.keySet().iterator().next())).isEmpty();

        ChainFixture.CommandRun resolved = fixture.admin("broadcasts", "resolve", Long.toString(broadcast), "--not-sent",
                "--asset", "BTC");
        assertThat(resolved.exitCode()).as(resolved.err()).isZero();
        roundsUntil(() -> "broadcasted".equals(fixture.state(withdrawal)));
        assertEachPaidExactlyOnce();
        assertThat(fixture.broadcastOf(withdrawal)).isNotEqualTo(broadcast);
        assertThat(broadcastState(broadcast)).isEqualTo("dissolved");
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(47_000));
    }

    @Test
    void aRefusedSendIsRetriedLaterWithoutAnAlert() {
        String account = RequestTraffic.account("refused");
        traffic.fundedAccount(account, 50_000);
        fixture.chain().faults().next(ChainCall.SEND, Fault.refuse());
        UUID withdrawal = withdraw(account, 2_000).get(0);
        roundsUntil(() -> "broadcasted".equals(fixture.state(withdrawal)));

        long broadcast = fixture.broadcastOf(withdrawal);
        assertEachPaidExactlyOnce();
        Map<String, Object> row = jdbc.sql("""
                SELECT send_attempts, refusals, broken_alerted_at, refused_alerted_at, last_error
                FROM btc.network_transaction WHERE id = :id
                """).param("id", broadcast).query().singleRow();
        assertThat(row.get("send_attempts")).isEqualTo(2);
        assertThat(row.get("refusals")).isEqualTo(1);
        assertThat(row.get("broken_alerted_at")).isNull();
        assertThat(row.get("refused_alerted_at")).isNull();
        assertThat((String) row.get("last_error")).contains("refusal");
        assertThat(events.alerts()).noneMatch(a -> Long.toString(broadcast).equals(a.details().get("broadcastId")));
    }

    @Test
    void aDustOutputRefusedBySendmanyFailsAloneAndTheRestGoesOut() {
        String account = RequestTraffic.account("sendmany-dust");
        traffic.fundedAccount(account, 100_000);
        fixture.chain().dustThreshold(BigInteger.valueOf(5_000));
        try {
            List<UUID> withdrawals = withdraw(account, 10_000, 2_000, 12_000);
            String dustAddress = List.copyOf(requested.keySet()).get(1);
            roundsUntil(() -> allIn(List.of(withdrawals.get(0), withdrawals.get(2)), "broadcasted"));

            assertThat(fixture.state(withdrawals.get(1))).isEqualTo("failed");
            requested.remove(dustAddress);
            assertEachPaidExactlyOnce();
            assertThat(fixture.sendsTo(dustAddress)).isEmpty();
            assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(100_000 - 22_000));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.txUpdates(account).stream()
                    .anyMatch(u -> u.state() == TxState.FAILED && "Transaction amount too small".equals(u.detail())));
            assertThat(alertsSinceStart(AlertKind.BROKEN_BROADCAST)).extracting(Alert::details)
                    .noneMatch(d -> withdrawals.stream().anyMatch(w -> Long.toString(fixture.broadcastOf(w))
                            .equals(d.get("broadcastId"))));
        } finally {
            fixture.chain().dustThreshold(SimulatedChain.DEFAULT_DUST_THRESHOLD);
        }
    }

    /** Rounds in sendmany mode, each followed by the broken-broadcast watch, as the scheduler runs them. */
    private void roundsUntil(BooleanSupplier done) {
        AssetProperties asset = sendmany(driven.asset());
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            driven.roundsUntilIdle(asset, fixture.chain());
            driven.brokenWatch().check(asset);
            return done.getAsBoolean();
        });
    }

    private boolean isBroken(UUID withdrawal) {
        Long broadcast = jdbc.sql("SELECT network_transaction_id FROM btc.transaction WHERE request_id = :id")
                .param("id", withdrawal).query(Long.class).optional().orElse(null);
        return broadcast != null && "broken".equals(broadcastState(broadcast));
    }

    private static AssetProperties sendmany(AssetProperties asset) {
        return new AssetProperties(asset.code(), asset.schema(), asset.decimals(), asset.confirmationsToCredit(),
                asset.trackingLimit(), asset.addressNetworks(), asset.node(), asset.deposits(), asset.minWithdrawal(),
                AssetProperties.BroadcastMode.SENDMANY);
    }
}
