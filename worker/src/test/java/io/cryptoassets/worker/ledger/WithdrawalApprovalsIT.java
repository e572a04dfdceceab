package io.cryptoassets.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.ApproveWithdrawal;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.RejectWithdrawal;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.ReportedAssetTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Withdrawals held for approval, through Kafka into PostgreSQL: at or above the test threshold a
 * withdrawal waits in {@code awaiting_approval} until two approvers other than its requester agree,
 * then goes on to be broadcast; a rejection, its deadline or a cancel end it failed or cancelled and
 * refunded, once. XBT has no node, so a withdrawal moved on to pending stays there for the test.
 */
class WithdrawalApprovalsIT extends ReportedAssetTest {

    private static final long HELD = TestInfrastructure.APPROVAL_THRESHOLD;

    @Test
    void twoApproversOtherThanTheRequesterSendItOnTheChain() {
        String account = RequestTraffic.account("quorum");
        traffic.fundedAccount(account, 3 * HELD);
        String address = fixture.chain().anyAddress();
        UUID withdrawal = withdraw(traffic, RequestTraffic.ASSET, account, address, HELD, "carol");
        long transaction = transactionOf(withdrawal);
        TxUpdate held = awaitUpdate(account, transaction, TxState.AWAITING_APPROVAL);
        assertThat(held.detail()).contains("2 approvers");
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(2 * HELD));

        UUID byRequester = decide(traffic, new ApproveWithdrawal(UUID.randomUUID(), RequestTraffic.ASSET, account,
                withdrawal, null, "carol"));
        UUID byAlice = decide(traffic, new ApproveWithdrawal(UUID.randomUUID(), RequestTraffic.ASSET, account,
                null, transaction, "alice"));

        assertThat(traffic.outcome(byRequester)).isEqualTo("REJECTED:APPROVER_NOT_ALLOWED");
        assertThat(traffic.outcome(byAlice)).isEqualTo("ACCEPTED");
        assertThat(result(byAlice).transactionId()).isEqualTo(transaction);
        assertThat(fixture.state(withdrawal)).isEqualTo("awaiting_approval");
        ChainFixture.CommandRun list = fixture.admin("withdrawals", "list", "--asset", RequestTraffic.ASSET,
                "--state", "awaiting_approval");
        assertThat(line(list, transaction)).contains(account, Long.toString(HELD), "1/2", "alice")
                .containsPattern(" 20[0-9]{2}-[0-9]{2}-[0-9]{2}T");
        assertThat(fixture.sendsTo(address)).isEmpty();

        UUID byBob = decide(traffic, new ApproveWithdrawal(UUID.randomUUID(), RequestTraffic.ASSET, account,
                withdrawal, null, "bob"));

        assertThat(traffic.outcome(byBob)).isEqualTo("ACCEPTED");
        TxUpdate approved = awaitUpdate(account, transaction, TxState.PENDING);
        assertThat(approved.detail()).isEqualTo("approved by alice, bob");
        assertThat(approved.sequence()).isEqualTo(held.sequence() + 1);
        fixture.awaitState(withdrawal, "broadcasted");
        assertThat(fixture.sendsTo(address)).hasSize(1);
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(2 * HELD));
        UUID late = decide(traffic, new ApproveWithdrawal(UUID.randomUUID(), RequestTraffic.ASSET, account,
                withdrawal, null, "dave"));
        assertThat(traffic.outcome(late)).isEqualTo("REJECTED:NOT_AWAITING_APPROVAL");
    }

    @Test
    void anApproverCountsOnceAndARedeliveredApprovalIsAnsweredAsTheFirstTime() {
        String account = RequestTraffic.account("once");
        reported.fundedAccount(account, 2 * HELD);
        UUID withdrawal = withdraw(reported, XBT, account, RequestTraffic.newAddress(), HELD, null);
        ApproveWithdrawal approval = new ApproveWithdrawal(UUID.randomUUID(), XBT, account, withdrawal, null, "alice");
        decide(reported, approval);
        RequestResult first = result(approval.requestId());

        reported.send(Topics.WITHDRAWAL_APPROVALS, null, approval);
        reported.flush();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.results(approval.requestId()).size() >= 2);
        UUID again = decide(reported, new ApproveWithdrawal(UUID.randomUUID(), XBT, account, withdrawal, null, "alice"));
        UUID rejectAfterApproving = decide(reported, new RejectWithdrawal(UUID.randomUUID(), XBT, account, withdrawal,
                null, "alice", "changed my mind"));

        assertThat(first.status().name()).isEqualTo("ACCEPTED");
        assertThat(events.results(approval.requestId())).as("each copy's answer repeats the first, under its own record")
                .allSatisfy(r -> assertThat(r).usingRecursiveComparison().ignoringFields("eventId", "source")
                        .isEqualTo(first))
                .extracting(RequestResult::source).doesNotHaveDuplicates();
        assertThat(reported.outcome(again)).isEqualTo("REJECTED:APPROVER_ALREADY_DECIDED");
        assertThat(reported.outcome(rejectAfterApproving)).isEqualTo("REJECTED:APPROVER_ALREADY_DECIDED");
        assertThat(admin.sql("SELECT approver_id || ':' || decision FROM xbt.withdrawal_approval WHERE transaction_id = :id")
                .param("id", transactionOf(withdrawal)).query(String.class).list()).containsExactly("alice:approve");
        assertThat(state(withdrawal)).isEqualTo("awaiting_approval");
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(HELD));
    }

    @Test
    void aRejectionEvenByTheRequesterFailsItAndRefundsItOnce() {
        String account = RequestTraffic.account("rejected");
        reported.fundedAccount(account, 2 * HELD);
        UUID withdrawal = withdraw(reported, XBT, account, RequestTraffic.newAddress(), HELD + 5, "carol");
        long transaction = transactionOf(withdrawal);
        UUID alice = decide(reported, new ApproveWithdrawal(UUID.randomUUID(), XBT, account, withdrawal, null, "alice"));

        UUID rejection = decide(reported, new RejectWithdrawal(UUID.randomUUID(), XBT, account, null, transaction,
                "carol", "wrong address"));
        UUID bob = decide(reported, new ApproveWithdrawal(UUID.randomUUID(), XBT, account, withdrawal, null, "bob"));

        assertThat(reported.outcome(alice)).isEqualTo("ACCEPTED");
        assertThat(reported.outcome(rejection)).isEqualTo("ACCEPTED");
        assertThat(result(rejection).transactionId()).isEqualTo(transaction);
        assertThat(reported.outcome(bob)).isEqualTo("REJECTED:NOT_AWAITING_APPROVAL");
        assertThat(state(withdrawal)).isEqualTo("failed");
        assertRefundedOnce(account, transaction, HELD + 5, 2 * HELD);
        TxUpdate failed = awaitUpdate(account, transaction, TxState.FAILED);
        assertThat(failed.detail()).isEqualTo("rejected by carol: wrong address");
        assertThat(failed.credited()).isFalse();
        assertRefundChecksPass();
    }

    /**
     * The row is locked as an expiry round's update would find it (FOR UPDATE) until an approval
     * arriving past the deadline was answered: the batch only reads the row, so it is answered
     * APPROVAL_EXPIRED, and once the lock goes the round fails and refunds the withdrawal.
     */
    @Test
    void pastItsDeadlineItCannotBeApprovedAndTheExpiryRoundFailsAndRefundsIt() throws SQLException {
        String account = RequestTraffic.account("expired");
        reported.fundedAccount(account, 2 * HELD);
        UUID withdrawal = withdraw(reported, XBT, account, RequestTraffic.newAddress(), HELD, null);
        long transaction = transactionOf(withdrawal);
        UUID alice = decide(reported, new ApproveWithdrawal(UUID.randomUUID(), XBT, account, withdrawal, null, "alice"));
        admin.sql("UPDATE xbt.transaction SET approval_deadline = now() + interval '1 second' WHERE id = :id")
                .param("id", transaction).update();

        UUID bob;
        try (Connection holder = TestDatabase.get().dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT id FROM xbt.transaction WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, transaction);
                lock.executeQuery().close();
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                    admin.sql("SELECT approval_deadline < now() FROM xbt.transaction WHERE id = :id")
                            .param("id", transaction).query(Boolean.class).single());
            bob = decide(reported, new ApproveWithdrawal(UUID.randomUUID(), XBT, account, withdrawal, null, "bob"));
            assertThat(state(withdrawal)).isEqualTo("awaiting_approval");
            holder.rollback();
        }

        assertThat(reported.outcome(alice)).isEqualTo("ACCEPTED");
        assertThat(reported.outcome(bob)).isEqualTo("REJECTED:APPROVAL_EXPIRED");
        TxUpdate failed = awaitUpdate(account, transaction, TxState.FAILED);
        assertThat(failed.detail()).startsWith("not approved by 2 approvers before 20");
        assertThat(state(withdrawal)).isEqualTo("failed");
        assertRefundedOnce(account, transaction, HELD, 2 * HELD);
        assertRefundChecksPass();
    }

    @Test
    void aHeldWithdrawalCanBeCancelled() {
        String account = RequestTraffic.account("cancelled");
        reported.fundedAccount(account, 2 * HELD);
        UUID withdrawal = withdraw(reported, XBT, account, RequestTraffic.newAddress(), HELD, null);
        long transaction = transactionOf(withdrawal);

        UUID cancel = decide(reported, CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, withdrawal));
        UUID alice = decide(reported, new ApproveWithdrawal(UUID.randomUUID(), XBT, account, withdrawal, null, "alice"));

        assertThat(reported.outcome(cancel)).isEqualTo("ACCEPTED");
        assertThat(reported.outcome(alice)).isEqualTo("REJECTED:NOT_AWAITING_APPROVAL");
        assertThat(state(withdrawal)).isEqualTo("cancelled");
        assertRefundedOnce(account, transaction, HELD, 2 * HELD);
        assertThat(awaitUpdate(account, transaction, TxState.CANCELLED).detail()).isEqualTo("cancelled by request " + cancel);
    }

    @Test
    void approvalsNamingNoHeldWithdrawalOfTheAccountAreRefused() {
        String account = RequestTraffic.account("unheld");
        String other = RequestTraffic.account("other");
        reported.fundedAccount(account, 2 * HELD);
        reported.fundedAccount(other, 2 * HELD);
        UUID small = withdraw(reported, XBT, account, RequestTraffic.newAddress(), 10_000, null);
        UUID othersHeld = withdraw(reported, XBT, other, RequestTraffic.newAddress(), HELD, null);

        UUID notHeld = decide(reported, new ApproveWithdrawal(UUID.randomUUID(), XBT, account, small, null, "alice"));
        UUID notTheAccounts = decide(reported, new ApproveWithdrawal(UUID.randomUUID(), XBT, account, othersHeld, null,
                "alice"));
        UUID nothing = decide(reported, new RejectWithdrawal(UUID.randomUUID(), XBT, account, null, 9_000_000_000_000L,
                "alice", null));
        UUID noAccount = decide(reported, new ApproveWithdrawal(UUID.randomUUID(), XBT, RequestTraffic.account("none"),
                othersHeld, null, "alice"));

        assertThat(state(small)).isEqualTo("pending");
        assertThat(reported.outcome(notHeld)).isEqualTo("REJECTED:NOT_AWAITING_APPROVAL");
        assertThat(reported.outcome(notTheAccounts)).isEqualTo("REJECTED:UNKNOWN_WITHDRAWAL");
        assertThat(reported.outcome(nothing)).isEqualTo("REJECTED:UNKNOWN_WITHDRAWAL");
        assertThat(reported.outcome(noAccount)).isEqualTo("REJECTED:UNKNOWN_ACCOUNT");
        assertThat(state(othersHeld)).isEqualTo("awaiting_approval");
    }

    private UUID withdraw(RequestTraffic through, String asset, String account, String address, long amount,
                          String requestedBy) {
        UUID id = UUID.randomUUID();
        through.send(Topics.WITHDRAWAL_REQUESTS, null, new WithdrawalRequested(id, asset, account, address,
                BigInteger.valueOf(amount), null, false, requestedBy));
        through.awaitAnswered(List.of(id));
        assertThat(through.outcome(id)).isEqualTo("ACCEPTED");
        return id;
    }

    /** Sends an approval, a rejection or a cancel and waits for its answer. */
    private static UUID decide(RequestTraffic through, Request request) {
        String topic = request instanceof CancelWithdrawal ? Topics.WITHDRAWAL_REQUESTS : Topics.WITHDRAWAL_APPROVALS;
        through.send(topic, null, request);
        through.awaitAnswered(List.of(request.requestId()));
        return request.requestId();
    }

    private long transactionOf(UUID withdrawal) {
        return result(withdrawal).transactionId();
    }

    private String state(UUID withdrawal) {
        return admin.sql("SELECT state FROM xbt.transaction WHERE request_id = :id").param("id", withdrawal)
                .query(String.class).single();
    }

    private RequestResult result(UUID requestId) {
        return ContractJson.mapper().readValue(jdbc.sql(
                        "SELECT result::text FROM cryptoassets.processed_request WHERE request_id = :id")
                .param("id", requestId).query(String.class).single(), RequestResult.class);
    }

    /** The debit and exactly one refund of the same amount, and the balance back to what it was. */
    private void assertRefundedOnce(String account, long transaction, long amount, long balance) {
        assertThat(admin.sql("""
                        SELECT amount FROM xbt.ledger_entry
                        WHERE account_id = :account AND transaction_id = :id ORDER BY id
                        """).param("account", account).param("id", transaction).query(BigDecimal.class).list())
                .containsExactly(new BigDecimal(-amount), new BigDecimal(amount));
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(balance));
        assertThat(reported.entrySum(account)).isEqualTo(reported.balance(account));
    }

    /** XBT's audit: the checks a refund could break (the ledger is shared with every other test). */
    private void assertRefundChecksPass() {
        String audit = fixture.admin("audit").out();
        int start = audit.indexOf("\n" + XBT + "\n");
        assertThat(start).as(audit).isNotNegative();
        String xbt = audit.substring(start + XBT.length() + 2).split("\n(?! )")[0];
        assertThat(xbt).contains(
                "ok   every balance equals the sum of its ledger entries",
                "ok   every ledger entry is on its account's hash chain",
                "ok   every failed or cancelled withdrawal is refunded exactly once, and no other");
    }

    private TxUpdate awaitUpdate(String account, long transaction, TxState state) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.txUpdates(account).stream()
                        .filter(u -> u.transactionId() == transaction && u.state() == state).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private static String line(ChainFixture.CommandRun run, long id) {
        return run.out().lines().filter(l -> l.startsWith(id + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + id + " in:\n" + run.out()));
    }
}
