package io.cryptoassets.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.testsupport.ChainFixture.CommandRun;
import io.cryptoassets.worker.testsupport.ReportedAssetTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code withdrawals list} and {@code withdrawals cancel} on the worker's context. Withdrawals of
 * the asset without a node are never sent, so they wait as long as a test needs; a sent one goes
 * through the simulated BTC chain.
 */
class WithdrawalsCommandIT extends ReportedAssetTest {


    private final List<Long> broadcasts = new ArrayList<>();

    @AfterEach
    void removeTheBroadcastsWrittenByHand() {
        for (long broadcast : broadcasts) {
            admin.sql("UPDATE xbt.transaction SET network_transaction_id = NULL WHERE network_transaction_id = :b")
                    .param("b", broadcast).update();
            admin.sql("DELETE FROM xbt.network_transaction WHERE id = :b").param("b", broadcast).update();
        }
    }

    @Test
    void cancelRefundsAPendingWithdrawalAndSaysWhoCancelledIt() {
        String account = RequestTraffic.account("operator");
        reported.fundedAccount(account, 20_000);
        long id = withdraw(account, 7_000);

        CommandRun run = fixture.admin("withdrawals", "cancel", Long.toString(id), "--asset", XBT, "--reason", "customer asked");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("XBT withdrawal " + id + " cancelled; 7000 refunded to account " + account);
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(20_000));
        assertThat(reported.entrySum(account)).isEqualTo(BigInteger.valueOf(20_000));
        assertThat(admin.sql("SELECT state FROM xbt.transaction WHERE id = :id").param("id", id).query(String.class).single())
                .isEqualTo("cancelled");
        TxUpdate update = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.txUpdates(account).stream()
                .filter(u -> u.transactionId() == id && u.state() == TxState.CANCELLED).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(update.detail()).isEqualTo("cancelled by operator: customer asked");
        assertThat(update.credited()).isFalse();

        CommandRun again = fixture.admin("withdrawals", "cancel", Long.toString(id), "--asset", XBT);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("refused: WITHDRAWAL_ENDED: withdrawal " + id + " already ended cancelled");
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(20_000));
    }

    @Test
    void cancelTakesAWithdrawalOutOfABroadcastNothingWasAskedOfYet() {
        String account = RequestTraffic.account("grouped");
        reported.fundedAccount(account, 9_000);
        long id = withdraw(account, 4_000);
        long broadcast = groupInto(id, "grouped");

        CommandRun run = fixture.admin("withdrawals", "cancel", Long.toString(id), "--asset", XBT);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(admin.sql("SELECT count(*) FROM xbt.transaction WHERE network_transaction_id = :b")
                .param("b", broadcast).query(Long.class).single()).isZero();
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(9_000));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.txUpdates(account).stream()
                .anyMatch(u -> u.transactionId() == id && "cancelled by operator".equals(u.detail())));
    }

    @Test
    void cancelRefusesWhatCannotBeTakenBackAndSaysWhy() {
        String account = RequestTraffic.account("refused");
        reported.fundedAccount(account, 30_000);
        long signing = withdraw(account, 5_000);
        long broadcast = groupInto(signing, "signing");
        String payee = reported.fundedAccount(RequestTraffic.account("payee"), 0);
        long internal = transactionOf(send(account, payee, 2_000));

        CommandRun inTheNodesHands = fixture.admin("withdrawals", "cancel", Long.toString(signing), "--asset", XBT);
        CommandRun unknown = fixture.admin("withdrawals", "cancel", "9000000000000", "--asset", XBT);
        CommandRun settled = fixture.admin("withdrawals", "cancel", Long.toString(internal), "--asset", XBT);
        CommandRun otherAsset = fixture.admin("withdrawals", "cancel", "1", "--asset", "ZZZ");

        assertThat(inTheNodesHands.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(inTheNodesHands.err()).contains("ALREADY_BROADCAST: withdrawal " + signing + " is in broadcast " + broadcast + ", which is signing");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(unknown.err()).contains("UNKNOWN_WITHDRAWAL: XBT has no withdrawal 9000000000000");
        assertThat(settled.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(settled.err()).contains("WITHDRAWAL_ENDED: ", "settled at once");
        assertThat(otherAsset.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(otherAsset.err()).contains("asset ZZZ is not configured");
        assertThat(reported.balance(account)).isEqualTo(BigInteger.valueOf(23_000));
        assertThat(admin.sql("SELECT state FROM xbt.transaction WHERE id = :id").param("id", signing)
                .query(String.class).single()).isEqualTo("pending");
    }

    @Test
    void cancelRefusesASentWithdrawal() {
        String account = RequestTraffic.account("sent");
        traffic.fundedAccount(account, 50_000);
        fixture.awaitIdle();
        UUID withdrawal = fixture.withdraw(traffic, account, fixture.chain().anyAddress(), 3_000);
        fixture.awaitState(withdrawal, "broadcasted");
        long id = transactionOf(withdrawal);

        CommandRun run = fixture.admin("withdrawals", "cancel", Long.toString(id), "--asset", "BTC");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("ALREADY_BROADCAST: withdrawal " + id + " was already broadcast as ");
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(47_000));
    }

    @Test
    void listShowsWithdrawalsWithTheirBroadcastAndFiltersByState() {
        String account = RequestTraffic.account("listed");
        reported.fundedAccount(account, 30_000);
        long waiting = withdraw(account, 6_000);
        long grouped = withdraw(account, 5_000);
        long broadcast = groupInto(grouped, "grouped");
        long cancelled = withdraw(account, 4_000);
        assertThat(fixture.admin("withdrawals", "cancel", Long.toString(cancelled), "--asset", XBT).exitCode()).isZero();

        CommandRun all = fixture.admin("withdrawals", "list", "--asset", XBT, "--limit", "20");
        CommandRun onlyCancelled = fixture.admin("withdrawals", "list", "--asset", XBT, "--state", "cancelled");

        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("ID", "ACCOUNT", "ADDRESS", "AMOUNT", "STATE", "BROADCAST", "AGE");
        assertThat(line(all, waiting)).contains(account, "6000", "pending", " - ");
        assertThat(line(all, grouped)).contains(account, "5000", "pending", broadcast + " grouped");
        assertThat(line(all, cancelled)).contains(account, "4000", "cancelled");
        assertThat(line(all, waiting)).containsPattern(" [0-9]+[smhd]");
        assertThat(line(onlyCancelled, cancelled)).contains(account, "4000", "cancelled");
        assertThat(onlyCancelled.out().lines().skip(1)).isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains(" cancelled "));
    }

    @Test
    void listRefusesAStateThatIsNotOneAndAnAssetThatIsNotConfigured() {
        CommandRun badState = fixture.admin("withdrawals", "list", "--asset", XBT, "--state", "grouped");
        CommandRun badAsset = fixture.admin("withdrawals", "list", "--asset", "ZZZ");
        CommandRun badLimit = fixture.admin("withdrawals", "list", "--asset", XBT, "--limit", "0");

        assertThat(badState.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badState.err()).contains("--state must be one of awaiting_approval, broadcasted, cancelled, failed, pending");
        assertThat(badAsset.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(badLimit.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fixture.admin("withdrawals", "cancel", XBT).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fixture.admin("withdrawals", "cancel", "not-a-number", "--asset", XBT).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void agesAreShortAndReadable() {
        assertThat(WithdrawalsCommand.age(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(WithdrawalsCommand.age(Duration.ofMinutes(12).plusSeconds(59))).isEqualTo("12m");
        assertThat(WithdrawalsCommand.age(Duration.ofHours(3).plusMinutes(5))).isEqualTo("3h05m");
        assertThat(WithdrawalsCommand.age(Duration.ofDays(2).plusHours(4))).isEqualTo("2d04h");
    }

    private static String line(CommandRun run, long id) {
        return run.out().lines().filter(l -> l.startsWith(id + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + id + " in:\n" + run.out()));
    }

    private long withdraw(String account, long amount) {
        UUID id = send(account, RequestTraffic.newAddress(), amount);
        assertThat(reported.outcome(id)).isEqualTo("ACCEPTED");
        return transactionOf(id);
    }

    private UUID send(String account, String to, long amount) {
        UUID id = UUID.randomUUID();
        reported.send(Topics.WITHDRAWAL_REQUESTS, null,
                new WithdrawalRequested(id, XBT, account, to, BigInteger.valueOf(amount), null, false));
        reported.awaitAnswered(List.of(id));
        return id;
    }

    private long transactionOf(UUID request) {
        return ContractJson.mapper().readValue(jdbc.sql(
                        "SELECT result::text FROM cryptoassets.processed_request WHERE request_id = :id")
                .param("id", request).query(String.class).single(), RequestResult.class).transactionId();
    }

    /** Puts a withdrawal into a new broadcast in {@code state}, as the broadcaster would have. */
    private long groupInto(long transaction, String state) {
        long broadcast = admin.sql("""
                        INSERT INTO xbt.network_transaction (type, state, claimed_at)
                        VALUES ('broadcast', :state, CASE WHEN :state = 'signing' THEN now() END)
                        RETURNING id
                        """).param("state", state).query(Long.class).single();
        broadcasts.add(broadcast);
        admin.sql("UPDATE xbt.transaction SET network_transaction_id = :b WHERE id = :id")
                .param("b", broadcast).param("id", transaction).update();
        return broadcast;
    }
}
