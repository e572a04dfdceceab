package io.cryptoassets.worker.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.request.ApproveWithdrawal;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.RejectWithdrawal;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Withdrawals and the approvals, rejections and cancels naming them in one batch are decided as if
 * applied one by one: the approvals and the cancel find the withdrawal made earlier in the batch,
 * and each withdrawal is written with the last state the batch gave it. The batch is handed to the
 * processor as the listener hands it a poll, since records of two topics reach one poll in no
 * particular order.
 */
class OneBatchApprovalsIT extends ChainIntegrationTest {

    private static final String XBT = RequestTraffic.REPORTED_ASSET;
    private static final long HELD = TestInfrastructure.APPROVAL_THRESHOLD;

    @Autowired
    RequestProcessor processor;

    @Test
    void aWithdrawalItsApprovalsAndItsCancelInOneBatch() {
        try (RequestTraffic reported = RequestTraffic.reported(jdbc)) {
            String account = RequestTraffic.account("batch");
            reported.fundedAccount(account, 3 * HELD);
            WithdrawalRequested approved = new WithdrawalRequested(UUID.randomUUID(), XBT, account,
                    RequestTraffic.newAddress(), BigInteger.valueOf(HELD), null, false, "carol");
            WithdrawalRequested rejected = new WithdrawalRequested(UUID.randomUUID(), XBT, account,
                    RequestTraffic.newAddress(), BigInteger.valueOf(HELD + 1), null, false, "carol");
            List<Request> batch = List.of(
                    approved,
                    approve(account, approved, "alice"),
                    approve(account, approved, "carol"),
                    approve(account, approved, "bob"),
                    approve(account, approved, "dave"),
                    CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, account, approved.requestId()),
                    rejected,
                    new RejectWithdrawal(UUID.randomUUID(), XBT, account, rejected.requestId(), null, "dave", "too much"));

            processor.process(batch.stream().<IncomingRequest>map(r -> new IncomingRequest.Valid(r, account)).toList());
            processor.process(batch.stream().<IncomingRequest>map(r -> new IncomingRequest.Valid(r, account)).toList());

            assertThat(batch.stream().map(r -> reported.outcome(r.requestId())).toList()).containsExactly(
                    "ACCEPTED", "ACCEPTED", "REJECTED:APPROVER_NOT_ALLOWED", "ACCEPTED",
                    "REJECTED:NOT_AWAITING_APPROVAL", "ACCEPTED", "ACCEPTED", "ACCEPTED");
            long first = transaction(reported, approved.requestId());
            long second = transaction(reported, rejected.requestId());
            assertThat(state(first)).isEqualTo("cancelled");
            assertThat(state(second)).isEqualTo("failed");
            assertThat(jdbc.sql("""
                            SELECT transaction_id || ':' || approver_id || ':' || decision FROM xbt.withdrawal_approval
                            WHERE transaction_id IN (:first, :second) ORDER BY transaction_id, approver_id
                            """).param("first", first).param("second", second).query(String.class).list())
                    .containsExactly(first + ":alice:approve", first + ":bob:approve", second + ":dave:reject");
            assertThat(jdbc.sql("SELECT amount FROM xbt.ledger_entry WHERE account_id = :a ORDER BY id")
                    .param("a", account).query(BigDecimal.class).list()).containsExactly(
                    new BigDecimal(3 * HELD), new BigDecimal(-HELD), new BigDecimal(HELD),
                    new BigDecimal(-HELD - 1), new BigDecimal(HELD + 1));
            assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(3 * HELD));

            List<TxUpdate> updates = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                    () -> events.txUpdates(account).stream().filter(u -> u.transactionId() == first).toList(),
                    u -> u.size() >= 3);
            assertThat(updates).extracting(TxUpdate::state)
                    .containsExactly(TxState.AWAITING_APPROVAL, TxState.PENDING, TxState.CANCELLED);
            assertThat(updates.get(1).detail()).isEqualTo("approved by alice, bob");
            assertThat(Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.txUpdates(account).stream()
                            .filter(u -> u.transactionId() == second && u.state() == TxState.FAILED).findFirst(),
                    java.util.Optional::isPresent).orElseThrow().detail()).isEqualTo("rejected by dave: too much");
        }
    }

    private static ApproveWithdrawal approve(String account, WithdrawalRequested withdrawal, String approver) {
        return new ApproveWithdrawal(UUID.randomUUID(), XBT, account, withdrawal.requestId(), null, approver);
    }

    private long transaction(RequestTraffic reported, UUID withdrawal) {
        return jdbc.sql("SELECT id FROM xbt.transaction WHERE request_id = :id").param("id", withdrawal)
                .query(Long.class).single();
    }

    private String state(long transaction) {
        return jdbc.sql("SELECT state FROM xbt.transaction WHERE id = :id").param("id", transaction)
                .query(String.class).single();
    }
}
