package io.cryptoassets.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.request.CaptureHold;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.contracts.request.ReleaseHold;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.PolicyLimit;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.asset.WithdrawalPolicyProperties;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import io.cryptoassets.worker.policy.AccountPolicy;
import io.cryptoassets.worker.policy.BatchPolicies;
import io.cryptoassets.worker.policy.WindowUsage;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ledger's decisions on holds, in memory: what a hold reserves is out of the available balance
 * for everything else, a hold settles once, a refused capture leaves it as it was, and expiry is
 * judged on the batch's clock, by the request itself when the round has not come yet.
 */
class HoldDecisionsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String PAYEE_ADDRESS = "payee-address";
    private static final String OUTSIDE = "outside-address";

    @Test
    void aHoldReservesAvailableBalanceWithoutMovingIt() {
        AssetLedger ledger = ledger(Map.of(), AccountPolicy.NONE);

        Decision placed = ledger.decide(place("h1", 60_000, null));

        Account payer = ledger.accounts().get("payer");
        assertThat(placed).isInstanceOf(Decision.Accepted.class);
        assertThat(((Decision.Accepted) placed).balance())
                .isEqualTo(new AccountBalance(amount(100_000), 1, amount(40_000)));
        assertThat(payer.balance).isEqualTo(amount(100_000));
        assertThat(payer.held).isEqualTo(amount(60_000));
        assertThat(ledger.changes().entries).isEmpty();
        assertThat(ledger.changes().newHolds).singleElement().satisfies(h -> assertThat(h.state).isEqualTo(TxState.HELD));
        assertThat(updates(ledger)).singleElement().satisfies(u -> {
            assertThat(u.type()).isEqualTo(TransactionType.HOLD);
            assertThat(u.state()).isEqualTo(TxState.HELD);
            assertThat(u.credited()).isFalse();
            assertThat(u.holdId()).isEqualTo("h1");
            assertThat(u.balance()).isEqualTo(amount(100_000));
            assertThat(u.available()).isEqualTo(amount(40_000));
        });

        assertThat(reason(ledger.decide(withdrawal(OUTSIDE, 40_001)))).isEqualTo(ReasonCode.INSUFFICIENT_BALANCE);
        assertThat(reason(ledger.decide(transfer(40_001)))).isEqualTo(ReasonCode.INSUFFICIENT_BALANCE);
        assertThat(reason(ledger.decide(place("h2", 40_001, null)))).isEqualTo(ReasonCode.INSUFFICIENT_BALANCE);
        assertThat(reason(ledger.decide(place("h1", 1, null)))).isEqualTo(ReasonCode.HOLD_EXISTS);
        assertThat(reason(ledger.decide(place("h3", 1, NOW)))).as("expiring at the decision time")
                .isEqualTo(ReasonCode.HOLD_EXPIRED);
        assertThat(ledger.decide(transfer(40_000))).isInstanceOf(Decision.Accepted.class);
        assertThat(payer.available()).isZero();
    }

    @Test
    void aPartialCaptureToAnAccountPaysFromTheHoldAndReleasesTheRest() {
        AssetLedger ledger = ledger(Map.of(), AccountPolicy.NONE);
        ledger.decide(place("h1", 60_000, null));
        ledger.decide(place("h2", 10_000, null));

        Decision captured = ledger.decide(CaptureHold.toAccount(UUID.randomUUID(), "BTC", "payer", "h1",
                amount(45_000), "payee"));

        Account payer = ledger.accounts().get("payer");
        assertThat(captured).isInstanceOf(Decision.Accepted.class);
        TransactionRef payment = ((Decision.Accepted) captured).transaction();
        assertThat(payer.balance).isEqualTo(amount(55_000));
        assertThat(payer.held).as("h2 only").isEqualTo(amount(10_000));
        assertThat(ledger.accounts().get("payee").balance).isEqualTo(amount(45_000));
        List<PendingTxUpdate> updates = updates(ledger).subList(2, 5);
        assertThat(updates).extracting(PendingTxUpdate::accountId, PendingTxUpdate::type, PendingTxUpdate::state,
                        PendingTxUpdate::holdId, PendingTxUpdate::balance, PendingTxUpdate::available)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("payer", TransactionType.INTERNAL, TxState.INTERNAL, "h1",
                                amount(55_000), amount(45_000)),
                        org.assertj.core.groups.Tuple.tuple("payee", TransactionType.INTERNAL, TxState.INTERNAL, "h1",
                                amount(45_000), amount(45_000)),
                        org.assertj.core.groups.Tuple.tuple("payer", TransactionType.HOLD, TxState.CAPTURED, "h1",
                                amount(55_000), amount(45_000)));
        assertThat(updates.get(2).detail()).isEqualTo("captured 45000 to account payee, released 15000");
        assertThat(updates.get(0).transaction()).isSameAs(payment);
        Hold hold = ledger.changes().newHolds.get(0);
        assertThat(hold.capturedAmount).isEqualTo(amount(45_000));
        assertThat(hold.settledBy).isSameAs(payment);

        assertThat(reason(ledger.decide(capture("h1", null, "payee")))).isEqualTo(ReasonCode.HOLD_SETTLED);
        assertThat(reason(ledger.decide(release("h1")))).isEqualTo(ReasonCode.HOLD_SETTLED);
        assertThat(reason(ledger.decide(release("nope")))).isEqualTo(ReasonCode.UNKNOWN_HOLD);
    }

    @Test
    void aRefusedCaptureLeavesTheHoldAsItWas() {
        AssetLedger ledger = ledger(Map.of(), AccountPolicy.NONE.withAllowedDestinations(List.of(OUTSIDE)));
        ledger.decide(place("h1", 60_000, null));
        int updates = updates(ledger).size();

        assertThat(reason(ledger.decide(capture("h1", 60_001L, "payee")))).isEqualTo(ReasonCode.CAPTURE_EXCEEDS_HOLD);
        assertThat(reason(ledger.decide(capture("h1", null, "payer")))).isEqualTo(ReasonCode.SAME_ACCOUNT);
        assertThat(reason(ledger.decide(capture("h1", null, "nobody")))).isEqualTo(ReasonCode.UNKNOWN_ACCOUNT);
        assertThat(reason(ledger.decide(captureTo("h1", 999L, OUTSIDE)))).isEqualTo(ReasonCode.AMOUNT_BELOW_MINIMUM);
        assertThat(reason(ledger.decide(captureTo("h1", null, "not-listed-address"))))
                .isEqualTo(ReasonCode.DESTINATION_NOT_ALLOWED);
        assertThat(reason(ledger.decide(captureTo("h1", null, "bad"))))
                .isEqualTo(ReasonCode.INVALID_ADDRESS);

        Account payer = ledger.accounts().get("payer");
        assertThat(payer.held).isEqualTo(amount(60_000));
        assertThat(payer.balance).isEqualTo(amount(100_000));
        assertThat(ledger.changes().newHolds.get(0).state).isEqualTo(TxState.HELD);
        assertThat(updates(ledger)).hasSize(updates);
        assertThat(ledger.changes().transactions).isEmpty();
    }

    @Test
    void aCaptureToAnAddressIsAWithdrawalWithItsPolicies() {
        AssetLedger ledger = ledger(Map.of(), AccountPolicy.NONE.withMaxPerWithdrawal(amount(50_000)));
        ledger.decide(place("h1", 60_000, null));
        ledger.decide(place("h2", 30_000, null));

        Decision overMax = ledger.decide(captureTo("h1", null, OUTSIDE));
        Decision sent = ledger.decide(captureTo("h2", 20_000L, OUTSIDE));
        ledger.decide(place("h3", 5_000, null));
        Decision inside = ledger.decide(captureTo("h3", null, PAYEE_ADDRESS));

        assertThat(((Decision.Rejected) overMax).limit()).isEqualTo(PolicyLimit.MAX_PER_WITHDRAWAL);
        assertThat(sent).isInstanceOf(Decision.Accepted.class);
        assertThat(inside).isInstanceOf(Decision.Accepted.class);
        assertThat(ledger.changes().transactions).extracting(NewTransaction::type, NewTransaction::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TransactionType.BROADCAST, TxState.PENDING),
                        org.assertj.core.groups.Tuple.tuple(TransactionType.INTERNAL, TxState.INTERNAL));
        assertThat(updates(ledger)).filteredOn(u -> u.type() == TransactionType.BROADCAST).singleElement()
                .satisfies(u -> assertThat(u.holdId()).isEqualTo("h2"));
        Account payer = ledger.accounts().get("payer");
        assertThat(payer.balance).isEqualTo(amount(75_000));
        assertThat(payer.held).as("h1 only").isEqualTo(amount(60_000));
    }

    @Test
    void aRequestAtOrAfterTheExpiryExpiresTheHoldItselfOnce() {
        Hold due = loaded("due", 30_000, NOW);
        Hold later = loaded("later", 20_000, NOW.plusMillis(1));
        Hold gone = loaded("gone", 5_000, NOW.minusSeconds(60));
        gone.state = TxState.EXPIRED;
        AssetLedger ledger = ledger(Map.of(due.key(), due, later.key(), later, gone.key(), gone), AccountPolicy.NONE,
                amount(50_000));

        assertThat(reason(ledger.decide(capture("due", null, "payee")))).isEqualTo(ReasonCode.HOLD_EXPIRED);
        assertThat(reason(ledger.decide(release("due")))).as("the second finds it expired")
                .isEqualTo(ReasonCode.HOLD_EXPIRED);
        assertThat(reason(ledger.decide(release("gone")))).isEqualTo(ReasonCode.HOLD_EXPIRED);
        assertThat(ledger.decide(release("later"))).isInstanceOf(Decision.Accepted.class);

        assertThat(ledger.changes().settledHolds).containsExactly(due, later);
        assertThat(due.state).isEqualTo(TxState.EXPIRED);
        assertThat(later.state).isEqualTo(TxState.RELEASED);
        assertThat(ledger.accounts().get("payer").held).as("gone was given back when it expired").isZero();
        assertThat(updates(ledger)).extracting(PendingTxUpdate::holdId, PendingTxUpdate::state,
                        PendingTxUpdate::available)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("due", TxState.EXPIRED, amount(80_000)),
                        org.assertj.core.groups.Tuple.tuple("later", TxState.RELEASED, amount(100_000)));
        assertThat(ledger.changes().transactions).isEmpty();
    }

    @Test
    void theNetworkFeeAccountCannotHold() {
        AssetLedger ledger = ledger(Map.of(), AccountPolicy.NONE);

        Decision placed = ledger.decide(new PlaceHold(UUID.randomUUID(), "BTC", "$network-fee", "h", amount(1), null,
                null));

        assertThat(reason(placed)).isEqualTo(ReasonCode.UNKNOWN_ACCOUNT);
    }

    private static AssetLedger ledger(Map<Hold.Key, Hold> holds, AccountPolicy own) {
        return ledger(holds, own, BigInteger.ZERO);
    }

    private static AssetLedger ledger(Map<Hold.Key, Hold> holds, AccountPolicy own, BigInteger held) {
        Account payer = new Account("payer", null, false, false, amount(100_000), 0);
        payer.held = held;
        Account payee = new Account("payee", null, false, false, BigInteger.ZERO, 0);
        Account fees = new Account("$network-fee", null, true, false, amount(-5), 0);
        BatchPolicies policies = new BatchPolicies(new WithdrawalPolicyProperties(null, null, null, null, null, null,
                null, 2, null), Map.of("payer", own), Map.of("payer", WindowUsage.NOTHING), null);
        return new AssetLedger("BTC", 3, Map.of("payer", payer, "payee", payee, "$network-fee", fees),
                Map.of(PAYEE_ADDRESS, "payee"), Map.of(), Map.of(),
                address -> address.equals("bad") ? Optional.of("bad checksum") : Optional.empty(), policies, holds,
                NOW, amount(1_000));
    }

    private static Hold loaded(String holdId, long amount, Instant expiresAt) {
        return new Hold(TransactionRef.existing(holdId.hashCode() & 0xffff), "payer", holdId, amount(amount),
                expiresAt, UUID.randomUUID(), null, false, TxState.HELD);
    }

    private static List<PendingTxUpdate> updates(AssetLedger ledger) {
        return ledger.changes().events.stream().map(PendingTxUpdate.class::cast).toList();
    }

    private static ReasonCode reason(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) decision).reason();
    }

    private static PlaceHold place(String holdId, long amount, Instant expiresAt) {
        return new PlaceHold(UUID.randomUUID(), "BTC", "payer", holdId, amount(amount), expiresAt, null);
    }

    private static CaptureHold capture(String holdId, Long amount, String to) {
        return CaptureHold.toAccount(UUID.randomUUID(), "BTC", "payer", holdId, amount == null ? null : amount(amount),
                to);
    }

    private static CaptureHold captureTo(String holdId, Long amount, String address) {
        return CaptureHold.toAddress(UUID.randomUUID(), "BTC", "payer", holdId, amount == null ? null : amount(amount),
                address);
    }

    private static ReleaseHold release(String holdId) {
        return new ReleaseHold(UUID.randomUUID(), "BTC", "payer", holdId);
    }

    private static WithdrawalRequested withdrawal(String to, long amount) {
        return new WithdrawalRequested(UUID.randomUUID(), "BTC", "payer", to, amount(amount), null, false);
    }

    private static Transfer transfer(long amount) {
        return new Transfer(UUID.randomUUID(), "BTC", "payer", "payee", amount(amount), null);
    }

    private static BigInteger amount(long value) {
        return BigInteger.valueOf(value);
    }
}
