package io.cryptoassets.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.TransferLeg;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A transfer with legs is decided all or nothing: the legs apply in order against the balances
 * the legs before them leave, and the first that cannot apply rejects the request naming it,
 * with nothing changed in the batch's state or its changes.
 */
class TransferLegsTest {

    private static final Map<String, String> METADATA = Map.of("trade", "7");

    @Test
    void aSettlementAppliesEveryLegInOrderWithItsReferenceAndMetadata() {
        AssetLedger ledger = ledger(Map.of("buyer", 1_000L, "seller", 50L, "fees", 0L));

        Decision decision = ledger.decide(legs("buyer", leg("buyer", "seller", 600), leg("buyer", "fees", 6),
                leg("seller", "buyer", 30)));

        Decision.Accepted accepted = (Decision.Accepted) decision;
        assertThat(accepted.accountId()).isEqualTo("buyer");
        assertThat(accepted.legs()).hasSize(3).first().isSameAs(accepted.transaction());
        assertThat(accepted.balance().balance()).isEqualTo(424);
        assertThat(accepted.balance().sequence()).as("the buyer's third update").isEqualTo(3);
        assertThat(balances(ledger)).containsExactlyInAnyOrderEntriesOf(Map.of("buyer", amount(424),
                "seller", amount(620), "fees", amount(6)));
        assertThat(ledger.changes().transactions).extracting(NewTransaction::leg).containsExactly(1, 2, 3);
        assertThat(ledger.changes().transactions).allSatisfy(t -> {
            assertThat(t.reference()).isEqualTo("trade-7");
            assertThat(t.metadata()).isEqualTo(METADATA);
        });
        assertThat(ledger.changes().entries).extracting(LedgerEntry::accountId, e -> e.amount().longValue())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("buyer", -600L),
                        org.assertj.core.groups.Tuple.tuple("seller", 600L),
                        org.assertj.core.groups.Tuple.tuple("buyer", -6L),
                        org.assertj.core.groups.Tuple.tuple("fees", 6L),
                        org.assertj.core.groups.Tuple.tuple("seller", -30L),
                        org.assertj.core.groups.Tuple.tuple("buyer", 30L));
        List<PendingTxUpdate> updates = updates(ledger);
        assertThat(updates).extracting(PendingTxUpdate::accountId, PendingTxUpdate::direction)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("buyer", Direction.OUT),
                        org.assertj.core.groups.Tuple.tuple("seller", Direction.IN),
                        org.assertj.core.groups.Tuple.tuple("buyer", Direction.OUT),
                        org.assertj.core.groups.Tuple.tuple("fees", Direction.IN),
                        org.assertj.core.groups.Tuple.tuple("seller", Direction.OUT),
                        org.assertj.core.groups.Tuple.tuple("buyer", Direction.IN));
        assertThat(updates).extracting(u -> u.balance().longValue()).containsExactly(400L, 650L, 394L, 6L, 620L, 424L);
        assertThat(updates).allSatisfy(u -> {
            assertThat(u.reference()).isEqualTo("trade-7");
            assertThat(u.metadata()).isEqualTo(METADATA);
            assertThat(u.available()).isEqualTo(u.balance());
        });
    }

    @Test
    void aLegMayOnlyBeCoveredByWhatAnEarlierLegCredited() {
        AssetLedger ledger = ledger(Map.of("a", 100L, "b", 0L, "c", 0L));

        Decision covered = ledger.decide(legs("a", leg("a", "b", 100), leg("b", "c", 70)));
        Decision reversed = ledger.decide(legs("a", leg("c", "a", 71), leg("b", "c", 30)));

        assertThat(covered).isInstanceOf(Decision.Accepted.class);
        assertThat(reversed).isEqualTo(new Decision.Rejected("a", ReasonCode.INSUFFICIENT_BALANCE,
                "leg 1: available balance 70 is less than 71"));
        assertThat(balances(ledger)).containsExactlyInAnyOrderEntriesOf(Map.of("a", amount(0), "b", amount(30),
                "c", amount(70)));
    }

    static Stream<Arguments> failingLegs() {
        return Stream.of(
                Arguments.of(leg("b", "b", 1), ReasonCode.SAME_ACCOUNT, "leg 3: cannot transfer to the same account"),
                Arguments.of(leg("b", "nobody", 1), ReasonCode.UNKNOWN_ACCOUNT,
                        "leg 3: account nobody does not exist for BTC"),
                Arguments.of(leg("nobody", "b", 1), ReasonCode.UNKNOWN_ACCOUNT,
                        "leg 3: account nobody does not exist for BTC"),
                // b has 20 before the transfer and got 30 from leg 1 and 5 from leg 2.
                Arguments.of(leg("b", "a", 56), ReasonCode.INSUFFICIENT_BALANCE,
                        "leg 3: available balance 55 is less than 56"),
                Arguments.of(leg("b", "full", 1), ReasonCode.AMOUNT_OUT_OF_RANGE,
                        "leg 3: crediting 1 to account full would take its balance past 10^78 - 1"));
    }

    @ParameterizedTest
    @MethodSource("failingLegs")
    void theFirstLegThatCannotApplyRejectsTheWholeTransferAndChangesNothing(TransferLeg third, ReasonCode reason,
                                                                            String detail) {
        Map<String, Long> before = Map.of("a", 100L, "b", 20L, "full", 0L);
        AssetLedger ledger = ledger(before);
        ledger.accounts().get("full").balance = AssetLedger.BALANCE_LIMIT.subtract(BigInteger.ONE);
        Map<String, BigInteger> balancesBefore = balances(ledger);

        Decision decision = ledger.decide(legs("a", leg("a", "b", 30), leg("a", "b", 5), third, leg("a", "b", 1)));

        assertThat(decision).isEqualTo(new Decision.Rejected("a", reason, detail));
        assertThat(balances(ledger)).isEqualTo(balancesBefore);
        assertThat(ledger.accounts().values()).allSatisfy(a -> {
            assertThat(a.eventSequence).isZero();
            assertThat(a.changed).isFalse();
        });
        assertThat(ledger.changes().transactions).isEmpty();
        assertThat(ledger.changes().entries).isEmpty();
        assertThat(ledger.changes().events()).isEmpty();
    }

    @Test
    void theKeyedAccountMustExistEvenWhenNoLegNamesIt() {
        AssetLedger ledger = ledger(Map.of("a", 100L, "b", 0L));

        Decision unknownKey = ledger.decide(legs("nobody", leg("a", "b", 1)));
        Decision bystander = ledger.decide(legs("b", leg("a", "b", 1)));

        assertThat(unknownKey).isEqualTo(new Decision.Rejected("nobody", ReasonCode.UNKNOWN_ACCOUNT,
                "account nobody does not exist for BTC"));
        assertThat(((Decision.Accepted) bystander).balance().balance()).isEqualTo(1);
    }

    @Test
    void theSingleFormIsOneUnnumberedMoveWithTheSameWordsAsBefore() {
        AssetLedger ledger = ledger(Map.of("a", 10L, "b", 0L));
        Transfer single = new Transfer(1, UUID.randomUUID(), "BTC", "a", "b", amount(4), "note", null, "ref-1",
                METADATA);

        Decision.Accepted accepted = (Decision.Accepted) ledger.decide(single);
        Decision refused = ledger.decide(new Transfer(UUID.randomUUID(), "BTC", "a", "b", amount(7), null));

        assertThat(accepted.legs()).isNull();
        assertThat(accepted.balance().balance()).isEqualTo(6);
        assertThat(ledger.changes().transactions).singleElement().satisfies(t -> {
            assertThat(t.leg()).isNull();
            assertThat(t.reference()).isEqualTo("ref-1");
            assertThat(t.label()).isEqualTo("note");
        });
        assertThat(updates(ledger)).allSatisfy(u -> assertThat(u.metadata()).isEqualTo(METADATA));
        assertThat(refused).isEqualTo(new Decision.Rejected("a", ReasonCode.INSUFFICIENT_BALANCE,
                "available balance 6 is less than 7"));
    }

    private static AssetLedger ledger(Map<String, Long> balances) {
        Map<String, Account> accounts = new LinkedHashMap<>();
        balances.forEach((id, balance) -> accounts.put(id, new Account(id, null, false, false, amount(balance), 0)));
        return new AssetLedger("BTC", 3, accounts, Map.of(), Map.of(), address -> Optional.empty());
    }

    private static Transfer legs(String key, TransferLeg... legs) {
        return Transfer.ofLegs(UUID.randomUUID(), "BTC", key, List.of(legs), null, "trade-7", METADATA);
    }

    private static TransferLeg leg(String from, String to, long amount) {
        return new TransferLeg(from, to, amount(amount));
    }

    private static Map<String, BigInteger> balances(AssetLedger ledger) {
        Map<String, BigInteger> balances = new LinkedHashMap<>();
        ledger.accounts().forEach((id, account) -> balances.put(id, account.balance));
        return balances;
    }

    private static List<PendingTxUpdate> updates(AssetLedger ledger) {
        return ledger.changes().events().stream().map(PendingTxUpdate.class::cast).toList();
    }

    private static BigInteger amount(long value) {
        return BigInteger.valueOf(value);
    }
}
