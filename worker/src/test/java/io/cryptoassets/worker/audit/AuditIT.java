package io.cryptoassets.worker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit passes on the ledger the other tests leave behind, names a balance or a ledger entry
 * that was tampered with and a credited deposit the node does not know, and fails with exit 4 when
 * the node is down.
 */
class AuditIT extends ChainIntegrationTest {

    @Test
    void aLedgerChangedOnlyByTheWorkerPasses() {
        String account = RequestTraffic.account("audited");
        traffic.fundedAccount(account, 9_000);
        UUID withdrawal = fixture.withdraw(traffic, account, fixture.chain().anyAddress(), 4_000);
        fixture.awaitState(withdrawal, "broadcasted"); // its fee is an entry of the network-fee account's chain

        ChainFixture.CommandRun audit = fixture.admin("audit");
        assertThat(audit.exitCode()).as(audit.out()).isZero();
        assertThat(audit.out()).contains("BTC", "ok   every balance equals the sum of its ledger entries",
                        "ok   every ledger entry is on its account's hash chain",
                        "ok   every account's chain head is the hash of its last ledger entry", "audit passed")
                .contains("ok   every credited deposit is on the node with its address, amount and confirmations",
                        "ok   every sent broadcast is known to the node",
                        "ok   no sent broadcast's fee is unknown past the fee grace")
                .doesNotContain("FAIL");
        assertThat(jdbc.sql("SELECT count(*) FROM btc.ledger_entry WHERE account_id = :id AND octet_length(hash) = 32")
                .param("id", account).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM btc.ledger_entry e JOIN btc.network_transaction n ON n.id = e.network_transaction_id
                WHERE n.id = (SELECT network_transaction_id FROM btc.transaction WHERE request_id = :withdrawal)
                  AND e.hash IS NOT NULL
                """).param("withdrawal", withdrawal).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anEntryEditedWithTheTriggersDisabledIsNamed() throws SQLException {
        String account = RequestTraffic.account("rewritten");
        traffic.fundedAccount(account, 5_000);
        fixture.withdraw(traffic, account, fixture.chain().anyAddress(), 1_000);
        long deposit = jdbc.sql("SELECT min(id) FROM btc.ledger_entry WHERE account_id = :id").param("id", account)
                .query(Long.class).single();

        // What a superuser can do: the append-only triggers do not fire in replication mode. Only
        // the entry's time changes, which no balance check sees.
        String shift = "UPDATE btc.ledger_entry SET created_at = created_at %s interval '1 second' WHERE id = " + deposit;
        asSuperuserWithoutTriggers(shift.formatted("+"));
        try {
            ChainFixture.CommandRun audit = fixture.admin("audit");
            assertThat(audit.exitCode()).as(audit.out()).isEqualTo(1);
            assertThat(audit.out())
                    .contains("FAIL every ledger entry is on its account's hash chain")
                    .contains("account " + account + ": ledger entry " + deposit + " does not match its content")
                    .contains("ok   every balance equals the sum of its ledger entries")
                    .contains("audit FAILED");
        } finally {
            asSuperuserWithoutTriggers(shift.formatted("-"));
        }
        assertThat(fixture.admin("audit").exitCode()).isZero();
    }

    @Test
    void heldThatIsNotWhatTheOpenHoldsReserveIsNamed() {
        String account = RequestTraffic.account("holding");
        traffic.fundedAccount(account, 9_000);
        UUID place = UUID.randomUUID();
        traffic.send(Topics.ACCOUNT_REQUESTS, null, new PlaceHold(place, RequestTraffic.ASSET, account, "order:1",
                BigInteger.valueOf(4_000), null, null));
        traffic.awaitAnswered(List.of(place));
        assertThat(traffic.outcome(place)).isEqualTo("ACCEPTED");
        assertThat(fixture.admin("audit").out())
                .contains("ok   every account holds what its open holds reserve, within its balance",
                        "ok   holds change no balance, and each captured one names its payment");

        jdbc.sql("UPDATE btc.account SET held = held + 1 WHERE account_id = :id").param("id", account).update();
        try {
            ChainFixture.CommandRun audit = fixture.admin("audit");
            assertThat(audit.exitCode()).as(audit.out()).isEqualTo(1);
            assertThat(audit.out())
                    .contains("FAIL every account holds what its open holds reserve, within its balance")
                    .contains("account " + account + ": held 4001, open holds sum to 4000, balance 9000");
        } finally {
            jdbc.sql("UPDATE btc.account SET held = held - 1 WHERE account_id = :id").param("id", account).update();
        }
        assertThat(fixture.admin("audit").exitCode()).isZero();
    }

    private static void asSuperuserWithoutTriggers(String sql) throws SQLException {
        TestDatabase database = TestDatabase.get();
        // A connection of its own: replication mode must not stay on a pooled session.
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            assertThat(statement.executeUpdate(sql)).as(sql).isEqualTo(1);
        }
    }

    @Test
    void aRefundOfAFailedWithdrawalPassesAndASecondOneIsNamed() throws SQLException {
        String account = RequestTraffic.account("refunded");
        traffic.fundedAccount(account, 10_000);
        long failed;
        fixture.chain().dustThreshold(BigInteger.valueOf(5_000)); // 2_000 passes the worker, not the node
        try {
            UUID withdrawal = fixture.withdraw(traffic, account, fixture.chain().anyAddress(), 2_000);
            fixture.awaitState(withdrawal, "failed");
            failed = transactionOf(withdrawal);
        } finally {
            fixture.chain().dustThreshold(SimulatedChain.DEFAULT_DUST_THRESHOLD);
        }
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(10_000));
        ChainFixture.CommandRun clean = fixture.admin("audit");
        assertThat(clean.exitCode()).as(clean.out()).isZero();
        assertThat(clean.out()).contains("ok   every failed or cancelled withdrawal is refunded exactly once, and no other");

        assertRefundNamed(failed, "withdrawal " + failed + " (failed, 2000): 2 refund(s) totalling 4000");
    }

    @Test
    void aRefundOfASentWithdrawalIsNamed() throws SQLException {
        String account = RequestTraffic.account("sent-refunded");
        traffic.fundedAccount(account, 10_000);
        UUID withdrawal = fixture.withdraw(traffic, account, fixture.chain().anyAddress(), 3_000);
        fixture.awaitState(withdrawal, "broadcasted");
        long sent = transactionOf(withdrawal);

        assertRefundNamed(sent, "withdrawal " + sent + " (broadcasted, 3000): 1 refund(s) totalling 3000");
    }

    /** A refund entry added behind the worker's back is named by the audit; then it is taken out again. */
    private void assertRefundNamed(long withdrawal, String line) throws SQLException {
        String refund = """
                INSERT INTO btc.ledger_entry (account_id, transaction_id, amount, balance_after, created_at)
                SELECT account_id, id, amount, amount, now() FROM btc.transaction WHERE id = %d
                """.formatted(withdrawal);
        asSuperuserWithoutTriggers(refund);
        try {
            ChainFixture.CommandRun audit = fixture.admin("audit");
            assertThat(audit.exitCode()).as(audit.out()).isEqualTo(1);
            assertThat(audit.out())
                    .contains("FAIL every failed or cancelled withdrawal is refunded exactly once, and no other")
                    .contains(line);
        } finally {
            asSuperuserWithoutTriggers("DELETE FROM btc.ledger_entry WHERE id = (SELECT max(id) FROM btc.ledger_entry "
                    + "WHERE transaction_id = " + withdrawal + " AND amount > 0)");
        }
        assertThat(fixture.admin("audit").exitCode()).isZero();
    }

    private long transactionOf(UUID withdrawal) {
        return jdbc.sql("SELECT id FROM btc.transaction WHERE request_id = :id").param("id", withdrawal)
                .query(Long.class).single();
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
