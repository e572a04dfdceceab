package io.cryptoassets.worker.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.chain.simulated.ChainCall;
import io.cryptoassets.worker.chain.simulated.Fault;
import io.cryptoassets.worker.chain.simulated.SimulatedSend;
import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Withdrawals reach the simulated chain exactly once, in signed mode, with the worker's own
 * scheduler: sent with their fee and followed to the tracking limit, retried after a refusal, and
 * sent by two workers at once without a second payment. sendmany mode: {@link SendmanyBroadcastIT};
 * crashes, refusals and what happens after sending: the other tests of this package.
 */
class BroadcastIT extends ChainIntegrationTest {

    @BeforeEach
    void startWhenTheChainIsIdle() {
        fixture.awaitIdle();
    }

    @Test
    void aWithdrawalIsSentOnceWithItsFeeAndFollowedUpToTheTrackingLimit() {
        String account = RequestTraffic.account("send");
        traffic.fundedAccount(account, 50_000);
        String to = fixture.chain().anyAddress();
        UUID withdrawal = fixture.withdraw(traffic, account, to, 10_000);
        fixture.awaitState(withdrawal, "broadcasted");

        SimulatedSend send = fixture.sendsTo(to).get(0);
        assertThat(fixture.sendsTo(to)).hasSize(1);
        assertThat(send.outputs()).containsEntry(to, BigInteger.valueOf(10_000));
        long broadcast = fixture.broadcastOf(withdrawal);
        assertThat(jdbc.sql("SELECT txid FROM btc.network_transaction WHERE id = :id").param("id", broadcast)
                .query(String.class).single()).isEqualTo(send.txid());
        assertThat(jdbc.sql("SELECT amount FROM btc.ledger_entry WHERE network_transaction_id = :id AND account_id = '$network-fee'")
                .param("id", broadcast).query(BigInteger.class).single()).isEqualTo(BigInteger.valueOf(-1_000));
        awaitUpdate(account, u -> u.state() == TxState.BROADCASTED && send.txid().equals(u.txid())
                && BigInteger.valueOf(1_000).equals(u.fee()));

        for (int confirmations = 1; confirmations <= 15; confirmations++) {
            fixture.chain().mine(1);
            int expected = confirmations;
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> fixture.networkConfirmations(broadcast) == expected);
        }
        // Past the tracking limit nothing polls it: another broadcast's confirmations move, this one's stay.
        fixture.chain().mine(3);
        UUID later = fixture.withdraw(traffic, account, fixture.chain().anyAddress(), 1_000);
        fixture.awaitState(later, "broadcasted");
        fixture.chain().mine(1);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> fixture.networkConfirmations(fixture.broadcastOf(later)) == 1);
        assertThat(fixture.networkConfirmations(broadcast)).isEqualTo(15);
        awaitUpdate(account, u -> u.state() == TxState.BROADCASTED && u.confirmations() == 15);
        assertThat(events.txUpdates(account)).noneMatch(u -> u.confirmations() > 15);
    }

    @Test
    void aRefusedSendIsRetriedLaterWithoutAnAlert() {
        String account = RequestTraffic.account("refused");
        traffic.fundedAccount(account, 50_000);
        String to = fixture.chain().anyAddress();
        fixture.chain().faults().next(ChainCall.SIGN, Fault.refuse());
        UUID withdrawal = fixture.withdraw(traffic, account, to, 2_000);
        fixture.awaitState(withdrawal, "broadcasted");

        long broadcast = fixture.broadcastOf(withdrawal);
        assertThat(fixture.sendsTo(to)).hasSize(1);
        Map<String, Object> row = jdbc.sql("""
                SELECT send_attempts, broken_alerted_at, last_error FROM btc.network_transaction WHERE id = :id
                """).param("id", broadcast).query().singleRow();
        assertThat(row.get("send_attempts")).isEqualTo(2);
        assertThat(row.get("broken_alerted_at")).isNull();
        assertThat((String) row.get("last_error")).contains("refusal");
        assertThat(events.alerts()).noneMatch(a -> Long.toString(broadcast).equals(a.details().get("broadcastId")));
    }

    @Test
    void twoWorkersBroadcastingAtOnceSendEveryWithdrawalInExactlyOneBroadcast() {
        String account = RequestTraffic.account("pair");
        traffic.fundedAccount(account, 1_000_000);
        List<String> addresses = new ArrayList<>();
        List<UUID> withdrawals = new ArrayList<>();
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(WorkerApplication.class)
                .initializers(new TestInfrastructure()).run()) {
            for (int i = 0; i < 200; i++) {
                String to = fixture.chain().anyAddress();
                addresses.add(to);
                UUID id = UUID.randomUUID();
                withdrawals.add(id);
                traffic.send(io.cryptoassets.contracts.Topics.WITHDRAWAL_REQUESTS, i % 6,
                        new io.cryptoassets.contracts.request.WithdrawalRequested(id, RequestTraffic.ASSET, account, to,
                                BigInteger.valueOf(1_000 + i), null, false));
            }
            traffic.awaitAnswered(withdrawals);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> withdrawals.stream()
                    .allMatch(w -> "broadcasted".equals(fixture.state(w))));
        }
        Set<String> txids = new HashSet<>();
        for (int i = 0; i < addresses.size(); i++) {
            List<SimulatedSend> sends = fixture.sendsTo(addresses.get(i));
            assertThat(sends).as("sends paying withdrawal %d", i).hasSize(1);
            assertThat(sends.get(0).outputs().get(addresses.get(i))).isEqualTo(BigInteger.valueOf(1_000 + i));
            txids.add(sends.get(0).txid());
        }
        List<String> recorded = jdbc.sql("""
                SELECT DISTINCT n.txid FROM btc.transaction t JOIN btc.network_transaction n ON n.id = t.network_transaction_id
                WHERE t.request_id = ANY(CAST(:ids AS uuid[]))
                """).param("ids", withdrawals.stream().map(UUID::toString).toArray(String[]::new))
                .query(String.class).list();
        assertThat(recorded).containsExactlyInAnyOrderElementsOf(txids);
    }

    @Test
    void resolveExplainsWhatItRefuses() {
        assertThat(fixture.admin("broadcasts", "resolve", "999999999", "--not-sent", "--asset", "BTC").exitCode()).isEqualTo(3);
        ChainFixture.CommandRun badTxid = fixture.admin("broadcasts", "resolve", "1", "--txid", "XYZ", "--asset", "BTC");
        assertThat(badTxid.exitCode()).isEqualTo(3);
        assertThat(badTxid.err()).contains("64 lowercase hexadecimal");
        ChainFixture.CommandRun both = fixture.admin("broadcasts", "resolve", "1", "--txid", "ab", "--not-sent", "--asset", "BTC");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(fixture.admin("broadcasts", "resolve", "1", "--asset", "BTC").exitCode()).isEqualTo(2);
        assertThat(fixture.admin("broadcasts", "list", "--asset", "DOGE").exitCode()).isEqualTo(3);
    }



    private void awaitUpdate(String account, java.util.function.Predicate<TxUpdate> matching) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.txUpdates(account).stream().anyMatch(matching));
    }
}
