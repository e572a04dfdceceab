package io.cryptoassets.worker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import org.junit.jupiter.api.Test;

/** The audit passes on the ledger the other tests leave behind, and names a balance that was tampered with. */
class AuditIT extends ChainIntegrationTest {

    @Test
    void aLedgerChangedOnlyByTheWorkerPasses() {
        String account = RequestTraffic.account("audited");
        traffic.fundedAccount(account, 9_000);
        fixture.withdraw(traffic, account, fixture.chain().anyAddress(), 4_000);

        ChainFixture.CommandRun audit = fixture.admin("audit");
        assertThat(audit.exitCode()).as(audit.out()).isZero();
        assertThat(audit.out()).contains("BTC", "ok   every balance equals the sum of its ledger entries", "audit passed")
                .doesNotContain("FAIL");
    }

    @Test
    void aBalanceChangedBehindTheLedgersBackFailsTheAudit() {
        String account = RequestTraffic.account("tampered");
        traffic.fundedAccount(account, 1_000);
        jdbc.sql("UPDATE btc.account SET balance = balance + 1 WHERE account_id = :id").param("id", account).update();
        try {
            ChainFixture.CommandRun audit = fixture.admin("audit");
            assertThat(audit.exitCode()).isEqualTo(1);
            assertThat(audit.out())
                    .contains("FAIL every balance equals the sum of its ledger entries")
                    .contains("account " + account + ": balance 1001, entries sum to 1000")
                    .contains("FAIL balances add up")
                    .contains("audit FAILED");
        } finally {
            jdbc.sql("UPDATE btc.account SET balance = balance - 1 WHERE account_id = :id").param("id", account).update();
        }
        assertThat(fixture.admin("audit").exitCode()).isZero();
    }
}
