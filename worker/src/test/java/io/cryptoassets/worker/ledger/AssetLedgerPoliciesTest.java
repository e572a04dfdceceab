package io.cryptoassets.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.PolicyLimit;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.asset.WithdrawalPolicyProperties;
import io.cryptoassets.worker.policy.AccountPolicy;
import io.cryptoassets.worker.policy.BatchPolicies;
import io.cryptoassets.worker.policy.WindowUsage;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ledger consults the policies for every withdrawal, and counts only what leaves the wallet:
 * a withdrawal settled inside the ledger meets the allow-list and the maximum, never the windows or
 * the approval threshold, and a transfer meets no policy at all.
 */
class AssetLedgerPoliciesTest {

    private static final String PAYEE_ADDRESS = "payee-address";
    private static final String OUTSIDE = "outside-address";

    @Test
    void aWithdrawalToAnotherAccountsAddressMeetsTheAllowListAndTheMaximum() {
        AssetLedger notListed = ledger(AccountPolicy.NONE.withAllowedDestinations(List.of(OUTSIDE)), policy(null, null));
        AssetLedger tooMuch = ledger(AccountPolicy.NONE.withMaxPerWithdrawal(amount(5_000)), policy(null, null));

        Decision refused = notListed.decide(withdrawal(PAYEE_ADDRESS, 1_000));
        Decision exceeded = tooMuch.decide(withdrawal(PAYEE_ADDRESS, 6_000));

        assertThat(refused).isInstanceOf(Decision.Rejected.class);
        assertThat(((Decision.Rejected) refused).reason()).isEqualTo(ReasonCode.DESTINATION_NOT_ALLOWED);
        assertThat(exceeded).isEqualTo(new Decision.Rejected("payer", ReasonCode.LIMIT_EXCEEDED,
                "max-per-withdrawal: 6000 exceeds 5000", PolicyLimit.MAX_PER_WITHDRAWAL));
        assertThat(notListed.accounts().get("payer").balance).isEqualTo(amount(100_000));
    }

    @Test
    void aWithdrawalSettledInsideIsNeitherCountedInTheWindowsNorHeld() {
        AssetLedger ledger = ledger(AccountPolicy.NONE, policy(amount(10_000), amount(2_000)));

        assertThat(ledger.decide(withdrawal(PAYEE_ADDRESS, 9_000))).isInstanceOf(Decision.Accepted.class);
        assertThat(ledger.decide(withdrawal(OUTSIDE, 1_000))).isInstanceOf(Decision.Accepted.class);
        Decision overWindow = ledger.decide(withdrawal(OUTSIDE, 9_001));

        assertThat(((Decision.Rejected) overWindow).limit()).isEqualTo(PolicyLimit.ACCOUNT_WINDOW_AMOUNT);
        assertThat(ledger.changes().transactions).extracting(NewTransaction::type, NewTransaction::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TransactionType.INTERNAL, TxState.INTERNAL),
                        org.assertj.core.groups.Tuple.tuple(TransactionType.BROADCAST, TxState.PENDING));
    }

    @Test
    void aRefusedOrUnpaidWithdrawalIsNotCountedAndOneAtTheThresholdIsHeld() {
        AssetLedger ledger = ledger(AccountPolicy.NONE, policy(amount(150_000), amount(50_000)));

        assertThat(ledger.decide(withdrawal(OUTSIDE, 120_000))).isEqualTo(new Decision.Rejected("payer",
                ReasonCode.INSUFFICIENT_BALANCE, "available balance 100000 is less than 120000"));
        assertThat(ledger.decide(withdrawal(OUTSIDE, 50_000))).isInstanceOf(Decision.Accepted.class);
        assertThat(ledger.decide(withdrawal(OUTSIDE, 40_000))).isInstanceOf(Decision.Accepted.class);

        assertThat(ledger.changes().transactions).extracting(NewTransaction::state)
                .containsExactly(TxState.AWAITING_APPROVAL, TxState.PENDING);
    }

    @Test
    void aTransferMeetsNoPolicy() {
        AssetLedger ledger = ledger(AccountPolicy.NONE.withMaxPerWithdrawal(amount(1_000))
                .withAllowedDestinations(List.of(OUTSIDE)), policy(amount(1_000), amount(1_000)));

        Decision transfer = ledger.decide(new Transfer(UUID.randomUUID(), "BTC", "payer", "payee", amount(60_000), null));

        assertThat(transfer).isInstanceOf(Decision.Accepted.class);
    }

    private static AssetLedger ledger(AccountPolicy own, WithdrawalPolicyProperties asset) {
        Account payer = new Account("payer", null, false, false, amount(100_000), 0);
        Account payee = new Account("payee", null, false, false, BigInteger.ZERO, 0);
        BatchPolicies policies = new BatchPolicies(asset, Map.of("payer", own),
                Map.of("payer", WindowUsage.NOTHING), null);
        return new AssetLedger("BTC", 3, Map.of("payer", payer, "payee", payee), Map.of(PAYEE_ADDRESS, "payee"),
                Map.of(), Map.of(), address -> Optional.empty(), policies);
    }

    private static WithdrawalPolicyProperties policy(BigInteger accountWindowAmount, BigInteger threshold) {
        return new WithdrawalPolicyProperties(null, null, accountWindowAmount, null, null, null, threshold, 2, null);
    }

    private static WithdrawalRequested withdrawal(String to, long amount) {
        return new WithdrawalRequested(UUID.randomUUID(), "BTC", "payer", to, amount(amount), null, false);
    }

    private static BigInteger amount(long value) {
        return BigInteger.valueOf(value);
    }
}
