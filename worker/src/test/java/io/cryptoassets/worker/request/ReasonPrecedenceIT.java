package io.cryptoassets.worker.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.worker.testsupport.PublishedEvents;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.SegwitAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reason precedence as the worker applies it: each row sends a request that two reasons apply to,
 * and the one first in {@link ReasonCode}'s order must be the answer. Also the reasons and alerts
 * that no other test reaches.
 */
@WorkerIntegrationTest
class ReasonPrecedenceIT {

    /** Ledger rules, on the asset whose deposits are credited as reported. */
    private static final String ASSET = RequestTraffic.REPORTED_ASSET;
    private static final BigInteger LARGEST = BigInteger.TEN.pow(78).subtract(BigInteger.ONE);
    /** The test assets' min-withdrawal, the default. */
    private static final BigInteger MINIMUM = BigInteger.valueOf(1_000);
    private static final BigInteger BELOW_MINIMUM = MINIMUM.subtract(BigInteger.ONE);

    @Autowired
    JdbcClient jdbc;

    private RequestTraffic traffic;
    private PublishedEvents events;

    @BeforeEach
    void connect() {
        traffic = RequestTraffic.reported(jdbc);
        events = new PublishedEvents();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        traffic.close();
        events.close();
    }

    /** Sets up what the row needs, sends the request both reasons apply to and returns its requestId. */
    record Row(ReasonCode wins, ReasonCode alsoApplies, Function<ReasonPrecedenceIT, UUID> send) {
        @Override
        public String toString() {
            return wins + " before " + alsoApplies;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row(ReasonCode.REQUEST_ID_REUSED, ReasonCode.INVALID_REQUEST, t -> {
                    UUID id = UUID.randomUUID();
                    t.traffic.send(Topics.ACCOUNT_REQUESTS, null, new OpenAccount(id, ASSET, RequestTraffic.account("a"), null));
                    t.traffic.awaitAnswered(List.of(id));
                    t.traffic.sendRaw(Topics.ACCOUNT_REQUESTS, "k", """
                            {"type":"OpenAccount","schemaVersion":1,"requestId":"%s","asset":"XBT","accountId":"bad id"}"""
                            .formatted(id));
                    return id;
                }),
                new Row(ReasonCode.INVALID_REQUEST, ReasonCode.UNKNOWN_ASSET, t -> {
                    UUID id = UUID.randomUUID();
                    t.traffic.sendRaw(Topics.WITHDRAWAL_REQUESTS, "k", """
                            {"type":"WithdrawalRequested","schemaVersion":1,"requestId":"%s","asset":"ZZZ",
                             "accountId":"someone","toAddress":"%s","amount":"-5"}""".formatted(id, RequestTraffic.newAddress()));
                    return id;
                }),
                new Row(ReasonCode.UNKNOWN_ASSET, ReasonCode.INVALID_ADDRESS, t -> withdraw(t, "ZZZ",
                        RequestTraffic.account("nobody"), testnetAddress(), MINIMUM)),
                new Row(ReasonCode.UNKNOWN_ASSET, ReasonCode.AMOUNT_BELOW_MINIMUM, t -> withdraw(t, "ZZZ",
                        RequestTraffic.account("nobody"), RequestTraffic.newAddress(), BigInteger.ONE)),
                new Row(ReasonCode.AMOUNT_BELOW_MINIMUM, ReasonCode.INVALID_ADDRESS, t -> {
                    String account = RequestTraffic.account("small");
                    t.traffic.fundedAccount(account, 50_000);
                    return withdraw(t, ASSET, account, testnetAddress(), BELOW_MINIMUM);
                }),
                new Row(ReasonCode.AMOUNT_BELOW_MINIMUM, ReasonCode.SAME_ACCOUNT, t -> {
                    String account = RequestTraffic.account("small");
                    String own = t.traffic.fundedAccount(account, 50_000);
                    return withdraw(t, ASSET, account, own, BELOW_MINIMUM);
                }),
                new Row(ReasonCode.AMOUNT_BELOW_MINIMUM, ReasonCode.UNKNOWN_ACCOUNT, t -> withdraw(t, ASSET,
                        RequestTraffic.account("nobody"), RequestTraffic.newAddress(), BigInteger.ONE)),
                new Row(ReasonCode.AMOUNT_BELOW_MINIMUM, ReasonCode.INSUFFICIENT_BALANCE, t -> {
                    String account = RequestTraffic.account("poor");
                    t.traffic.fundedAccount(account, 0);
                    return withdraw(t, ASSET, account, RequestTraffic.newAddress(), BELOW_MINIMUM);
                }),
                new Row(ReasonCode.INVALID_ADDRESS, ReasonCode.UNKNOWN_ACCOUNT, t -> {
                    UUID id = UUID.randomUUID();
                    t.traffic.send(Topics.ACCOUNT_REQUESTS, null,
                            new CreateAddress(id, ASSET, RequestTraffic.account("nobody"), testnetAddress()));
                    return id;
                }),
                new Row(ReasonCode.INVALID_ADDRESS, ReasonCode.INSUFFICIENT_BALANCE, t -> {
                    String account = RequestTraffic.account("poor");
                    t.traffic.fundedAccount(account, 0);
                    return withdraw(t, ASSET, account, testnetAddress(), MINIMUM);
                }),
                new Row(ReasonCode.SAME_ACCOUNT, ReasonCode.UNKNOWN_ACCOUNT, t -> {
                    String nobody = RequestTraffic.account("nobody");
                    return transfer(t, nobody, nobody, BigInteger.ONE);
                }),
                new Row(ReasonCode.SAME_ACCOUNT, ReasonCode.INSUFFICIENT_BALANCE, t -> {
                    String account = RequestTraffic.account("self");
                    String own = t.traffic.fundedAccount(account, 0);
                    return withdraw(t, ASSET, account, own, MINIMUM);
                }),
                new Row(ReasonCode.UNKNOWN_ACCOUNT, ReasonCode.INSUFFICIENT_BALANCE, t -> {
                    String account = RequestTraffic.account("poor");
                    t.traffic.fundedAccount(account, 0);
                    return transfer(t, account, RequestTraffic.account("nobody"), BigInteger.TEN);
                }),
                new Row(ReasonCode.UNKNOWN_ACCOUNT, ReasonCode.ADDRESS_TAKEN, t -> {
                    String taken = t.traffic.fundedAccount(RequestTraffic.account("owner"), 0);
                    UUID id = UUID.randomUUID();
                    t.traffic.send(Topics.ACCOUNT_REQUESTS, null,
                            new CreateAddress(id, ASSET, RequestTraffic.account("nobody"), taken));
                    return id;
                }),
                new Row(ReasonCode.UNKNOWN_ACCOUNT, ReasonCode.UNKNOWN_WITHDRAWAL, t -> cancel(t,
                        RequestTraffic.account("nobody"), UUID.randomUUID())),
                new Row(ReasonCode.UNKNOWN_WITHDRAWAL, ReasonCode.WITHDRAWAL_ENDED, t -> {
                    // Another account's withdrawal, which has ended: not this account's to ask about.
                    String owner = RequestTraffic.account("owner");
                    t.traffic.fundedAccount(owner, 50_000);
                    UUID withdrawal = withdraw(t, ASSET, owner, RequestTraffic.newAddress(), MINIMUM);
                    t.traffic.awaitAnswered(List.of(cancel(t, owner, withdrawal)));
                    String other = RequestTraffic.account("other");
                    t.traffic.fundedAccount(other, 0);
                    return cancel(t, other, withdrawal);
                }),
                new Row(ReasonCode.WITHDRAWAL_ENDED, ReasonCode.AMOUNT_OUT_OF_RANGE, t -> {
                    // Cancelled once, the account then filled to the brim: a second refund would overflow.
                    String whale = RequestTraffic.account("whale");
                    String address = t.traffic.fundedAccount(whale, 0);
                    t.deposit(address, RequestTraffic.txid(), LARGEST.subtract(MINIMUM), 6);
                    UUID withdrawal = withdraw(t, ASSET, whale, RequestTraffic.newAddress(), MINIMUM);
                    t.traffic.awaitAnswered(List.of(withdrawal, cancel(t, whale, withdrawal)));
                    t.deposit(address, RequestTraffic.txid(), MINIMUM, 6);
                    return cancel(t, whale, withdrawal);
                }),
                new Row(ReasonCode.INSUFFICIENT_BALANCE, ReasonCode.AMOUNT_OUT_OF_RANGE, t -> {
                    String poor = RequestTraffic.account("poor");
                    t.traffic.fundedAccount(poor, 1);
                    String whale = RequestTraffic.account("whale");
                    t.deposit(t.traffic.fundedAccount(whale, 0), RequestTraffic.txid(), LARGEST, 6);
                    return transfer(t, poor, whale, BigInteger.TWO);
                }),
                new Row(ReasonCode.DEPOSIT_MISMATCH, ReasonCode.AMOUNT_OUT_OF_RANGE, t -> {
                    String address = t.traffic.fundedAccount(RequestTraffic.account("whale"), 0);
                    t.deposit(address, RequestTraffic.txid(), LARGEST, 6);
                    String txid = RequestTraffic.txid();
                    t.deposit(address, txid, BigInteger.ONE, 0);
                    UUID id = UUID.randomUUID();
                    t.traffic.send(Topics.DEPOSIT_REQUESTS, null,
                            new DepositObserved(id, ASSET, txid, 0, address, BigInteger.TWO, 6, null));
                    return id;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void firstReasonInPrecedenceWins(Row row) {
        assertThat(row.wins().ordinal()).as("the row's winner comes first in ReasonCode").isLessThan(row.alsoApplies().ordinal());
        UUID id = row.send().apply(this);
        assertThat(rejection(id).reason()).isEqualTo(row.wins());
    }

    @Test
    void aWithdrawalBelowTheAssetsMinimumIsRejectedAndOneOfExactlyTheMinimumAccepted() {
        String account = RequestTraffic.account("minimum");
        String payee = traffic.fundedAccount(RequestTraffic.account("payee"), 0);
        traffic.fundedAccount(account, 10_000);
        UUID below = withdraw(this, ASSET, account, RequestTraffic.newAddress(), BELOW_MINIMUM);
        UUID belowInternal = withdraw(this, ASSET, account, payee, BigInteger.ONE);
        UUID atMinimum = withdraw(this, ASSET, account, RequestTraffic.newAddress(), MINIMUM);
        traffic.awaitAnswered(List.of(below, belowInternal, atMinimum));

        assertThat(rejection(below).detail()).contains("999", "1000");
        assertThat(traffic.outcome(belowInternal)).isEqualTo("REJECTED:AMOUNT_BELOW_MINIMUM");
        assertThat(traffic.outcome(atMinimum)).isEqualTo("ACCEPTED");
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(9_000));
        assertThat(jdbc.sql("SELECT count(*) FROM xbt.transaction WHERE request_id IN (:a, :b)")
                .param("a", below).param("b", belowInternal).query(Long.class).single()).isZero();
    }

    @Test
    void unknownAssetIsRejected() {
        UUID id = UUID.randomUUID();
        traffic.send(Topics.ACCOUNT_REQUESTS, null, new OpenAccount(id, "ZZZ", RequestTraffic.account("a"), null));
        assertThat(rejection(id).reason()).isEqualTo(ReasonCode.UNKNOWN_ASSET);
        assertThat(rejection(id).asset()).isEqualTo("ZZZ");
    }

    @Test
    void addressOfTheWrongNetworkIsInvalid() {
        String account = RequestTraffic.account("testnet");
        traffic.fundedAccount(account, 0);
        UUID id = UUID.randomUUID();
        traffic.send(Topics.ACCOUNT_REQUESTS, null, new CreateAddress(id, ASSET, account, testnetAddress()));
        assertThat(rejection(id).reason()).isEqualTo(ReasonCode.INVALID_ADDRESS);
    }

    @Test
    void addressOfAnotherAccountIsTaken() {
        String taken = traffic.fundedAccount(RequestTraffic.account("owner"), 0);
        String other = RequestTraffic.account("other");
        traffic.fundedAccount(other, 0);
        UUID id = UUID.randomUUID();
        traffic.send(Topics.ACCOUNT_REQUESTS, null, new CreateAddress(id, ASSET, other, taken));
        assertThat(rejection(id).reason()).isEqualTo(ReasonCode.ADDRESS_TAKEN);
        assertThat(jdbc.sql("SELECT account_id FROM xbt.address WHERE address = :a").param("a", taken)
                .query(String.class).single()).isNotEqualTo(other);
    }

    @Test
    void creditedDepositThatLeavesTheChainRaisesAnAlertAndKeepsTheCredit() {
        String account = RequestTraffic.account("reorg");
        String address = traffic.fundedAccount(account, 0);
        String txid = RequestTraffic.txid();
        deposit(address, txid, BigInteger.valueOf(40), 6);
        UUID reorg = deposit(address, txid, BigInteger.valueOf(40), 0);
        UUID stillBelow = deposit(address, txid, BigInteger.valueOf(40), 1); // a second drop is not a second alert

        assertThat(traffic.outcome(reorg)).isEqualTo("ACCEPTED");
        assertThat(traffic.outcome(stillBelow)).isEqualTo("ACCEPTED");
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(40));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(events.alerts())
                .filteredOn(a -> a.kind() == AlertKind.CREDITED_DEPOSIT_REORGED && txid.equals(a.details().get("txid")))
                .singleElement().satisfies(a -> {
                    assertThat(a.asset()).isEqualTo(ASSET);
                    assertThat(a.details()).containsEntry("accountId", account).containsEntry("vout", "0")
                            .containsEntry("confirmations", "0");
                }));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.txUpdates(account).stream()
                .anyMatch(u -> txid.equals(u.txid()) && u.confirmations() == 1));
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> events.alerts()
                .stream().filter(a -> a.kind() == AlertKind.CREDITED_DEPOSIT_REORGED
                        && txid.equals(a.details().get("txid"))).count() == 1);
    }

    private RequestResult rejection(UUID id) {
        traffic.flush();
        return Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                () -> events.results(id).stream().filter(r -> r.status() == RequestStatus.REJECTED).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    private UUID deposit(String address, String txid, BigInteger amount, int confirmations) {
        UUID id = UUID.randomUUID();
        traffic.send(Topics.DEPOSIT_REQUESTS, null, new DepositObserved(id, ASSET, txid, 0, address, amount, confirmations, null));
        traffic.awaitAnswered(List.of(id));
        return id;
    }

    private static UUID withdraw(ReasonPrecedenceIT t, String asset, String account, String to, BigInteger amount) {
        UUID id = UUID.randomUUID();
        t.traffic.send(Topics.WITHDRAWAL_REQUESTS, null, new WithdrawalRequested(id, asset, account, to, amount, null, false));
        return id;
    }

    private static UUID cancel(ReasonPrecedenceIT t, String account, UUID withdrawal) {
        UUID id = UUID.randomUUID();
        t.traffic.send(Topics.WITHDRAWAL_REQUESTS, null, CancelWithdrawal.ofRequest(id, ASSET, account, withdrawal));
        return id;
    }

    private static UUID transfer(ReasonPrecedenceIT t, String from, String to, BigInteger amount) {
        UUID id = UUID.randomUUID();
        t.traffic.send(Topics.ACCOUNT_REQUESTS, null, new Transfer(id, ASSET, from, to, amount, null));
        return id;
    }

    /** A well-formed address of Bitcoin's test network, which a mainnet ledger must refuse. */
    private static String testnetAddress() {
        byte[] hash = new byte[20];
        new SecureRandom().nextBytes(hash);
        return SegwitAddress.fromHash(BitcoinNetwork.TESTNET, hash).toString();
    }
}
