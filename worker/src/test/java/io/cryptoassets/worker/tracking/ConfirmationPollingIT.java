package io.cryptoassets.worker.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Confirmation polling is fair: one transaction the node cannot look up, or a node that does not
 * answer at all, leaves every other tracked transaction followed round after round.
 */
class ConfirmationPollingIT extends ChainIntegrationTest {

    @Test
    void aTransactionWhoseLookUpFailsDoesNotHoldUpTheOthers() {
        // Notified first, so it has the lowest id and comes first in every round.
        Deposit broken = deposit("poll-broken", 5_000);
        Deposit first = deposit("poll-fine-1", 6_000);
        Deposit second = deposit("poll-fine-2", 7_000);
        fixture.chain().faults().refuseLookupsOf(broken.txid());

        for (int block = 1; block <= 3; block++) {
            fixture.chain().mine(1);
            int confirmations = block;
            awaitUpdate(first.account(), u -> u.confirmations() == confirmations);
            awaitUpdate(second.account(), u -> u.confirmations() == confirmations);
        }
        assertThat(traffic.balance(first.account())).isEqualTo(BigInteger.valueOf(6_000));
        assertThat(traffic.balance(second.account())).isEqualTo(BigInteger.valueOf(7_000));
        assertThat(events.txUpdates(broken.account())).extracting(TxUpdate::confirmations).containsOnly(0);
        assertThat(pollFailures(broken.txid())).isPositive();
        assertThat(pollFailures(first.txid())).isZero();
        assertThat(jdbc.sql("SELECT next_poll_at > now() - interval '1 minute' FROM btc.network_transaction "
                + "WHERE type = 'deposit' AND txid = :txid").param("txid", broken.txid()).query(Boolean.class).single())
                .as("a failed look-up sets when to try again").isTrue();

        // Once the node can answer for it, the transaction catches up, after its back-off at most.
        fixture.chain().faults().clear();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.txUpdates(broken.account()).stream()
                .anyMatch(u -> u.confirmations() == 3 && u.state() == TxState.CREDITED));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pollFailures(broken.txid()) == 0);
    }

    @Test
    void aNodeThatDoesNotAnswerCountsNoFailureAgainstAnyTransaction() {
        Deposit first = deposit("poll-down-1", 3_000);
        Deposit second = deposit("poll-down-2", 4_000);

        fixture.chain().faults().down(true);
        // Five rounds or so against a stopped node (shorter than node-unreachable-after).
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> pollFailures(first.txid()) == 0 && pollFailures(second.txid()) == 0);
        fixture.chain().faults().down(false);

        fixture.chain().mine(1);
        awaitUpdate(first.account(), u -> u.confirmations() == 1);
        awaitUpdate(second.account(), u -> u.confirmations() == 1);
    }

    private record Deposit(String account, String txid) {
    }

    /** A payment to a new account's node address, notified and tracked at 0 confirmations. */
    private Deposit deposit(String prefix, long amount) {
        String account = RequestTraffic.account(prefix);
        UUID open = UUID.randomUUID();
        traffic.send(Topics.ACCOUNT_REQUESTS, null, new OpenAccount(open, RequestTraffic.ASSET, account, null));
        traffic.awaitAnswered(List.of(open));
        UUID create = UUID.randomUUID();
        traffic.send(Topics.ACCOUNT_REQUESTS, null, new CreateAddress(create, RequestTraffic.ASSET, account, null));
        traffic.awaitAnswered(List.of(create));
        String address = jdbc.sql("SELECT address FROM btc.address WHERE request_id = :id").param("id", create)
                .query(String.class).single();
        String txid = fixture.chain().pay(address, BigInteger.valueOf(amount));
        UUID notice = UUID.randomUUID();
        traffic.send(Topics.DEPOSIT_REQUESTS, null, new DepositNotified(notice, RequestTraffic.ASSET, txid));
        traffic.awaitAnswered(List.of(notice));
        assertThat(traffic.outcome(notice)).isEqualTo("ACCEPTED");
        awaitUpdate(account, u -> u.state() == TxState.INCOMING && u.confirmations() == 0);
        return new Deposit(account, txid);
    }

    private int pollFailures(String txid) {
        return jdbc.sql("SELECT poll_failures FROM btc.network_transaction WHERE type = 'deposit' AND txid = :txid")
                .param("txid", txid).query(Integer.class).single();
    }

    private void awaitUpdate(String account, java.util.function.Predicate<TxUpdate> matching) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.txUpdates(account).stream().anyMatch(matching));
    }
}
