package io.cryptoassets.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.contracts.request.ReleaseHold;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.worker.testsupport.ChainFixture.CommandRun;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestDatabase;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code accounts show} and {@code accounts statement} on an account of the asset without a node,
 * whose withdrawals wait unsent: a deposit, a withdrawal and a transfer, read back now, at a
 * moment between them, and as a statement in text and CSV.
 */
class AccountsCommandIT extends ChainIntegrationTest {

    private static final String XBT = RequestTraffic.REPORTED_ASSET;

    private final JdbcClient admin = JdbcClient.create(TestDatabase.get().dataSource());
    private RequestTraffic reported;

    @BeforeEach
    void connectTheReportedAsset() {
        reported = RequestTraffic.reported(jdbc);
    }

    @AfterEach
    void disconnectTheReportedAsset() {
        reported.close();
    }

    @Test
    void showGivesTheBalanceNowAndAtAMomentBetweenEntries() throws InterruptedException {
        String account = RequestTraffic.account("shown");
        String payee = RequestTraffic.account("payee");
        reported.fundedAccount(payee, 0);
        reported.fundedAccount(account, 20_000);
        OffsetDateTime afterDeposit = databaseNow();
        withdraw(account, 7_000);
        transfer(account, payee, 2_000);

        CommandRun now = fixture.admin("accounts", "show", XBT, account);
        CommandRun then = fixture.admin("accounts", "show", XBT, account, "--at", afterDeposit.toString());
        CommandRun before = fixture.admin("accounts", "show", XBT, account, "--at", "2000-01-01");

        assertThat(now.exitCode()).as(now.err()).isZero();
        assertThat(now.out()).contains("XBT account " + account, "balance            11000",
                "unsent withdrawals 7000 in 1", "entries            3");
        assertThat(now.out().lines().filter(l -> l.matches("^[0-9]+ .*"))).hasSize(3);
        assertThat(now.out()).contains("-7000", "pending", "account " + payee, "-2000", "internal");
        assertThat(then.exitCode()).as(then.err()).isZero();
        assertThat(then.out()).contains("balance            20000  at", "entries            1 up to then");
        assertThat(then.out().lines().filter(l -> l.matches("^[0-9]+ .*"))).hasSize(1);
        assertThat(before.out()).contains("balance            0  at 2000-01-01T00:00Z", "entries            0");
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(11_000));
    }

    @Test
    void showGivesWhatTheOpenHoldsReserveNowAndAtAMoment() throws InterruptedException {
        String account = RequestTraffic.account("holding");
        reported.fundedAccount(account, 20_000);
        request(new PlaceHold(UUID.randomUUID(), XBT, account, "order:1", BigInteger.valueOf(5_000),
                Instant.parse("2100-01-01T00:00:00Z"), null));
        request(new PlaceHold(UUID.randomUUID(), XBT, account, "order:2", BigInteger.valueOf(3_000), null, null));
        OffsetDateTime bothOpen = databaseNow();
        request(new ReleaseHold(UUID.randomUUID(), XBT, account, "order:2"));

        CommandRun now = fixture.admin("accounts", "show", XBT, account);
        CommandRun then = fixture.admin("accounts", "show", XBT, account, "--at", bothOpen.toString());

        assertThat(now.exitCode()).as(now.err()).isZero();
        assertThat(now.out()).contains("balance            20000", "held               5000 in 1 open hold(s)",
                "available          15000", "order:1", "2100-01-01T00:00Z").doesNotContain("order:2");
        assertThat(then.out()).contains("balance            20000  at", "held               8000 in 2 open hold(s)",
                "available          12000", "order:1", "order:2");
    }

    @Test
    void statementListsThePeriodsEntriesWithOpeningAndClosingBalances() throws InterruptedException {
        String account = RequestTraffic.account("statement");
        String payee = RequestTraffic.account("payee");
        reported.fundedAccount(payee, 0);
        reported.fundedAccount(account, 50_000);
        OffsetDateTime afterDeposit = databaseNow();
        withdraw(account, 10_000);
        transfer(account, payee, 1_500);
        String tomorrow = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).toLocalDate().toString();

        CommandRun text = fixture.admin("accounts", "statement", XBT, account, "--from", afterDeposit.toString(),
                "--to", tomorrow);
        CommandRun csv = fixture.admin("accounts", "statement", XBT, account, "--from", "2000-01-01", "--to", tomorrow,
                "--format", "csv");

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("opening balance  50000", "credits          0", "debits           11500",
                "closing balance  38500", "entries          2");
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        List<String> rows = csv.out().lines().toList();
        assertThat(rows.get(0)).isEqualTo(
                "entry_id,created_at,amount,balance_after,transaction_id,type,state,counterparty,address,txid,label,reference");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1)).contains(",50000,50000,", ",deposit,credited,");
        assertThat(rows.get(2)).contains(",-10000,40000,", ",broadcast,pending,");
        assertThat(rows.get(3)).contains(",-1500,38500,", ",internal,internal," + payee + ",");
    }

    @Test
    void aStatementWhoseEntriesDoNotAddUpIsRefused() {
        String account = RequestTraffic.account("tampered");
        reported.fundedAccount(account, 8_000);
        // An entry whose balance_after does not follow from the one before: what a tampered or
        // broken ledger looks like. Entries can only be added, so the test adds one.
        long tampered = admin.sql("""
                        INSERT INTO xbt.ledger_entry (account_id, amount, balance_after) VALUES (:a, 1, 999999)
                        RETURNING id
                        """).param("a", account).query(Long.class).single();
        try {
            CommandRun run = fixture.admin("accounts", "statement", XBT, account, "--from", "2000-01-01", "--to", "2100-01-01");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(run.err()).contains("the entries do not add up: opening 0 + credits 8001 - debits 0 != closing 999999");
        } finally {
            // The ledger is shared with every later test that audits it: take the tampering back,
            // past the append-only trigger, as only a superuser can.
            admin.sql("""
                    DO $$ BEGIN
                        PERFORM set_config('session_replication_role', 'replica', true);
                        DELETE FROM xbt.ledger_entry WHERE id = %d;
                    END $$""".formatted(tampered)).update();
        }
    }

    @Test
    void refusesUnknownAccountsAndBadMoments() {
        CommandRun unknown = fixture.admin("accounts", "show", XBT, "nobody-" + UUID.randomUUID());
        CommandRun badMoment = fixture.admin("accounts", "show", XBT, "x", "--at", "yesterday");
        CommandRun backwards = fixture.admin("accounts", "statement", XBT, "x", "--from", "2025-02-01", "--to", "2025-01-01");
        CommandRun badFormat = fixture.admin("accounts", "statement", XBT, "x", "--from", "2025-01-01", "--to",
                "2025-02-01", "--format", "xml");
        CommandRun noAsset = fixture.admin("accounts", "show", "ZZZ", "x");

        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(unknown.err()).contains("UNKNOWN_ACCOUNT: XBT has no account nobody-");
        assertThat(badMoment.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badMoment.err()).contains("'yesterday' is not a moment");
        assertThat(backwards.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badFormat.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noAsset.exitCode()).isEqualTo(ExitCodes.REFUSED);
    }

    /** A moment after everything committed so far, by the database's clock, which stamps the entries. */
    private OffsetDateTime databaseNow() throws InterruptedException {
        OffsetDateTime now = admin.sql("SELECT clock_timestamp()").query(OffsetDateTime.class).single();
        Thread.sleep(5);
        return now;
    }

    private void withdraw(String account, long amount) {
        UUID id = UUID.randomUUID();
        reported.send(Topics.WITHDRAWAL_REQUESTS, null,
                new WithdrawalRequested(id, XBT, account, RequestTraffic.newAddress(), BigInteger.valueOf(amount), null, false));
        reported.awaitAnswered(List.of(id));
        assertThat(reported.outcome(id)).isEqualTo("ACCEPTED");
    }

    private void request(io.cryptoassets.contracts.request.Request request) {
        reported.send(Topics.ACCOUNT_REQUESTS, null, request);
        reported.awaitAnswered(List.of(request.requestId()));
        assertThat(reported.outcome(request.requestId())).isEqualTo("ACCEPTED");
    }

    private void transfer(String from, String to, long amount) {
        UUID id = UUID.randomUUID();
        reported.send(Topics.ACCOUNT_REQUESTS, null, new Transfer(id, XBT, from, to, BigInteger.valueOf(amount), null));
        reported.awaitAnswered(List.of(id));
        assertThat(reported.outcome(id)).isEqualTo("ACCEPTED");
    }
}
