package io.cryptoassets.worker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import io.cryptoassets.worker.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit passes on the ledger the other tests leave behind, names a balance that was tampered
 * with and a credited deposit the node does not know, and fails with exit 4 when the node is down.
 */
class AuditIT extends ChainIntegrationTest {

    @Test
    void aLedgerChangedOnlyByTheWorkerPasses() {
        String account = RequestTraffic.account("audited");
        traffic.fundedAccount(account, 9_000);
        fixture.withdraw(traffic, account, fixture.chain().anyAddress(), 4_000);

        ChainFixture.CommandRun audit = fixture.admin("audit");
        assertThat(audit.exitCode()).as(audit.out()).isZero();
        assertThat(audit.out()).contains("BTC", "ok   every balance equals the sum of its ledger entries", "audit passed")
                .contains("ok   every credited deposit is on the node with its address, amount and confirmations",
                        "ok   every sent broadcast is known to the node",
                        "ok   no sent broadcast's fee is unknown past the fee grace")
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

    @Test
    void aCreditedDepositTheNodeDoesNotKnowFailsTheAudit() {
        String account = RequestTraffic.account("unbacked");
        String address = traffic.fundedAccount(account, 0);
        String txid = RequestTraffic.txid();
        // Behind the worker's back, as the database owner. (Without its ledger entry, since entries
        // cannot be deleted afterwards: the sums fail too, which is not what this test is about.)
        JdbcClient owner = JdbcClient.create(TestDatabase.get().dataSource());
        long id = owner.sql("""
                INSERT INTO btc.transaction (type, state, account_id, address, amount, txid, vout, confirmations, credited)
                VALUES ('deposit', 'credited', :a, :address, 700, :t, 0, 5, true) RETURNING id
                """).param("a", account).param("address", address).param("t", txid).query(Long.class).single();
        try {
            ChainFixture.CommandRun audit = fixture.admin("audit");
            assertThat(audit.exitCode()).as(audit.out() + audit.err()).isEqualTo(1);
            assertThat(audit.out())
                    .contains("FAIL every credited deposit is on the node with its address, amount and confirmations")
                    .contains("deposit " + txid + ":0 (transaction " + id + ", account " + account
                            + "): the node does not know " + txid)
                    .contains("audit FAILED");
        } finally {
            owner.sql("DELETE FROM btc.transaction WHERE id = :id").param("id", id).update();
        }
        assertThat(fixture.admin("audit").exitCode()).isZero();
    }

    @Test
    void aNodeThatDoesNotAnswerFailsTheAuditAsUnavailable() {
        traffic.fundedAccount(RequestTraffic.account("unasked"), 1_000);
        fixture.chain().faults().down(true);
        try {
            ChainFixture.CommandRun audit = fixture.admin("audit");
            assertThat(audit.exitCode()).as(audit.out() + audit.err()).isEqualTo(4);
            assertThat(audit.err()).contains("simulated node is down");
        } finally {
            fixture.chain().faults().down(false);
        }
    }
}
