package io.cryptoassets.worker.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * BTC has a node, so a DepositObserved is only a hint: what is recorded and credited is what the
 * node reports, and a claim the node does not back is refused and told. XBT has none, and its
 * deposits are credited as reported.
 */
class DepositSourceIT extends ChainIntegrationTest {

    private static final String FORGED_TXID = "f".repeat(64);

    @Test
    void aDepositTheNodeDoesNotKnowIsRejectedAlertedAndCreditsNothing() {
        String account = RequestTraffic.account("forged");
        String address = traffic.fundedAccount(account, 0);
        BigInteger expected = BigInteger.ZERO; // this test's own model of the account: nothing paid on the chain

        UUID id = UUID.randomUUID();
        traffic.send(Topics.DEPOSIT_REQUESTS, null, new DepositObserved(id, RequestTraffic.ASSET, FORGED_TXID, 0,
                address, BigInteger.TEN.pow(14), 6, null));
        traffic.awaitAnswered(List.of(id));

        assertThat(traffic.outcome(id)).isEqualTo("REJECTED:UNKNOWN_TRANSACTION");
        assertThat(traffic.balance(account)).isEqualTo(expected);
        assertThat(traffic.entrySum(account)).isEqualTo(expected);
        assertThat(jdbc.sql("SELECT count(*) FROM btc.transaction WHERE txid = :t").param("t", FORGED_TXID)
                .query(Long.class).single()).isZero();
        Alert alert = awaitAlert(AlertKind.UNVERIFIED_DEPOSIT, address);
        assertThat(alert.severity()).isEqualTo(AlertKind.UNVERIFIED_DEPOSIT.defaultSeverity());
        assertThat(alert.details()).containsEntry("txid", FORGED_TXID).containsEntry("vout", "0")
                .containsEntry("amount", "100000000000000").containsEntry("confirmations", "6");
    }

    @Test
    void aRealPaymentReportedWithAnotherAmountIsCreditedWhatTheNodeSaysAndAlerted() {
        String account = RequestTraffic.account("claims-more");
        String address = traffic.fundedAccount(account, 0);
        String txid = traffic.payment(address, 5_000);

        UUID id = UUID.randomUUID();
        traffic.send(Topics.DEPOSIT_REQUESTS, null, new DepositObserved(id, RequestTraffic.ASSET, txid, 0, address,
                BigInteger.valueOf(7_777), 6, null));
        traffic.awaitAnswered(List.of(id));

        assertThat(traffic.outcome(id)).isEqualTo("ACCEPTED");
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(5_000));
        assertThat(jdbc.sql("SELECT amount FROM btc.transaction WHERE txid = :t").param("t", txid)
                .query(BigInteger.class).single()).isEqualTo(BigInteger.valueOf(5_000));
        Alert alert = awaitAlert(AlertKind.DEPOSIT_AMOUNT_MISMATCH, txid);
        assertThat(alert.details()).containsEntry("claimedAmount", "7777").containsEntry("nodeAmount", "5000")
                .containsEntry("claimedAddress", address).containsEntry("nodeAddress", address);
    }

    @Test
    void aCreditedDepositReorganisedAwayIsAlertedOnceAndKeepsItsCredit() {
        SimulatedChain chain = fixture.chain();
        String account = RequestTraffic.account("reorged");
        String address = traffic.fundedAccount(account, 0);
        String txid = traffic.payment(address, 3_000);
        UUID id = UUID.randomUUID();
        traffic.send(Topics.DEPOSIT_REQUESTS, null, new DepositObserved(id, RequestTraffic.ASSET, txid, 0, address,
                BigInteger.valueOf(3_000), 3, null));
        traffic.awaitAnswered(List.of(id));
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(3_000));

        chain.reorganize(RequestTraffic.CREDITING_BLOCKS); // the payment's block and those on top of it
        awaitConfirmations(txid, 0);
        chain.mine(1); // back in a block, below the threshold again: a second drop, not a second alert
        awaitConfirmations(txid, 1);

        assertThat(awaitAlert(AlertKind.CREDITED_DEPOSIT_REORGED, txid).details())
                .containsEntry("accountId", account).containsEntry("vout", "0");
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(3_000));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.txUpdates(account).stream()
                .anyMatch(u -> txid.equals(u.txid()) && u.confirmations() == 1));
        assertStaysOne(AlertKind.CREDITED_DEPOSIT_REORGED, txid);
        chain.mine(RequestTraffic.CREDITING_BLOCKS);
    }

    @Test
    void aCreditedDepositTheNodeNoLongerKnowsIsAlertedOnce() {
        String account = RequestTraffic.account("vanished");
        String address = traffic.fundedAccount(account, 0);
        String txid = RequestTraffic.txid();
        // Behind the worker's back, as the database owner: a credited deposit the node never saw.
        JdbcClient owner = JdbcClient.create(TestDatabase.get().dataSource());
        long network = owner.sql("""
                INSERT INTO btc.network_transaction (type, txid, confirmations) VALUES ('deposit', :t, 3) RETURNING id
                """).param("t", txid).query(Long.class).single();
        owner.sql("""
                INSERT INTO btc.transaction (type, state, account_id, address, amount, network_transaction_id, txid,
                                             vout, confirmations, credited)
                VALUES ('deposit', 'credited', :a, :address, 1, :n, :t, 0, 3, true)
                """).param("a", account).param("address", address).param("n", network).param("t", txid).update();
        try {
            Alert alert = awaitAlert(AlertKind.CREDITED_DEPOSIT_REORGED, txid);
            assertThat(alert.details()).containsEntry("reason", "unknown").containsEntry("accountId", account);
            // The poller keeps asking about it, and keeps quiet.
            java.sql.Timestamp alerted = owner.sql("SELECT now()").query(java.sql.Timestamp.class).single();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> owner.sql(
                    "SELECT updated_at > :at FROM btc.network_transaction WHERE id = :n")
                    .param("at", alerted).param("n", network).query(Boolean.class).single());
            assertStaysOne(AlertKind.CREDITED_DEPOSIT_REORGED, txid);
        } finally {
            owner.sql("DELETE FROM btc.transaction WHERE txid = :t").param("t", txid).update();
            owner.sql("DELETE FROM btc.network_transaction WHERE id = :n").param("n", network).update();
        }
    }

    @Test
    void anAssetWithoutANodeCreditsDepositsAsReported() {
        try (RequestTraffic reported = RequestTraffic.reported(jdbc)) {
            String account = RequestTraffic.account("reported");
            String address = reported.fundedAccount(account, 0);
            UUID id = UUID.randomUUID();
            reported.send(Topics.DEPOSIT_REQUESTS, null, new DepositObserved(id, reported.asset(), FORGED_TXID, 0,
                    address, BigInteger.TEN.pow(14), 6, null));
            reported.awaitAnswered(List.of(id));

            assertThat(reported.outcome(id)).isEqualTo("ACCEPTED");
            assertThat(reported.balance(account)).isEqualTo(BigInteger.TEN.pow(14));
        }
    }

    @Test
    void reportedDepositsForAnAssetWithANodeStopTheWorkerAtStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(WorkerApplication.class)
                .initializers(new TestInfrastructure(), context -> context.getEnvironment().getPropertySources()
                        // A list binds from one property source, so this one names the whole asset.
                        .addFirst(new MapPropertySource("reported-btc", Map.of(
                                "cryptoassets.assets[0].code", "BTC",
                                "cryptoassets.assets[0].node.type", "simulated",
                                "cryptoassets.assets[0].node.simulated.shared-in-jvm", "true",
                                "cryptoassets.assets[0].deposits.source", "reported"))))
                .run().close())
                .rootCause()
                .hasMessageContaining("BTC: deposits.source reported is only allowed for an asset without a node");
    }

    /** One alert, and still one a while later: a second one would have had time to be published. */
    private void assertStaysOne(AlertKind kind, String detail) {
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> alerts(kind, detail).size() == 1);
    }

    private void awaitConfirmations(String txid, int confirmations) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> jdbc.sql(
                "SELECT confirmations FROM btc.transaction WHERE txid = :t").param("t", txid)
                .query(Integer.class).single() == confirmations);
    }

    private Alert awaitAlert(AlertKind kind, String detail) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !alerts(kind, detail).isEmpty());
        return alerts(kind, detail).get(0);
    }

    /** Alerts of {@code kind} with a detail equal to {@code detail}. */
    private List<Alert> alerts(AlertKind kind, String detail) {
        return events.alerts().stream()
                .filter(a -> a.kind() == kind && a.details().containsValue(detail)).toList();
    }
}
