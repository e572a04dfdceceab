package io.cryptoassets.worker.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.chain.simulated.ChainCall;
import io.cryptoassets.worker.chain.simulated.Fault;
import io.cryptoassets.worker.chain.simulated.SimulatedSend;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Cancels racing the broadcaster on the simulated chain. Withdrawals are produced one after
 * another while the broadcaster groups and sends them, and each one's cancel follows it after a
 * random pause, so cancels meet withdrawals that are still waiting, grouped, being sent and sent.
 * The node answers sends slowly, so many cancels arrive while a broadcast is in its hands.
 * Whatever the timing, each withdrawal ends exactly once: cancelled and refunded, or sent; and each
 * account's balance is what its results say it should be.
 */
class CancelRaceIT extends ChainIntegrationTest {

    private static final int ACCOUNTS = 4;
    private static final int WITHDRAWALS = 240;
    private static final long FUNDING = 1_000_000;
    private static final Duration PRODUCED_EVERY = Duration.ofMillis(5);
    private static final int LONGEST_PAUSE_BEFORE_CANCEL_MILLIS = 1_500;
    private static final int SLOW_SENDS = 40;
    private static final Duration SEND_TAKES = Duration.ofMillis(250);

    record Race(UUID withdrawal, UUID cancel, String account, String address, long amount) {
    }

    @Test
    void everyWithdrawalIsEitherCancelledAndRefundedOrSentNeverBothNeverNeither() throws InterruptedException {
        fixture.awaitIdle();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> accounts = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            String account = RequestTraffic.account("race");
            traffic.fundedAccount(account, FUNDING);
            accounts.add(account);
        }
        List<Race> races = new ArrayList<>();
        for (int i = 0; i < WITHDRAWALS; i++) {
            races.add(new Race(UUID.randomUUID(), UUID.randomUUID(), accounts.get(i % ACCOUNTS),
                    fixture.chain().anyAddress(), 1_000 + 10L * i));
        }

        for (int i = 0; i < SLOW_SENDS; i++) {
            fixture.chain().faults().next(ChainCall.SEND, Fault.slow(SEND_TAKES));
        }
        // One producing thread: a cancel never overtakes its withdrawal, as both share the account's key.
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < races.size(); i++) {
                Race race = races.get(i);
                long at = i * PRODUCED_EVERY.toMillis();
                producer.schedule(() -> traffic.send(Topics.WITHDRAWAL_REQUESTS, null, new WithdrawalRequested(
                        race.withdrawal(), RequestTraffic.ASSET, race.account(), race.address(),
                        BigInteger.valueOf(race.amount()), null, false)), at, TimeUnit.MILLISECONDS);
                producer.schedule(() -> traffic.send(Topics.WITHDRAWAL_REQUESTS, null, CancelWithdrawal.ofRequest(
                                race.cancel(), RequestTraffic.ASSET, race.account(), race.withdrawal())),
                        at + random.nextInt(LONGEST_PAUSE_BEFORE_CANCEL_MILLIS), TimeUnit.MILLISECONDS);
            }
        } finally {
            producer.shutdown();
            assertThat(producer.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        traffic.awaitAnswered(races.stream().flatMap(r -> Stream.of(r.withdrawal(), r.cancel())).toList());
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> races.stream().allMatch(r -> !fixture.state(r.withdrawal()).equals("pending")));

        Map<String, Long> expectedBalances = new HashMap<>();
        accounts.forEach(account -> expectedBalances.put(account, FUNDING));
        int cancelled = 0;
        int sent = 0;
        for (Race race : races) {
            String seedAndRace = "seed " + seed + ", withdrawal of " + race.amount();
            assertThat(traffic.outcome(race.withdrawal())).as(seedAndRace).isEqualTo("ACCEPTED");
            String cancelOutcome = traffic.outcome(race.cancel());
            List<SimulatedSend> sends = fixture.sendsTo(race.address());
            List<BigDecimal> refunds = refunds(race);
            if (cancelOutcome.equals("ACCEPTED")) {
                cancelled++;
                assertThat(fixture.state(race.withdrawal())).as(seedAndRace).isEqualTo("cancelled");
                assertThat(sends).as(seedAndRace).isEmpty();
                assertThat(refunds).as(seedAndRace).containsExactly(BigDecimal.valueOf(race.amount()));
            } else {
                sent++;
                assertThat(cancelOutcome).as(seedAndRace).isEqualTo("REJECTED:ALREADY_BROADCAST");
                assertThat(fixture.state(race.withdrawal())).as(seedAndRace).isEqualTo("broadcasted");
                assertThat(sends).as(seedAndRace).singleElement()
                        .satisfies(send -> assertThat(send.outputs().get(race.address())).isEqualTo(BigInteger.valueOf(race.amount())));
                assertThat(refunds).as(seedAndRace).isEmpty();
                expectedBalances.merge(race.account(), -race.amount(), Long::sum);
            }
        }
        for (String account : accounts) {
            assertThat(traffic.balance(account)).as("seed %d, account %s", seed, account)
                    .isEqualTo(BigInteger.valueOf(expectedBalances.get(account)));
            assertThat(traffic.entrySum(account)).isEqualTo(traffic.balance(account));
        }
        // Both ends of the race were reached, or it was no race.
        assertThat(cancelled).as("seed %d: cancelled", seed).isPositive();
        assertThat(sent).as("seed %d: sent", seed).isPositive();
        for (String account : accounts) {
            long endedHere = races.stream().filter(r -> r.account().equals(account)).count();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.txUpdates(account).stream()
                    .filter(u -> u.state() == TxState.CANCELLED || u.state() == TxState.BROADCASTED)
                    .map(u -> u.transactionId()).distinct().count() == endedHere);
            assertThat(events.txUpdates(account)).filteredOn(u -> u.state() == TxState.CANCELLED)
                    .allSatisfy(u -> assertThat(u.credited()).isFalse())
                    .extracting(u -> u.transactionId()).doesNotHaveDuplicates();
        }
    }

    /** The ledger entries that gave a withdrawal's amount back to its account. */
    private List<BigDecimal> refunds(Race race) {
        return jdbc.sql("""
                        SELECT e.amount FROM btc.ledger_entry e JOIN btc.transaction t ON t.id = e.transaction_id
                        WHERE t.request_id = :id AND e.amount > 0
                        """)
                .param("id", race.withdrawal()).query(BigDecimal.class).list();
    }
}
