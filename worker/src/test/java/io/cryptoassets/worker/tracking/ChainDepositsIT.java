package io.cryptoassets.worker.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Deposits found on the simulated chain: by notice, by confirmation polling and by rescan. */
class ChainDepositsIT extends ChainIntegrationTest {

    @Test
    void createAddressWithoutOneAsksTheNodeOncePerRequestId() {
        String account = RequestTraffic.account("node-address");
        openAccount(account);
        int before = fixture.chain().addressesHandedOut();
        UUID request = UUID.randomUUID();
        traffic.send(Topics.ACCOUNT_REQUESTS, null, new CreateAddress(request, RequestTraffic.ASSET, account, null));
        traffic.awaitAnswered(List.of(request));
        // Delivered again, as after a crash before the offset commit: the same answer, no new address.
        traffic.send(Topics.ACCOUNT_REQUESTS, null, new CreateAddress(request, RequestTraffic.ASSET, account, null));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.results(request).size() == 2);

        List<RequestResult> results = events.results(request);
        assertThat(results).extracting(RequestResult::address).doesNotContainNull().containsOnly(results.get(0).address());
        assertThat(fixture.chain().addressesHandedOut() - before).isEqualTo(1);
        assertThat(jdbc.sql("SELECT account_id FROM btc.address WHERE address = :a").param("a", results.get(0).address())
                .query(String.class).single()).isEqualTo(account);
    }

    @Test
    void aNoticeIsLookedUpAndCreditedOnceWhenConfirmationsReachTheThreshold() {
        String account = RequestTraffic.account("notified");
        String address = nodeAddress(account);
        String txid = fixture.chain().pay(address, BigInteger.valueOf(7_000));
        UUID notice = UUID.randomUUID();
        traffic.send(Topics.DEPOSIT_REQUESTS, null, new DepositNotified(notice, RequestTraffic.ASSET, txid));
        traffic.awaitAnswered(List.of(notice));
        assertThat(traffic.outcome(notice)).isEqualTo("ACCEPTED");
        awaitUpdate(account, u -> u.state() == TxState.INCOMING && u.confirmations() == 0);

        for (int block = 1; block <= 4; block++) {
            fixture.chain().mine(1);
            int confirmations = block;
            awaitUpdate(account, u -> u.confirmations() == confirmations);
        }
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(7_000));
        assertThat(traffic.entries(account)).isEqualTo(1);
        assertThat(events.txUpdates(account)).filteredOn(u -> u.confirmations() == 3)
                .allSatisfy(u -> assertThat(u.state()).isEqualTo(TxState.CREDITED));
    }

    @Test
    void aNoticeTheNodeCannotAnswerIsRejectedWithTheReason() {
        UUID unknown = UUID.randomUUID();
        traffic.send(Topics.DEPOSIT_REQUESTS, null, new DepositNotified(unknown, RequestTraffic.ASSET, RequestTraffic.txid()));
        traffic.awaitAnswered(List.of(unknown));
        assertThat(traffic.outcome(unknown)).isEqualTo("REJECTED:UNKNOWN_TRANSACTION");

        fixture.chain().faults().down(true);
        UUID whileDown = UUID.randomUUID();
        traffic.send(Topics.DEPOSIT_REQUESTS, null, new DepositNotified(whileDown, RequestTraffic.ASSET, RequestTraffic.txid()));
        traffic.awaitAnswered(List.of(whileDown));
        fixture.chain().faults().down(false);
        assertThat(traffic.outcome(whileDown)).isEqualTo("REJECTED:NODE_UNAVAILABLE");
    }

    @Test
    void aDepositNobodyReportedIsCreditedByRescanExactlyOnce() {
        String account = RequestTraffic.account("rescan");
        String address = nodeAddress(account);
        fixture.chain().pay(address, BigInteger.valueOf(12_345));
        fixture.chain().mine(3);

        ChainFixture.CommandRun scan = fixture.admin("rescan", "--asset", "BTC");
        assertThat(scan.exitCode()).as(scan.err()).isZero();
        assertThat(scan.out()).contains("Scanning the BTC node", "outputs applied", "Done:");
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(12_345));
        awaitUpdate(account, u -> u.state() == TxState.CREDITED && u.amount().equals(BigInteger.valueOf(12_345)));

        ChainFixture.CommandRun fromStart = fixture.admin("rescan", "--from-start", "--asset", "BTC");
        assertThat(fromStart.exitCode()).as(fromStart.err()).isZero();
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(12_345));
        assertThat(traffic.entries(account)).isEqualTo(1);
    }

    private void openAccount(String account) {
        UUID open = UUID.randomUUID();
        traffic.send(Topics.ACCOUNT_REQUESTS, null, new OpenAccount(open, RequestTraffic.ASSET, account, null));
        traffic.awaitAnswered(List.of(open));
    }

    private String nodeAddress(String account) {
        openAccount(account);
        UUID request = UUID.randomUUID();
        traffic.send(Topics.ACCOUNT_REQUESTS, null, new CreateAddress(request, RequestTraffic.ASSET, account, null));
        traffic.awaitAnswered(List.of(request));
        return jdbc.sql("SELECT address FROM btc.address WHERE request_id = :id").param("id", request)
                .query(String.class).single();
    }

    private void awaitUpdate(String account, java.util.function.Predicate<TxUpdate> matching) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.txUpdates(account).stream().anyMatch(matching));
    }
}
