package io.cryptoassets.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.FieldError;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.CaptureHold;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.contracts.request.ReleaseHold;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.testsupport.ReportedAssetTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Holds through Kafka into PostgreSQL, on the asset without a node (a capture to an address stays
 * pending there): placed, captured whole or in part to an account or an address, released, expired
 * by the worker; every reason code; the available balance enforced against withdrawals, transfers
 * and further holds; each step's TxUpdates with balance, available and holdId; and a redelivered
 * request has no second effect.
 */
class HoldsIT extends ReportedAssetTest {

    private static final long APPROVAL = TestInfrastructure.APPROVAL_THRESHOLD;

    @Test
    void aHoldReservesFundsUntilItIsCapturedOrReleased() {
        String payer = RequestTraffic.account("holder");
        String payee = RequestTraffic.account("payee");
        reported.fundedAccount(payer, 100_000);
        reported.fundedAccount(payee, 0);

        RequestResult placed = send(place(payer, "order:1", 50_000, null));
        assertThat(placed.status()).isEqualTo(RequestStatus.ACCEPTED);
        assertThat(placed.balance()).isEqualTo(100_000);
        assertThat(placed.available()).isEqualTo(50_000);
        long hold = placed.transactionId();
        TxUpdate held = awaitUpdate(payer, hold, TxState.HELD);
        assertThat(held.transactionType()).isEqualTo(TransactionType.HOLD);
        assertThat(held.direction()).isEqualTo(Direction.OUT);
        assertThat(held.credited()).isFalse();
        assertThat(held.amount()).isEqualTo(50_000);
        assertThat(held.holdId()).isEqualTo("order:1");
        assertThat(held.balance()).isEqualTo(100_000);
        assertThat(held.available()).isEqualTo(50_000);
        assertThat(held.sequence()).isEqualTo(placed.sequence()).isEqualTo(2);
        assertThat(reported.entries(payer)).as("a hold writes no ledger entry").isEqualTo(1);
        assertThat(heldOf(payer)).isEqualTo(50_000);

        assertThat(reason(send(new WithdrawalRequested(UUID.randomUUID(), XBT, payer, RequestTraffic.newAddress(),
                BigInteger.valueOf(50_001), null, false)))).isEqualTo(ReasonCode.INSUFFICIENT_BALANCE);
        assertThat(reason(send(new Transfer(UUID.randomUUID(), XBT, payer, payee, BigInteger.valueOf(50_001), null))))
                .isEqualTo(ReasonCode.INSUFFICIENT_BALANCE);
        assertThat(reason(send(place(payer, "order:2", 50_001, null)))).isEqualTo(ReasonCode.INSUFFICIENT_BALANCE);
        RequestResult second = send(place(payer, "order:2", 20_000, null));
        assertThat(second.available()).isEqualTo(30_000);

        RequestResult captured = send(CaptureHold.toAccount(UUID.randomUUID(), XBT, payer, "order:1",
                BigInteger.valueOf(30_000), payee));
        assertThat(captured.status()).isEqualTo(RequestStatus.ACCEPTED);
        assertThat(captured.balance()).isEqualTo(70_000);
        assertThat(captured.available()).as("70000 less order:2").isEqualTo(50_000);
        long payment = captured.transactionId();
        TxUpdate out = awaitUpdate(payer, payment, TxState.INTERNAL);
        TxUpdate in = awaitUpdate(payee, payment, TxState.INTERNAL);
        TxUpdate settled = awaitUpdate(payer, hold, TxState.CAPTURED);
        assertThat(out.holdId()).isEqualTo("order:1");
        assertThat(out.amount()).isEqualTo(30_000);
        assertThat(out.available()).isEqualTo(50_000);
        assertThat(in.holdId()).isEqualTo("order:1");
        assertThat(in.direction()).isEqualTo(Direction.IN);
        assertThat(in.balance()).isEqualTo(30_000);
        assertThat(in.available()).isEqualTo(30_000);
        assertThat(settled.detail()).isEqualTo("captured 30000 to account " + payee + ", released 20000");
        assertThat(settled.amount()).isEqualTo(50_000);
        assertThat(settled.sequence()).isEqualTo(out.sequence() + 1).isEqualTo(captured.sequence());
        assertThat(settled.balance()).isEqualTo(70_000);
        assertThat(settled.available()).isEqualTo(50_000);
        assertThat(reported.balance(payee)).isEqualTo(30_000);

        assertThat(reason(send(CaptureHold.toAccount(UUID.randomUUID(), XBT, payer, "order:1", null, payee))))
                .isEqualTo(ReasonCode.HOLD_SETTLED);
        assertThat(reason(send(new ReleaseHold(UUID.randomUUID(), XBT, payer, "order:1"))))
                .isEqualTo(ReasonCode.HOLD_SETTLED);
        assertThat(reason(send(place(payer, "order:1", 1, null)))).as("hold ids are never reused")
                .isEqualTo(ReasonCode.HOLD_EXISTS);

        RequestResult released = send(new ReleaseHold(UUID.randomUUID(), XBT, payer, "order:2"));
        assertThat(released.status()).isEqualTo(RequestStatus.ACCEPTED);
        assertThat(released.transactionId()).isEqualTo(second.transactionId());
        assertThat(released.available()).isEqualTo(70_000);
        TxUpdate releasedUpdate = awaitUpdate(payer, second.transactionId(), TxState.RELEASED);
        assertThat(releasedUpdate.available()).isEqualTo(70_000);
        assertThat(releasedUpdate.balance()).isEqualTo(70_000);

        RequestResult whole = send(place(payer, "order:3", 10_000, null));
        assertThat(reason(send(CaptureHold.toAccount(UUID.randomUUID(), XBT, payer, "order:3",
                BigInteger.valueOf(10_001), payee)))).isEqualTo(ReasonCode.CAPTURE_EXCEEDS_HOLD);
        assertThat(reason(send(CaptureHold.toAccount(UUID.randomUUID(), XBT, payer, "order:3", null,
                RequestTraffic.account("nobody"))))).isEqualTo(ReasonCode.UNKNOWN_ACCOUNT);
        assertThat(reason(send(CaptureHold.toAccount(UUID.randomUUID(), XBT, payer, "order:3", null, payer))))
                .isEqualTo(ReasonCode.SAME_ACCOUNT);
        assertThat(holdState(whole.transactionId())).as("refused captures leave it").isEqualTo("held");
        RequestResult all = send(CaptureHold.toAccount(UUID.randomUUID(), XBT, payer, "order:3", null, payee));
        assertThat(all.balance()).isEqualTo(60_000);
        assertThat(awaitUpdate(payer, whole.transactionId(), TxState.CAPTURED).detail())
                .isEqualTo("captured 10000 to account " + payee);

        assertThat(reason(send(CaptureHold.toAccount(UUID.randomUUID(), XBT, payer, "none", null, payee))))
                .isEqualTo(ReasonCode.UNKNOWN_HOLD);
        assertThat(reason(send(new ReleaseHold(UUID.randomUUID(), XBT, payer, "none"))))
                .isEqualTo(ReasonCode.UNKNOWN_HOLD);
        assertThat(reason(send(place(RequestTraffic.account("nobody"), "h", 1, null))))
                .isEqualTo(ReasonCode.UNKNOWN_ACCOUNT);

        assertThat(heldOf(payer)).isZero();
        assertThat(reported.balance(payer)).isEqualTo(60_000).isEqualTo(reported.entrySum(payer));
        assertThat(reported.balance(payee)).isEqualTo(40_000).isEqualTo(reported.entrySum(payee));
        assertEveryUpdateAvailableIsBalanceLessOpenHolds(payer);
        assertHoldChecksPass();
    }

    @Test
    void aCaptureToAnAddressIsAWithdrawal() {
        String payer = RequestTraffic.account("to-address");
        String owner = RequestTraffic.account("owner");
        reported.fundedAccount(payer, 3 * APPROVAL);
        String ownersAddress = reported.fundedAccount(owner, 0);

        send(place(payer, "bet:1", 40_000, null));
        String outside = RequestTraffic.newAddress();
        RequestResult sent = send(CaptureHold.toAddress(UUID.randomUUID(), XBT, payer, "bet:1", null, outside));
        assertThat(sent.status()).isEqualTo(RequestStatus.ACCEPTED);
        TxUpdate pending = awaitUpdate(payer, sent.transactionId(), TxState.PENDING);
        assertThat(pending.transactionType()).isEqualTo(TransactionType.BROADCAST);
        assertThat(pending.address()).isEqualTo(outside);
        assertThat(pending.holdId()).isEqualTo("bet:1");
        assertThat(pending.amount()).isEqualTo(40_000);

        send(place(payer, "bet:2", 2_000, null));
        assertThat(reason(send(CaptureHold.toAddress(UUID.randomUUID(), XBT, payer, "bet:2",
                BigInteger.valueOf(999), outside)))).isEqualTo(ReasonCode.AMOUNT_BELOW_MINIMUM);
        assertThat(reason(send(CaptureHold.toAddress(UUID.randomUUID(), XBT, payer, "bet:2", null,
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr")))).isEqualTo(ReasonCode.INVALID_ADDRESS);
        assertThat(send(new ReleaseHold(UUID.randomUUID(), XBT, payer, "bet:2")).status())
                .isEqualTo(RequestStatus.ACCEPTED);

        send(place(payer, "bet:3", 5_000, null));
        RequestResult inside = send(CaptureHold.toAddress(UUID.randomUUID(), XBT, payer, "bet:3", null,
                ownersAddress));
        assertThat(awaitUpdate(owner, inside.transactionId(), TxState.INTERNAL).holdId()).isEqualTo("bet:3");
        assertThat(reported.balance(owner)).isEqualTo(5_000);

        send(place(payer, "bet:4", APPROVAL, null));
        RequestResult large = send(CaptureHold.toAddress(UUID.randomUUID(), XBT, payer, "bet:4", null,
                RequestTraffic.newAddress()));
        TxUpdate awaiting = awaitUpdate(payer, large.transactionId(), TxState.AWAITING_APPROVAL);
        assertThat(awaiting.holdId()).isEqualTo("bet:4");
        assertThat(awaiting.detail()).contains("2 approvers");

        assertThat(reported.balance(payer)).isEqualTo(BigInteger.valueOf(3 * APPROVAL - 45_000 - APPROVAL));
        assertThat(heldOf(payer)).isZero();
        assertEveryUpdateAvailableIsBalanceLessOpenHolds(payer);
        assertHoldChecksPass();
    }

    @Test
    void theWorkerExpiresAHoldAndLaterRequestsFindItExpired() {
        String payer = RequestTraffic.account("expiring");
        reported.fundedAccount(payer, 10_000);

        assertThat(reason(send(place(payer, "late", 1_000, Instant.now().minusSeconds(1)))))
                .isEqualTo(ReasonCode.HOLD_EXPIRED);
        RequestResult placed = send(place(payer, "soon", 4_000, Instant.now().plusMillis(1_500)));
        assertThat(placed.available()).isEqualTo(6_000);

        TxUpdate expired = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> findUpdate(payer, placed.transactionId(), TxState.EXPIRED), u -> u != null);
        assertThat(expired.available()).isEqualTo(10_000);
        assertThat(expired.balance()).isEqualTo(10_000);
        assertThat(expired.holdId()).isEqualTo("soon");
        assertThat(expired.detail()).startsWith("expired at ");
        assertThat(heldOf(payer)).isZero();

        assertThat(reason(send(new ReleaseHold(UUID.randomUUID(), XBT, payer, "soon"))))
                .isEqualTo(ReasonCode.HOLD_EXPIRED);
        assertThat(reason(send(CaptureHold.toAccount(UUID.randomUUID(), XBT, payer, "soon", null, payer))))
                .isEqualTo(ReasonCode.HOLD_EXPIRED);
        assertThat(updates(payer)).filteredOn(u -> u.transactionId() == placed.transactionId())
                .extracting(TxUpdate::state).containsExactly(TxState.HELD, TxState.EXPIRED);
        assertThat(send(place(payer, "late", 1_000, null)).status()).as("the refused placement left its id unused")
                .isEqualTo(RequestStatus.ACCEPTED);
    }

    @Test
    void aRedeliveredRequestHasNoSecondEffectAndABadCaptureNamesItsField() {
        String payer = RequestTraffic.account("redelivered");
        String payee = RequestTraffic.account("redelivered-payee");
        reported.fundedAccount(payer, 10_000);
        reported.fundedAccount(payee, 0);

        PlaceHold place = place(payer, "once", 3_000, null);
        RequestResult first = send(place);
        RequestResult again = resend(place);
        assertSameAnswerToAnotherCopy(again, first);
        CaptureHold capture = CaptureHold.toAccount(UUID.randomUUID(), XBT, payer, "once", null, payee);
        RequestResult captured = send(capture);
        RequestResult recaptured = resend(capture);
        assertSameAnswerToAnotherCopy(recaptured, captured);
        assertThat(reported.balance(payee)).isEqualTo(3_000);
        assertThat(heldOf(payer)).isZero();
        assertThat(admin.sql("SELECT count(*) FROM xbt.transaction WHERE account_id = :a AND type = 'hold'")
                .param("a", payer).query(Long.class).single()).isEqualTo(1);

        UUID both = UUID.randomUUID();
        reported.sendRaw(Topics.ACCOUNT_REQUESTS, payer, """
                {"type":"CaptureHold","schemaVersion":1,"requestId":"%s","asset":"%s","accountId":"%s",
                 "holdId":"once","toAccountId":"%s","toAddress":"%s"}
                """.formatted(both, XBT, payer, payee, RequestTraffic.newAddress()));
        UUID neither = UUID.randomUUID();
        reported.sendRaw(Topics.ACCOUNT_REQUESTS, payer, """
                {"type":"CaptureHold","schemaVersion":1,"requestId":"%s","asset":"%s","accountId":"%s",
                 "holdId":"once"}
                """.formatted(neither, XBT, payer));
        assertThat(result(both).fieldErrors()).extracting(FieldError::field).containsExactly("toAddress");
        assertThat(result(both).reason()).isEqualTo(ReasonCode.INVALID_REQUEST);
        assertThat(result(neither).fieldErrors()).extracting(FieldError::field).containsExactly("toAccountId");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> updates(payer).size() == eventSequence(payer));
        assertThat(updates(payer)).as("the deposit, held, the payment out, captured").hasSize(4);
    }

    /** Walks the account's updates in order, keeping what its open holds reserve alongside. */
    private void assertEveryUpdateAvailableIsBalanceLessOpenHolds(String account) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> updates(account).size() == eventSequence(account));
        Map<Long, BigInteger> open = new LinkedHashMap<>();
        Map<String, Long> holdIds = new LinkedHashMap<>();
        java.util.Set<String> settled = new java.util.HashSet<>();
        for (TxUpdate u : updates(account)) {
            if (u.transactionType() == TransactionType.HOLD && u.state() == TxState.HELD) {
                open.put(u.transactionId(), u.amount());
            } else if (u.transactionType() == TransactionType.HOLD) {
                assertThat(settled.add(u.holdId())).as("a hold settles once: %s", u).isTrue();
                open.remove(u.transactionId());
            } else if (u.holdId() != null && u.direction() == Direction.OUT) {
                // The payment of a capture comes first, with the hold already settled.
                Long capturedHold = holdIds.get(u.holdId());
                open.remove(capturedHold);
            }
            if (u.transactionType() == TransactionType.HOLD) {
                holdIds.put(u.holdId(), u.transactionId());
            }
            BigInteger held = open.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
            assertThat(u.available()).as("#%d %s", u.sequence(), u.state()).isEqualTo(u.balance().subtract(held));
        }
    }

    /** XBT's audit: the checks holds could break (the ledger is shared with every other test). */
    private void assertHoldChecksPass() {
        String audit = fixture.admin("audit").out();
        int start = audit.indexOf("\n" + XBT + "\n");
        assertThat(start).as(audit).isNotNegative();
        String xbt = audit.substring(start + XBT.length() + 2).split("\n(?! )")[0];
        assertThat(xbt).contains(
                "ok   every balance equals the sum of its ledger entries",
                "ok   internal transfers net to zero",
                "ok   every accepted withdrawal, transfer, hold or capture has exactly one effect",
                "ok   every withdrawal, transfer or hold comes from an accepted request",
                "ok   every account holds what its open holds reserve, within its balance",
                "ok   holds change no balance, and each captured one names its payment");
    }

    private static PlaceHold place(String account, String holdId, long amount, Instant expiresAt) {
        return new PlaceHold(UUID.randomUUID(), XBT, account, holdId, BigInteger.valueOf(amount), expiresAt, null);
    }

    private RequestResult send(Request request) {
        reported.send(request instanceof WithdrawalRequested ? Topics.WITHDRAWAL_REQUESTS : Topics.ACCOUNT_REQUESTS,
                null, request);
        reported.flush();
        return result(request.requestId());
    }

    /** The first answer again, under the resent copy's own record and so its own event id. */
    private static void assertSameAnswerToAnotherCopy(RequestResult again, RequestResult first) {
        assertThat(again).usingRecursiveComparison().ignoringFields("eventId", "source").isEqualTo(first);
        assertThat(again.source()).isNotEqualTo(first.source());
        assertThat(again.eventId()).isNotEqualTo(first.eventId());
    }

    /** Sends the same request again and returns the answer to this delivery. */
    private RequestResult resend(Request request) {
        int before = events.results(request.requestId()).size();
        reported.send(Topics.ACCOUNT_REQUESTS, null, request);
        reported.flush();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> events.results(request.requestId()).size() > before);
        return events.results(request.requestId()).get(before);
    }

    private RequestResult result(UUID requestId) {
        return Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> events.results(requestId), results -> !results.isEmpty()).get(0);
    }

    private static ReasonCode reason(RequestResult result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(RequestStatus.REJECTED);
        return result.reason();
    }

    private TxUpdate awaitUpdate(String account, long transaction, TxState state) {
        return Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> findUpdate(account, transaction, state), u -> u != null);
    }

    private TxUpdate findUpdate(String account, long transaction, TxState state) {
        return updates(account).stream().filter(u -> u.transactionId() == transaction && u.state() == state)
                .findFirst().orElse(null);
    }

    /** The account's updates, each once, in sequence order. */
    private List<TxUpdate> updates(String account) {
        Map<UUID, TxUpdate> unique = new LinkedHashMap<>();
        events.txUpdates(account).forEach(u -> unique.putIfAbsent(u.eventId(), u));
        return unique.values().stream().sorted(java.util.Comparator.comparingLong(TxUpdate::sequence)).toList();
    }

    private long eventSequence(String account) {
        return admin.sql("SELECT event_sequence FROM xbt.account WHERE account_id = :id").param("id", account)
                .query(Long.class).single();
    }

    private BigInteger heldOf(String account) {
        return admin.sql("SELECT held FROM xbt.account WHERE account_id = :id").param("id", account)
                .query(BigDecimal.class).single().toBigIntegerExact();
    }

    private String holdState(long id) {
        return admin.sql("SELECT state FROM xbt.transaction WHERE id = :id AND type = 'hold'").param("id", id)
                .query(String.class).single();
    }
}
