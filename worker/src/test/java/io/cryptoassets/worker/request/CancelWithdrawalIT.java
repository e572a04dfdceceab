package io.cryptoassets.worker.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.ReportedAssetTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestDatabase;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * CancelWithdrawal through Kafka into PostgreSQL. Ledger rules run on the asset without a node,
 * where nothing ever sends a withdrawal, so a withdrawal stays pending for as long as a test needs;
 * the broadcast states a broadcaster would leave are written as it writes them. A withdrawal that
 * really went out goes through the simulated BTC chain.
 */
class CancelWithdrawalIT extends ReportedAssetTest {

    private static final BigInteger LARGEST = BigInteger.TEN.pow(78).subtract(BigInteger.ONE);

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private final List<Long> broadcasts = new java.util.ArrayList<>();

    /** The broadcasts written here were never a broadcaster's: their withdrawals wait again, ungrouped. */
    @AfterEach
    void removeTheBroadcastsWrittenByHand() {
        for (long broadcast : broadcasts) {
            admin.sql("UPDATE xbt.transaction SET network_transaction_id = NULL WHERE network_transaction_id = :b")
                    .param("b", broadcast).update();
            admin.sql("DELETE FROM xbt.network_transaction WHERE id = :b").param("b", broadcast).update();
        }
    }

    @Test
    void aCancelByRequestIdEndsTheWithdrawalRefundsItAndTellsTheAccount() {
        String account = RequestTraffic.account("cancel");
        reported.fundedAccount(account, 50_000);
        UUID withdrawal = withdraw(account, RequestTraffic.newAddress(), 20_000);
        long transaction = transactionOf(withdrawal);
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(30_000));

        UUID cancel = cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, withdrawal));

        RequestResult result = result(cancel);
        assertThat(result.status()).isEqualTo(RequestStatus.ACCEPTED);
        assertThat(result.requestType()).isEqualTo("CancelWithdrawal");
        assertThat(result.accountId()).isEqualTo(account);
        assertThat(result.transactionId()).isEqualTo(transaction);
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(50_000));
        assertThat(reported.entrySum(account)).isEqualTo(reported.balance(account));
        assertThat(admin.sql("SELECT state || '/' || coalesce(network_transaction_id::text, '-') FROM xbt.transaction WHERE id = :id")
                .param("id", transaction).query(String.class).single()).isEqualTo("cancelled/-");
        assertThat(admin.sql("""
                        SELECT amount FROM xbt.ledger_entry
                        WHERE account_id = :account AND transaction_id = :id ORDER BY id
                        """).param("account", account).param("id", transaction).query(BigDecimal.class).list())
                .containsExactly(new BigDecimal(-20_000), new BigDecimal(20_000));

        TxUpdate cancelled = awaitUpdate(account, transaction, TxState.CANCELLED);
        TxUpdate pending = events.txUpdates(account).stream()
                .filter(u -> u.transactionId() == transaction && u.state() == TxState.PENDING).findFirst().orElseThrow();
        assertThat(cancelled.transactionType()).isEqualTo(TransactionType.BROADCAST);
        assertThat(cancelled.direction()).isEqualTo(Direction.OUT);
        assertThat(cancelled.credited()).isFalse();
        assertThat(cancelled.amount()).isEqualTo(BigInteger.valueOf(20_000));
        assertThat(cancelled.detail()).isEqualTo("cancelled by request " + cancel);
        assertThat(cancelled.sequence()).isEqualTo(pending.sequence() + 1);

        // Audit's sum of withdrawals counts every withdrawal as paid out, ended ones too, so only the
        // checks a refund entry could break are asserted.
        ChainFixture.CommandRun audit = fixture.admin("audit");
        assertThat(audit.out()).contains(
                "ok   every balance equals the sum of its ledger entries",
                "ok   every last ledger entry records the balance",
                "ok   every ledger entry is on its account's hash chain",
                "ok   every account's chain head is the hash of its last ledger entry",
                "ok   no balance is negative except the network-fee account",
                "ok   every accepted withdrawal, transfer, hold or capture has exactly one effect",
                "ok   every withdrawal, transfer or hold comes from an accepted request",
                "ok   sent withdrawals and sweeps carry their broadcast's txid");
    }

    @Test
    void aCancelByTransactionIdWorksTheSameAndASecondCancelFindsItEnded() {
        String account = RequestTraffic.account("twice");
        reported.fundedAccount(account, 10_000);
        UUID withdrawal = withdraw(account, RequestTraffic.newAddress(), 4_000);
        long transaction = transactionOf(withdrawal);

        UUID first = cancel(CancelWithdrawal.ofTransaction(UUID.randomUUID(), XBT, account, transaction));
        UUID second = cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, withdrawal));

        assertThat(reported.outcome(first)).isEqualTo("ACCEPTED");
        assertThat(reported.outcome(second)).isEqualTo("REJECTED:WITHDRAWAL_ENDED");
        assertThat(result(second).detail()).contains("cancelled");
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(10_000));
        assertThat(reported.entries(account)).isEqualTo(3);
    }

    @Test
    void aRedeliveredCancelIsAnsweredAsTheFirstTimeAndRefundsOnce() {
        String account = RequestTraffic.account("again");
        reported.fundedAccount(account, 10_000);
        UUID withdrawal = withdraw(account, RequestTraffic.newAddress(), 3_000);
        CancelWithdrawal request = CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, withdrawal);
        cancel(request);
        RequestResult first = result(request.requestId());

        reported.send(Topics.WITHDRAWAL_REQUESTS, null, request);
        reported.flush();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.results(request.requestId()).size() >= 2);

        assertThat(events.results(request.requestId())).as("each copy's answer repeats the first, under its own record")
                .allSatisfy(r -> assertThat(r).usingRecursiveComparison().ignoringFields("eventId", "source")
                        .isEqualTo(first))
                .extracting(RequestResult::source).doesNotHaveDuplicates();
        assertThat(result(request.requestId())).isEqualTo(first);
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(10_000));
        assertThat(reported.entries(account)).isEqualTo(3);
    }

    @Test
    void aCancelNamingNoWithdrawalOfTheAccountIsUnknown() {
        String account = RequestTraffic.account("unknown");
        String other = RequestTraffic.account("other");
        reported.fundedAccount(account, 5_000);
        reported.fundedAccount(other, 5_000);
        UUID othersWithdrawal = withdraw(other, RequestTraffic.newAddress(), 2_000);
        UUID rejectedWithdrawal = withdraw(account, RequestTraffic.newAddress(), 9_000);
        assertThat(reported.outcome(rejectedWithdrawal)).isEqualTo("REJECTED:INSUFFICIENT_BALANCE");
        UUID notAWithdrawal = UUID.randomUUID();
        reported.send(Topics.ACCOUNT_REQUESTS, null, new io.cryptoassets.contracts.request.OpenAccount(notAWithdrawal,
                XBT, RequestTraffic.account("opened"), null));
        reported.awaitAnswered(List.of(notAWithdrawal));

        List<UUID> cancels = List.of(
                cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, UUID.randomUUID())),
                cancel(CancelWithdrawal.ofTransaction(UUID.randomUUID(), XBT, account, 9_000_000_000_000L)),
                cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, othersWithdrawal)),
                cancel(CancelWithdrawal.ofTransaction(UUID.randomUUID(), XBT, account, transactionOf(othersWithdrawal))),
                cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, rejectedWithdrawal)),
                cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, notAWithdrawal)));

        assertThat(cancels).allSatisfy(id -> assertThat(reported.outcome(id)).isEqualTo("REJECTED:UNKNOWN_WITHDRAWAL"));
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(5_000));
        assertThat(reported.balance(other)).isEqualTo(BigInteger.valueOf(3_000));
        assertThat(jdbc.sql("SELECT state FROM xbt.transaction WHERE request_id = :id").param("id", othersWithdrawal)
                .query(String.class).single()).isEqualTo("pending");
    }

    @Test
    void aWithdrawalOfAnotherAssetIsNotThisAssetsToCancel() {
        String account = RequestTraffic.account("assets");
        traffic.fundedAccount(account, 50_000);
        reported.fundedAccount(account, 0);
        UUID withdrawal = fixture.withdraw(traffic, account, fixture.chain().anyAddress(), 2_000);

        UUID byRequest = cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, withdrawal));
        UUID byTransaction = cancel(CancelWithdrawal.ofTransaction(UUID.randomUUID(), XBT, account, transactionOf(withdrawal)));
        UUID unknownAccount = cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, RequestTraffic.account("nobody"),
                withdrawal));

        assertThat(reported.outcome(byRequest)).isEqualTo("REJECTED:UNKNOWN_WITHDRAWAL");
        assertThat(reported.outcome(byTransaction)).isEqualTo("REJECTED:UNKNOWN_WITHDRAWAL");
        assertThat(reported.outcome(unknownAccount)).isEqualTo("REJECTED:UNKNOWN_ACCOUNT");
    }

    @Test
    void aWithdrawalSettledInsideTheLedgerHasEnded() {
        String payer = RequestTraffic.account("payer");
        reported.fundedAccount(payer, 8_000);
        String payeeAddress = reported.fundedAccount(RequestTraffic.account("payee"), 0);
        UUID withdrawal = withdraw(payer, payeeAddress, 3_000);

        UUID cancel = cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, payer, withdrawal));

        assertThat(reported.outcome(cancel)).isEqualTo("REJECTED:WITHDRAWAL_ENDED");
        assertThat(reported.balance(payer)).isEqualTo(BigInteger.valueOf(5_000));
    }

    @Test
    void aWithdrawalInABroadcastNothingWasAskedOfYetIsTakenOutOfIt() {
        String account = RequestTraffic.account("grouped");
        reported.fundedAccount(account, 10_000);
        UUID withdrawal = withdraw(account, RequestTraffic.newAddress(), 6_000);
        long broadcast = groupInto(transactionOf(withdrawal), "grouped");

        UUID cancel = cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, withdrawal));

        assertThat(reported.outcome(cancel)).isEqualTo("ACCEPTED");
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(10_000));
        assertThat(admin.sql("SELECT count(*) FROM xbt.transaction WHERE network_transaction_id = :b").param("b", broadcast)
                .query(Long.class).single()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"signing", "signed", "opened", "sent", "broken"})
    void aWithdrawalWhoseBroadcastWasHandedToTheNodeIsAlreadyBroadcast(String state) {
        String account = RequestTraffic.account(state);
        reported.fundedAccount(account, 10_000);
        UUID withdrawal = withdraw(account, RequestTraffic.newAddress(), 6_000);
        long broadcast = groupInto(transactionOf(withdrawal), state);

        UUID cancel = cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, withdrawal));

        assertThat(reported.outcome(cancel)).isEqualTo("REJECTED:ALREADY_BROADCAST");
        assertThat(result(cancel).detail()).contains(state);
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(4_000));
        assertThat(admin.sql("SELECT network_transaction_id FROM xbt.transaction WHERE request_id = :id")
                .param("id", withdrawal).query(Long.class).single()).isEqualTo(broadcast);
    }

    @Test
    void aWithdrawalTheBroadcasterSentIsAlreadyBroadcast() {
        String account = RequestTraffic.account("sent");
        traffic.fundedAccount(account, 50_000);
        fixture.awaitIdle();
        String to = fixture.chain().anyAddress();
        UUID withdrawal = fixture.withdraw(traffic, account, to, 5_000);
        fixture.awaitState(withdrawal, "broadcasted");

        UUID cancel = UUID.randomUUID();
        traffic.send(Topics.WITHDRAWAL_REQUESTS, null, CancelWithdrawal.ofRequest(cancel, RequestTraffic.ASSET, account, withdrawal));
        traffic.awaitAnswered(List.of(cancel));

        assertThat(traffic.outcome(cancel)).isEqualTo("REJECTED:ALREADY_BROADCAST");
        assertThat(fixture.state(withdrawal)).isEqualTo("broadcasted");
        assertThat(fixture.sendsTo(to)).hasSize(1);
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(45_000));
    }

    /**
     * A withdrawal, a cancel naming it, then more withdrawals of the same account, in one batch: the
     * second withdrawal spends the refunded amount, the third finds nothing left, and a cancel that
     * came before the withdrawal it names knew of no such withdrawal.
     */
    @Test
    void aWithdrawalAndItsCancelInOneBatchAreAppliedInOrder() {
        String account = RequestTraffic.account("batch");
        reported.fundedAccount(account, 10_000);
        UUID early = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID cancel = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        var container = listeners.getListenerContainer("cryptoassets-requests");
        container.stop();
        try {
            reported.send(Topics.WITHDRAWAL_REQUESTS, null, CancelWithdrawal.ofRequest(early, XBT, account, first));
            reported.send(Topics.WITHDRAWAL_REQUESTS, null, withdrawal(first, account, 10_000));
            reported.send(Topics.WITHDRAWAL_REQUESTS, null, CancelWithdrawal.ofRequest(cancel, XBT, account, first));
            reported.send(Topics.WITHDRAWAL_REQUESTS, null, withdrawal(second, account, 10_000));
            reported.send(Topics.WITHDRAWAL_REQUESTS, null, withdrawal(third, account, 1_000));
            reported.flush();
        } finally {
            container.start();
        }
        List<UUID> all = List.of(early, first, cancel, second, third);
        reported.awaitAnswered(all);

        assertThat(all).extracting(reported::outcome).containsExactly("REJECTED:UNKNOWN_WITHDRAWAL", "ACCEPTED",
                "ACCEPTED", "ACCEPTED", "REJECTED:INSUFFICIENT_BALANCE");
        assertThat(admin.sql("SELECT count(DISTINCT processed_at) FROM cryptoassets.processed_request WHERE request_id = ANY(CAST(:ids AS uuid[]))")
                .param("ids", all.stream().map(UUID::toString).toArray(String[]::new)).query(Long.class).single())
                .as("all five were applied in one transaction").isEqualTo(1);
        assertThat(result(cancel).transactionId()).isEqualTo(transactionOf(first));
        assertThat(reported.balance(account)).isZero();
        assertThat(reported.entrySum(account)).isZero();
        assertThat(admin.sql("SELECT state FROM xbt.transaction WHERE request_id = :id").param("id", first)
                .query(String.class).single()).isEqualTo("cancelled");
        long firstTransaction = transactionOf(first);
        TxUpdate cancelled = awaitUpdate(account, firstTransaction, TxState.CANCELLED);
        TxUpdate pending = events.txUpdates(account).stream()
                .filter(u -> u.transactionId() == firstTransaction && u.state() == TxState.PENDING).findFirst().orElseThrow();
        assertThat(cancelled.sequence()).isEqualTo(pending.sequence() + 1);
    }

    @Test
    void aRefundThatWouldOverflowTheBalanceIsOutOfRangeAndChangesNothing() {
        String account = RequestTraffic.account("whale");
        String address = reported.fundedAccount(account, 0);
        deposit(address, LARGEST);
        UUID withdrawal = withdraw(account, RequestTraffic.newAddress(), 10_000);
        deposit(address, BigInteger.valueOf(10_000));

        UUID cancel = cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, withdrawal));

        assertThat(reported.outcome(cancel)).isEqualTo("REJECTED:AMOUNT_OUT_OF_RANGE");
        assertThat(reported.balance(account)).isEqualTo(LARGEST);
        assertThat(admin.sql("SELECT state FROM xbt.transaction WHERE request_id = :id").param("id", withdrawal)
                .query(String.class).single()).isEqualTo("pending");
    }

    /**
     * The broadcaster's claim of a broadcast reads its withdrawals and moves the broadcast past
     * {@code grouped}; a cancel reads the broadcast and moves the withdrawal out. Concurrently,
     * under SERIALIZABLE, only one of them may commit: here the cancel commits first, so the claim
     * must fail, and the withdrawal is refunded and not sent.
     */
    @Test
    void aClaimOfTheBroadcastRacingACancelCannotAlsoCommit() throws SQLException {
        String account = RequestTraffic.account("claim");
        reported.fundedAccount(account, 10_000);
        UUID withdrawal = withdraw(account, RequestTraffic.newAddress(), 6_000);
        long broadcast = groupInto(transactionOf(withdrawal), "grouped");
        TestDatabase database = TestDatabase.get();

        try (Connection claim = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
            claim.setAutoCommit(false);
            claim.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try (PreparedStatement members = claim.prepareStatement(
                    "SELECT id, address, amount FROM xbt.transaction WHERE network_transaction_id = ?");
                 PreparedStatement take = claim.prepareStatement(
                         "UPDATE xbt.network_transaction SET state = 'signing', claimed_at = now() WHERE id = ? AND state = 'grouped'")) {
                members.setLong(1, broadcast);
                try (var rows = members.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                }
                take.setLong(1, broadcast);
                assertThat(take.executeUpdate()).isEqualTo(1);
            }

            UUID cancel = cancel(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, withdrawal));
            assertThat(reported.outcome(cancel)).isEqualTo("ACCEPTED");

            assertThatThrownBy(claim::commit).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"));
        }
        assertThat(admin.sql("SELECT state FROM xbt.network_transaction WHERE id = :id").param("id", broadcast)
                .query(String.class).single()).isEqualTo("grouped");
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(10_000));
    }

    private WithdrawalRequested withdrawal(UUID id, String account, long amount) {
        return new WithdrawalRequested(id, XBT, account, RequestTraffic.newAddress(), BigInteger.valueOf(amount), null, false);
    }

    private UUID withdraw(String account, String to, long amount) {
        UUID id = UUID.randomUUID();
        reported.send(Topics.WITHDRAWAL_REQUESTS, null,
                new WithdrawalRequested(id, XBT, account, to, BigInteger.valueOf(amount), null, false));
        reported.awaitAnswered(List.of(id));
        return id;
    }

    private UUID cancel(Request cancel) {
        reported.send(Topics.WITHDRAWAL_REQUESTS, null, cancel);
        reported.awaitAnswered(List.of(cancel.requestId()));
        return cancel.requestId();
    }

    private void deposit(String address, BigInteger amount) {
        UUID id = UUID.randomUUID();
        reported.send(Topics.DEPOSIT_REQUESTS, null,
                new DepositObserved(id, XBT, RequestTraffic.txid(), 0, address, amount, 6, null));
        reported.awaitAnswered(List.of(id));
        assertThat(reported.outcome(id)).isEqualTo("ACCEPTED");
    }

    private long transactionOf(UUID withdrawal) {
        return result(withdrawal).transactionId();
    }

    private RequestResult result(UUID requestId) {
        return ContractJson.mapper().readValue(jdbc.sql(
                        "SELECT result::text FROM cryptoassets.processed_request WHERE request_id = :id")
                .param("id", requestId).query(String.class).single(), RequestResult.class);
    }

    /**
     * Puts a withdrawal into a new broadcast in {@code state}, with what the broadcaster records on
     * the way there (a signed one has its transaction; an opened, sent or broken one was opened).
     */
    private long groupInto(long transaction, String state) {
        String txid = RequestTraffic.txid();
        long broadcast = admin.sql("""
                        INSERT INTO xbt.network_transaction (type, state, txid, raw_tx, inputs, opened_at, closed_at, claimed_at)
                        VALUES ('broadcast', :state,
                                CASE WHEN :state IN ('signed', 'sent', 'broken') THEN :txid END,
                                CASE WHEN :state = 'signed' THEN '0200' END,
                                CASE WHEN :state = 'signed' THEN ARRAY[:txid || ':0'] END,
                                CASE WHEN :state IN ('opened', 'sent', 'broken') THEN now() END,
                                CASE WHEN :state = 'sent' THEN now() END,
                                CASE WHEN :state = 'signing' THEN now() END)
                        RETURNING id
                        """).param("state", state).param("txid", txid).query(Long.class).single();
        broadcasts.add(broadcast);
        admin.sql("UPDATE xbt.transaction SET network_transaction_id = :broadcast WHERE id = :id")
                .param("broadcast", broadcast).param("id", transaction).update();
        return broadcast;
    }

    private TxUpdate awaitUpdate(String account, long transaction, TxState state) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.txUpdates(account).stream()
                        .filter(u -> u.transactionId() == transaction && u.state() == state).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }
}
