package io.cryptoassets.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.request.ApproveWithdrawal;
import io.cryptoassets.contracts.request.RejectWithdrawal;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.ReasonCode;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Approvals and rejections that could be refused for two reasons at once are refused for the one
 * first in {@link ReasonCode}'s order, and change nothing.
 */
class ApprovalPrecedenceTest {

    private static final BigInteger AMOUNT = BigInteger.valueOf(5_000);
    private static final long HELD = 1;
    private static final long PENDING = 2;
    private static final long OTHERS = 3;
    private static final long HELD_EXPIRED = 4;
    private static final long PENDING_EXPIRED = 5;

    static Stream<Arguments> pairs() {
        return Stream.of(
                // ReasonCode pair, then the request that triggers both.
                Arguments.of(ReasonCode.UNKNOWN_ACCOUNT, ReasonCode.UNKNOWN_WITHDRAWAL,
                        approve("nobody", 99, "alice")),
                Arguments.of(ReasonCode.UNKNOWN_WITHDRAWAL, ReasonCode.NOT_AWAITING_APPROVAL,
                        approve("acct", OTHERS, "alice")),
                Arguments.of(ReasonCode.NOT_AWAITING_APPROVAL, ReasonCode.APPROVAL_EXPIRED,
                        approve("acct", PENDING_EXPIRED, "alice")),
                Arguments.of(ReasonCode.NOT_AWAITING_APPROVAL, ReasonCode.APPROVER_NOT_ALLOWED,
                        approve("acct", PENDING, "carol")),
                Arguments.of(ReasonCode.APPROVAL_EXPIRED, ReasonCode.APPROVER_NOT_ALLOWED,
                        approve("acct", HELD_EXPIRED, "carol")),
                Arguments.of(ReasonCode.APPROVAL_EXPIRED, ReasonCode.APPROVER_ALREADY_DECIDED,
                        approve("acct", HELD_EXPIRED, "alice")),
                Arguments.of(ReasonCode.NOT_AWAITING_APPROVAL, ReasonCode.APPROVAL_EXPIRED,
                        reject("acct", PENDING_EXPIRED, "carol")),
                Arguments.of(ReasonCode.APPROVER_ALREADY_DECIDED, ReasonCode.AMOUNT_OUT_OF_RANGE,
                        reject("whale", HELD, "alice")));
    }

    @ParameterizedTest(name = "{0} before {1}")
    @MethodSource("pairs")
    void theFirstReasonInOrderWins(ReasonCode first, ReasonCode second, Request request) {
        assertThat(first.ordinal()).isLessThan(second.ordinal());
        AssetLedger ledger = ledger(request);

        Decision decision = ledger.decide(request);

        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        assertThat(((Decision.Rejected) decision).reason()).isEqualTo(first);
        assertThat(ledger.changes().approvals).isEmpty();
        assertThat(ledger.changes().withdrawalStates).isEmpty();
        assertThat(ledger.changes().entries()).isEmpty();
        assertThat(ledger.changes().events()).isEmpty();
    }

    /**
     * Accounts {@code acct} and {@code whale} (whose balance could take no refund), each with the
     * same withdrawals: held and approved once by alice, pending, and either again past the
     * deadline; {@code other} owns {@link #OTHERS}.
     */
    private static AssetLedger ledger(Request request) {
        String owner = request instanceof ApproveWithdrawal a ? a.accountId() : ((RejectWithdrawal) request).accountId();
        BigInteger balance = "whale".equals(owner) ? AssetLedger.BALANCE_LIMIT.subtract(BigInteger.ONE) : AMOUNT;
        Map<String, Account> accounts = Map.of(
                "acct", new Account("acct", null, false, false, balance, 1),
                "whale", new Account("whale", null, false, false, balance, 1),
                "other", new Account("other", null, false, false, AMOUNT, 1));
        String account = "nobody".equals(owner) ? "acct" : owner;
        Map<Long, Withdrawal> withdrawals = Map.of(
                HELD, withdrawal(HELD, account, "awaiting_approval", false),
                PENDING, withdrawal(PENDING, account, "pending", false),
                OTHERS, withdrawal(OTHERS, "other", "pending", false),
                HELD_EXPIRED, withdrawal(HELD_EXPIRED, account, "awaiting_approval", true),
                PENDING_EXPIRED, withdrawal(PENDING_EXPIRED, account, "pending", true));
        return new AssetLedger("BTC", 3, accounts, Map.of(), Map.of(), withdrawals, address -> Optional.empty());
    }

    private static Withdrawal withdrawal(long id, String account, String state, boolean pastDeadline) {
        Withdrawal withdrawal = new Withdrawal(TransactionRef.existing(id), Withdrawal.Kind.BROADCAST, account,
                "bc1qaddress", AMOUNT, state, null,
                new Withdrawal.Hold(2, Instant.parse("2025-03-01T12:00:00Z"), pastDeadline, "carol"));
        withdrawal.decide("alice", "approve");
        return withdrawal;
    }

    private static ApproveWithdrawal approve(String account, long transaction, String approver) {
        return new ApproveWithdrawal(UUID.randomUUID(), "BTC", account, null, transaction, approver);
    }

    private static RejectWithdrawal reject(String account, long transaction, String approver) {
        return new RejectWithdrawal(UUID.randomUUID(), "BTC", account, null, transaction, approver, "no");
    }
}
