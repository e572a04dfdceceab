package io.cryptoassets.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.result.PolicyLimit;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.worker.asset.WithdrawalPolicyProperties;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The checks of one batch's withdrawals: precedence, fallbacks, windows, counting, internal settlement. */
class BatchPoliciesTest {

    private static final String ACCOUNT = "acc";
    private static final String ALLOWED = "allowed-address";
    private static final String OTHER = "other-address";

    @Test
    void noPolicyAllowsEverything() {
        BatchPolicies policies = policies(asset(null, null, null, null, null, null), null, null, null);

        assertThat(policies.check(ACCOUNT, OTHER, amount(1_000_000), true)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void theAllowListRefusesOtherDestinationsAndAllowsItsOwn() {
        AccountPolicy own = AccountPolicy.NONE.withAllowedDestinations(List.of(ALLOWED));
        BatchPolicies policies = policies(asset(null, null, null, null, null, null), own, null, null);

        Verdict refused = policies.check(ACCOUNT, OTHER, amount(1), true);
        assertThat(refused).isEqualTo(new Verdict.Refused(ReasonCode.DESTINATION_NOT_ALLOWED, null,
                "allowed-destinations: account acc may only withdraw to its 1 allowed address(es), and other-address is not one"));
        assertThat(policies.check(ACCOUNT, ALLOWED, amount(1), true)).isEqualTo(Verdict.ALLOWED);
    }

    /** Two reasons at once, for every pair of neighbours in the order: the first one wins. */
    static Stream<Arguments> twoReasonsAtOnce() {
        return Stream.of(
                // allow-list before maximum
                Arguments.of(AccountPolicy.NONE.withAllowedDestinations(List.of(ALLOWED)).withMaxPerWithdrawal(amount(10)),
                        asset(null, null, null, null, null, null), usage(0, 0), usage(0, 0), null),
                Arguments.of(AccountPolicy.NONE.withMaxPerWithdrawal(amount(10)).withWindowAmount(amount(5)),
                        asset(null, null, null, null, null, null), usage(0, 0), usage(0, 0), PolicyLimit.MAX_PER_WITHDRAWAL),
                Arguments.of(AccountPolicy.NONE.withWindowAmount(amount(100)).withWindowCount(1),
                        asset(null, null, null, null, null, null), usage(1, 95), usage(0, 0), PolicyLimit.ACCOUNT_WINDOW_AMOUNT),
                Arguments.of(AccountPolicy.NONE.withWindowCount(1),
                        asset(null, null, null, amount(100), null, null), usage(1, 0), usage(1, 95), PolicyLimit.ACCOUNT_WINDOW_COUNT),
                Arguments.of(AccountPolicy.NONE,
                        asset(null, null, null, amount(100), 1, null), usage(0, 0), usage(1, 95), PolicyLimit.ASSET_WINDOW_AMOUNT),
                // the last limit still refuses what the threshold would only hold
                Arguments.of(AccountPolicy.NONE.withApprovalThreshold(amount(5)),
                        asset(null, null, null, null, 1, null), usage(0, 0), usage(1, 0), PolicyLimit.ASSET_WINDOW_COUNT));
    }

    @ParameterizedTest
    @MethodSource("twoReasonsAtOnce")
    void theFirstReasonInTheOrderIsTheOneGiven(AccountPolicy own, WithdrawalPolicyProperties asset,
                                               WindowUsage accountUsed, WindowUsage assetUsed, PolicyLimit expected) {
        BatchPolicies policies = new BatchPolicies(asset, Map.of(ACCOUNT, own), Map.of(ACCOUNT, accountUsed),
                asset.hasAssetWindow() ? assetUsed : null);

        Verdict verdict = policies.check(ACCOUNT, OTHER, amount(20), true);

        assertThat(verdict).isInstanceOf(Verdict.Refused.class);
        Verdict.Refused refused = (Verdict.Refused) verdict;
        assertThat(refused.reason()).isEqualTo(expected == null ? ReasonCode.DESTINATION_NOT_ALLOWED : ReasonCode.LIMIT_EXCEEDED);
        assertThat(refused.limit()).isEqualTo(expected);
        if (expected != null) {
            assertThat(refused.detail()).startsWith(BatchPolicies.name(expected) + ": ");
        }
    }

    @Test
    void aNullAccountValueFallsBackToTheAssetsAndAnAccountValueReplacesIt() {
        WithdrawalPolicyProperties asset = asset(amount(100), amount(1_000), null, null, null, amount(500));
        BatchPolicies fallback = policies(asset, AccountPolicy.NONE.withAllowedDestinations(List.of(OTHER)), usage(0, 0), null);
        BatchPolicies replaced = policies(asset, AccountPolicy.NONE.withMaxPerWithdrawal(amount(700))
                .withWindowAmount(amount(2_000)).withApprovalThreshold(amount(650)), usage(0, 0), null);

        assertThat(limitOf(fallback.check(ACCOUNT, OTHER, amount(101), true))).isEqualTo(PolicyLimit.MAX_PER_WITHDRAWAL);
        assertThat(replaced.check(ACCOUNT, OTHER, amount(600), true)).isEqualTo(Verdict.ALLOWED);
        assertThat(limitOf(replaced.check(ACCOUNT, OTHER, amount(701), true))).isEqualTo(PolicyLimit.MAX_PER_WITHDRAWAL);
        assertThat(replaced.check(ACCOUNT, OTHER, amount(650), true)).isInstanceOf(Verdict.HoldForApproval.class);
    }

    @Test
    void assetWideWindowsApplyWhateverTheAccountsOwnPolicySays() {
        WithdrawalPolicyProperties asset = asset(null, null, null, amount(1_000), 3, null);
        BatchPolicies policies = policies(asset, AccountPolicy.NONE.withWindowAmount(amount(1_000_000)),
                usage(0, 0), usage(2, 950));

        Verdict.Refused refused = (Verdict.Refused) policies.check(ACCOUNT, OTHER, amount(51), true);

        assertThat(refused.limit()).isEqualTo(PolicyLimit.ASSET_WINDOW_AMOUNT);
        assertThat(refused.detail()).isEqualTo("asset-window-amount: 950 sent by all accounts in the last 24h plus 51 exceeds 1000");
        assertThat(policies.check(ACCOUNT, OTHER, amount(50), true)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void aWindowIsExceededOnlyWhenWhatWasSentPlusThisOneIsAboveTheLimit() {
        BatchPolicies policies = policies(asset(null, amount(2_500_000), 3, null, null, null), null,
                usage(2, 2_400_000), null);

        assertThat(policies.check(ACCOUNT, OTHER, amount(100_000), true)).isEqualTo(Verdict.ALLOWED);
        Verdict.Refused refused = (Verdict.Refused) policies.check(ACCOUNT, OTHER, amount(150_000), true);
        assertThat(refused.limit()).isEqualTo(PolicyLimit.ACCOUNT_WINDOW_AMOUNT);
        assertThat(refused.detail()).isEqualTo("account-window-amount: 2400000 sent in the last 24h plus 150000 exceeds 2500000");

        policies.counted(ACCOUNT, amount(1));
        Verdict.Refused count = (Verdict.Refused) policies.check(ACCOUNT, OTHER, amount(1), true);
        assertThat(count.limit()).isEqualTo(PolicyLimit.ACCOUNT_WINDOW_COUNT);
        assertThat(count.detail()).isEqualTo("account-window-count: 3 withdrawals in the last 24h plus this one exceed 3");
    }

    @Test
    void countedWithdrawalsAreSeenByTheLaterChecksOfTheBatch() {
        BatchPolicies policies = policies(asset(null, amount(300), null, amount(250), null, null), null,
                usage(0, 0), usage(0, 0));
        Map<String, AccountPolicy> none = new HashMap<>();
        BatchPolicies twoAccounts = new BatchPolicies(asset(null, null, null, amount(250), null, null), none,
                Map.of(), usage(0, 0));

        assertThat(policies.check(ACCOUNT, OTHER, amount(200), true)).isEqualTo(Verdict.ALLOWED);
        policies.counted(ACCOUNT, amount(200));
        assertThat(limitOf(policies.check(ACCOUNT, OTHER, amount(60), true))).isEqualTo(PolicyLimit.ASSET_WINDOW_AMOUNT);
        assertThat(policies.check(ACCOUNT, OTHER, amount(50), true)).isEqualTo(Verdict.ALLOWED);

        twoAccounts.counted("first", amount(200));
        assertThat(limitOf(twoAccounts.check("second", OTHER, amount(51), true))).isEqualTo(PolicyLimit.ASSET_WINDOW_AMOUNT);
    }

    @Test
    void aWithdrawalSettledInsideTheLedgerMeetsTheAllowListAndTheMaximumButNoWindowOrThreshold() {
        AccountPolicy own = AccountPolicy.NONE.withAllowedDestinations(List.of(ALLOWED)).withMaxPerWithdrawal(amount(1_000));
        BatchPolicies policies = policies(asset(null, amount(10), 0, amount(10), 0, amount(5)), own,
                usage(100, 100_000), usage(100, 100_000));

        assertThat(policies.check(ACCOUNT, OTHER, amount(500), false).getClass()).isEqualTo(Verdict.Refused.class);
        assertThat(((Verdict.Refused) policies.check(ACCOUNT, OTHER, amount(500), false)).reason())
                .isEqualTo(ReasonCode.DESTINATION_NOT_ALLOWED);
        assertThat(limitOf(policies.check(ACCOUNT, ALLOWED, amount(1_001), false))).isEqualTo(PolicyLimit.MAX_PER_WITHDRAWAL);
        assertThat(policies.check(ACCOUNT, ALLOWED, amount(1_000), false)).isEqualTo(Verdict.ALLOWED);
        assertThat(limitOf(policies.check(ACCOUNT, ALLOWED, amount(1_000), true))).isEqualTo(PolicyLimit.ACCOUNT_WINDOW_AMOUNT);
    }

    @Test
    void atOrAboveTheThresholdIsHeldWithTheAssetsApprovalsAndTheAccountsThresholdOverridesTheAssets() {
        WithdrawalPolicyProperties asset = new WithdrawalPolicyProperties(null, null, null, null, null, null,
                amount(1_000), 3, Duration.ofHours(6));
        BatchPolicies byAsset = policies(asset, null, null, null);
        BatchPolicies byAccount = policies(asset, AccountPolicy.NONE.withApprovalThreshold(amount(5_000)), null, null);

        assertThat(byAsset.check(ACCOUNT, OTHER, amount(999), true)).isEqualTo(Verdict.ALLOWED);
        assertThat(byAsset.check(ACCOUNT, OTHER, amount(1_000), true))
                .isEqualTo(new Verdict.HoldForApproval(3, Duration.ofHours(6)));
        assertThat(byAccount.check(ACCOUNT, OTHER, amount(4_999), true)).isEqualTo(Verdict.ALLOWED);
        assertThat(byAccount.check(ACCOUNT, OTHER, amount(5_000), true)).isInstanceOf(Verdict.HoldForApproval.class);
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(BatchPolicies.readable(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(BatchPolicies.readable(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(BatchPolicies.readable(Duration.ofSeconds(45))).isEqualTo("45s");
    }

    private static BatchPolicies policies(WithdrawalPolicyProperties asset, AccountPolicy own, WindowUsage accountUsed,
                                          WindowUsage assetUsed) {
        return new BatchPolicies(asset, own == null ? Map.of() : Map.of(ACCOUNT, own),
                accountUsed == null ? Map.of() : Map.of(ACCOUNT, accountUsed), assetUsed);
    }

    /** An asset's policy with a 24h window, two approvers and a day to approve. */
    private static WithdrawalPolicyProperties asset(BigInteger max, BigInteger accountAmount, Integer accountCount,
                                                    BigInteger assetAmount, Integer assetCount, BigInteger threshold) {
        return new WithdrawalPolicyProperties(max, null, accountAmount, accountCount, assetAmount, assetCount, threshold,
                2, null);
    }

    private static PolicyLimit limitOf(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Refused.class);
        return ((Verdict.Refused) verdict).limit();
    }

    private static WindowUsage usage(long count, long amount) {
        return new WindowUsage(count, amount(amount));
    }

    private static BigInteger amount(long value) {
        return BigInteger.valueOf(value);
    }
}
