package io.cryptoassets.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.result.PolicyLimit;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.worker.testsupport.ChainFixture.CommandRun;
import io.cryptoassets.worker.testsupport.PolicyAssetIntegrationTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Policies through the request topics of the policy asset: changes apply from the next batch and never to a withdrawal
 * already decided, the allow-list holds for internal destinations too, and a refusal names its limit.
 */
class PolicyChangeIT extends PolicyAssetIntegrationTest {

    @Test
    void tighteningAWindowRefusesTheNextWithdrawalAndLeavesAcceptedOnesAlone() {
        String account = RequestTraffic.account("tightened");
        policyAsset.fundedAccount(account, 100_000);
        set(account, "--window-amount", "10000");
        List<UUID> accepted = List.of(withdraw(account, RequestTraffic.newAddress(), 3_000),
                withdraw(account, RequestTraffic.newAddress(), 3_000), withdraw(account, RequestTraffic.newAddress(), 3_000));
        assertThat(accepted).allSatisfy(id -> assertThat(policyAsset.outcome(id)).isEqualTo("ACCEPTED"));

        set(account, "--window-amount", "5000");
        UUID refused = withdraw(account, RequestTraffic.newAddress(), 1_000);

        assertThat(accepted).allSatisfy(id -> assertThat(state(id)).isEqualTo("pending"));
        assertThat(policyAsset.balance(account)).isEqualTo(BigInteger.valueOf(91_000));
        RequestResult result = publishedResult(refused);
        assertThat(result.reason()).isEqualTo(ReasonCode.LIMIT_EXCEEDED);
        assertThat(result.limit()).isEqualTo(PolicyLimit.ACCOUNT_WINDOW_AMOUNT);
        assertThat(result.detail()).isEqualTo("account-window-amount: 9000 sent in the last 24h plus 1000 exceeds 5000");

        set(account, "--window-amount", "none");
        assertThat(policyAsset.outcome(withdraw(account, RequestTraffic.newAddress(), 1_000))).isEqualTo("ACCEPTED");
    }

    @Test
    void aHeldWithdrawalStaysHeldWhenTheThresholdIsRaised() {
        String account = RequestTraffic.account("held");
        policyAsset.fundedAccount(account, 2_000_000);
        UUID held = withdraw(account, RequestTraffic.newAddress(), 600_000);
        assertThat(policyAsset.outcome(held)).isEqualTo("ACCEPTED");
        assertThat(state(held)).isEqualTo("awaiting_approval");

        set(account, "--approval-threshold", "1000000");
        UUID next = withdraw(account, RequestTraffic.newAddress(), 600_000);

        assertThat(state(held)).isEqualTo("awaiting_approval");
        assertThat(policyAsset.outcome(next)).isEqualTo("ACCEPTED");
        assertThat(state(next)).isEqualTo("pending");
        assertThat(policyAsset.balance(account)).isEqualTo(BigInteger.valueOf(800_000));
    }

    @Test
    void theAllowListRefusesOtherDestinationsIncludingAnotherAccountsAddress() {
        String account = RequestTraffic.account("listed");
        String payee = RequestTraffic.account("payee");
        String allowed = RequestTraffic.newAddress();
        policyAsset.fundedAccount(account, 50_000);
        String payeeAddress = policyAsset.fundedAccount(payee, 0);
        set(account, "--allow", allowed);

        UUID outside = withdraw(account, RequestTraffic.newAddress(), 1_000);
        UUID internal = withdraw(account, payeeAddress, 1_000);
        UUID listed = withdraw(account, allowed, 1_000);

        assertThat(policyAsset.outcome(outside)).isEqualTo("REJECTED:DESTINATION_NOT_ALLOWED");
        assertThat(policyAsset.outcome(internal)).isEqualTo("REJECTED:DESTINATION_NOT_ALLOWED");
        assertThat(publishedResult(internal).limit()).isNull();
        assertThat(policyAsset.outcome(listed)).isEqualTo("ACCEPTED");
        assertThat(policyAsset.balance(payee)).isZero();

        set(account, "--allow", allowed, payeeAddress);
        assertThat(policyAsset.outcome(withdraw(account, payeeAddress, 1_000))).isEqualTo("ACCEPTED");
        assertThat(policyAsset.balance(payee)).isEqualTo(BigInteger.valueOf(1_000));
    }

    @Test
    void theAssetsMaximumHoldsForInternalDestinationsAndTheRefusalNamesIt() {
        String account = RequestTraffic.account("large");
        String payee = RequestTraffic.account("payee");
        policyAsset.fundedAccount(account, 3_000_000);
        String payeeAddress = policyAsset.fundedAccount(payee, 0);
        BigInteger overMaximum = RequestTraffic.POLICY_MAX.add(BigInteger.ONE);

        UUID external = withdraw(account, RequestTraffic.newAddress(), overMaximum.longValueExact());
        UUID internal = withdraw(account, payeeAddress, overMaximum.longValueExact());

        for (UUID id : List.of(external, internal)) {
            RequestResult result = publishedResult(id);
            assertThat(result.reason()).isEqualTo(ReasonCode.LIMIT_EXCEEDED);
            assertThat(result.limit()).isEqualTo(PolicyLimit.MAX_PER_WITHDRAWAL);
            assertThat(result.detail()).isEqualTo("max-per-withdrawal: 1000001 exceeds 1000000");
        }
        // Settled inside the ledger: never held for approval, however large.
        UUID settled = withdraw(account, payeeAddress, RequestTraffic.POLICY_MAX.longValueExact());
        assertThat(policyAsset.outcome(settled)).isEqualTo("ACCEPTED");
        assertThat(state(settled)).isEqualTo("internal");
        assertThat(policyAsset.balance(account)).isEqualTo(BigInteger.valueOf(2_000_000));
    }

    private void set(String account, String... options) {
        String[] args = new String[4 + options.length];
        args[0] = "policies";
        args[1] = "set";
        args[2] = account;
        args[3] = "--asset=" + XPL;
        System.arraycopy(options, 0, args, 4, options.length);
        CommandRun run = fixture.admin(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private String state(UUID request) {
        return jdbc.sql("SELECT state FROM xpl.transaction WHERE request_id = :id").param("id", request)
                .query(String.class).single();
    }

    private RequestResult publishedResult(UUID id) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.results(id), r -> !r.isEmpty()).get(0);
    }
}
