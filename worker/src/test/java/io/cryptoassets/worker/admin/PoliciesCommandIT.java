package io.cryptoassets.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.testsupport.ChainFixture.CommandRun;
import io.cryptoassets.worker.testsupport.PolicyAssetIntegrationTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code policies show} and {@code policies set} on the worker's context, against the policy test asset. */
class PoliciesCommandIT extends PolicyAssetIntegrationTest {

    @Test
    void setThenShowGivesEachLimitItsSourceAndTheWindowsUsage() {
        String account = RequestTraffic.account("shown");
        policyAsset.fundedAccount(account, 50_000);
        String allowed = RequestTraffic.newAddress();
        assertThat(policyAsset.outcome(withdraw(account, allowed, 4_000))).isEqualTo("ACCEPTED");

        CommandRun set = fixture.admin("policies", "set", account, "--asset", XPL, "--window-amount", "20000",
                "--window-count", "5", "--allow", allowed, "--by", "alice");
        CommandRun show = fixture.admin("policies", "show", "--asset", XPL, account);

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("XPL policy of account " + account + " changed");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("XPL withdrawal policy of account " + account + "; window 24h, 2 approvals within 24h");
        assertThat(line(show, "max-per-withdrawal")).containsSubsequence("1000000", "asset");
        assertThat(line(show, "account-window-amount")).containsSubsequence("20000", "account", "4000");
        assertThat(line(show, "account-window-count")).containsSubsequence("5", "account", "1");
        assertThat(line(show, "asset-window-amount")).containsSubsequence("none", "-");
        assertThat(line(show, "approval-threshold")).containsSubsequence("500000", "asset");
        assertThat(line(show, "allowed-destinations")).containsSubsequence(allowed, "account");
        assertThat(show.out()).contains("Latest changes:", "by alice: (none) -> ", "\"window-amount\": \"20000\"");
    }

    @Test
    void noneGivesTheValueBackToTheAssetAndAllowAnyLiftsTheList() {
        String account = RequestTraffic.account("reset");
        policyAsset.fundedAccount(account, 0);
        assertThat(fixture.admin("policies", "set", account, "--asset", XPL, "--max-per-withdrawal", "7000",
                "--approval-threshold", "6000", "--allow", RequestTraffic.newAddress(), RequestTraffic.newAddress()).exitCode()).isZero();

        CommandRun reset = fixture.admin("policies", "set", account, "--asset", XPL, "--max-per-withdrawal", "none",
                "--allow-any", "--by", "bob");
        CommandRun show = fixture.admin("policies", "show", "--asset", XPL, account);

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(line(show, "max-per-withdrawal")).containsSubsequence("1000000", "asset");
        assertThat(line(show, "approval-threshold")).containsSubsequence("6000", "account");
        assertThat(line(show, "allowed-destinations")).containsSubsequence("any", "-");
        List<Map<String, Object>> history = jdbc.sql("""
                        SELECT changed_by, before->>'max-per-withdrawal' AS max_before, after->>'max-per-withdrawal' AS max_after,
                               jsonb_typeof(after->'allowed-destinations') AS allowed_after
                        FROM xpl.account_policy_change WHERE account_id = :id ORDER BY id
                        """).param("id", account).query().listOfRows();
        assertThat(history).hasSize(2);
        assertThat(history.get(1)).containsEntry("changed_by", "bob").containsEntry("max_before", "7000")
                .containsEntry("max_after", null).containsEntry("allowed_after", "null");
        assertThat(jdbc.sql("SELECT max_per_withdrawal IS NULL AND allowed_destinations IS NULL FROM xpl.account_policy"
                + " WHERE account_id = :id").param("id", account).query(Boolean.class).single()).isTrue();
        assertThatThrownBy(() -> jdbc.sql("UPDATE xpl.account_policy_change SET changed_by = 'mallory' WHERE account_id = :id")
                .param("id", account).update()).rootCause().hasMessageContaining("permission denied");
    }

    @Test
    void showWithoutAnAccountGivesTheAssetsDefaults() {
        CommandRun show = fixture.admin("policies", "show", "--asset", XPL);

        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("XPL withdrawal policy of the asset");
        assertThat(line(show, "max-per-withdrawal")).containsSubsequence("1000000", "asset");
        assertThat(line(show, "account-window-amount")).containsSubsequence("none", "-");
        assertThat(line(show, "asset-window-count")).containsPattern("none +- +[0-9]+");
    }

    @Test
    void anUnknownAccountOrAnInvalidAddressIsRefusedAndNothingChanges() {
        String account = RequestTraffic.account("refused");
        policyAsset.fundedAccount(account, 0);

        CommandRun unknown = fixture.admin("policies", "set", "no-such-account", "--asset", XPL, "--window-count", "1");
        CommandRun unknownShow = fixture.admin("policies", "show", "--asset", XPL, "no-such-account");
        CommandRun invalid = fixture.admin("policies", "set", account, "--asset", XPL, "--allow",
                RequestTraffic.newAddress(), "not-an-address");
        CommandRun nothing = fixture.admin("policies", "set", account, "--asset", XPL);
        CommandRun badAmount = fixture.admin("policies", "set", account, "--asset", XPL, "--window-amount", "-5");
        CommandRun both = fixture.admin("policies", "set", account, "--asset", XPL, "--allow-any", "--allow",
                RequestTraffic.newAddress());
        CommandRun otherAsset = fixture.admin("policies", "show", "--asset", "ZZZ");

        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(unknown.err()).contains("refused: UNKNOWN_ACCOUNT: account no-such-account does not exist for XPL");
        assertThat(unknownShow.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(invalid.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(invalid.err()).contains("--allow: 'not-an-address' is not a valid XPL address");
        assertThat(nothing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(nothing.err()).contains("nothing to change");
        assertThat(badAmount.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badAmount.err()).contains("--window-amount takes a whole amount in the smallest unit, at least 1, or 'none'");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(otherAsset.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(jdbc.sql("SELECT count(*) FROM xpl.account_policy WHERE account_id = :id").param("id", account)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM xpl.account_policy_change WHERE account_id = :id").param("id", account)
                .query(Long.class).single()).isZero();
    }

    private static String line(CommandRun run, String limit) {
        return run.out().lines().filter(l -> l.startsWith(limit + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + limit + " in:\n" + run.out()));
    }
}
