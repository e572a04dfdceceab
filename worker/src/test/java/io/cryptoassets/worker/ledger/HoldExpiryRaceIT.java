package io.cryptoassets.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.CaptureHold;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.contracts.request.ReleaseHold;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.testsupport.ReportedAssetTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Captures and releases arriving at a hold's expiry while expiry rounds run all the time, on three
 * threads besides the worker's own, in bursts: each of 60 holds gets a release, a whole capture or a
 * partial capture somewhere between well before and just after its expiry. Each must settle exactly once:
 * captured or released when the request was accepted, else expired (by a round or by the request
 * itself); one final TxUpdate per hold, what it reserved back once, and every balance what an
 * independent model of those outcomes says.
 */
class HoldExpiryRaceIT extends ReportedAssetTest {

    private static final int ACCOUNTS = 5;
    private static final int PER_ACCOUNT = 12;
    private static final long FUNDS = 100_000;

    /** One hold of the race and what is asked of it. */
    private record Raced(String account, String holdId, long transaction, long amount, Request settle) {
    }

    @Test
    void aCaptureOrReleaseRacingExpirySettlesEachHoldExactlyOnce() throws Exception {
        String payee = RequestTraffic.account("race-payee");
        reported.fundedAccount(payee, 0);
        List<Raced> holds = placeHolds(payee);

        // Expiries 20 ms apart from 2 s on; requests sent from 500 ms before their expiry to 100 ms
        // after it, so early ones land before, late ones after, and many at it.
        long[] offsets = new long[holds.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = 2_000 + 20L * i;
        }
        long start = System.nanoTime();
        admin.sql("""
                        UPDATE xbt.transaction AS t SET expires_at = now() + make_interval(secs => v.seconds)
                        FROM unnest(CAST(:ids AS bigint[]), CAST(:seconds AS float8[])) AS v(id, seconds)
                        WHERE t.id = v.id
                        """)
                .param("ids", holds.stream().map(Raced::transaction).toArray(Long[]::new))
                .param("seconds", Arrays.stream(offsets).mapToObj(ms -> ms / 1000.0).toArray(Double[]::new))
                .update();

        try (ExpiryRounds rounds = new ExpiryRounds(3)) {
            for (int i = 0; i < holds.size(); i++) {
                long sendAt = offsets[i] - 500 + (600L * i / holds.size());
                long due = start + TimeUnit.MILLISECONDS.toNanos(sendAt);
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime()); // pacing the sends, not waiting for a result
                }
                reported.send(Topics.ACCOUNT_REQUESTS, null, holds.get(i).settle());
                reported.flush();
            }
            reported.awaitAnswered(holds.stream().map(h -> h.settle().requestId()).toList());
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    admin.sql("SELECT count(*) FROM xbt.transaction WHERE id = ANY(CAST(:ids AS bigint[])) "
                                    + "AND state = 'held'")
                            .param("ids", holds.stream().map(Raced::transaction).toArray(Long[]::new))
                            .query(Long.class).single() == 0);
            assertThat(rounds.failures()).isEmpty();
        }

        Map<String, BigInteger> model = new HashMap<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        model.put(payee, BigInteger.ZERO);
        for (Raced h : holds) {
            model.putIfAbsent(h.account(), BigInteger.valueOf(FUNDS));
            String outcome = reported.outcome(h.settle().requestId());
            Map<String, Object> row = admin.sql("""
                            SELECT state, captured_amount, expires_at,
                                   (SELECT count(*) FROM xbt.ledger_entry e WHERE e.transaction_id = t.id) AS entries
                            FROM xbt.transaction t WHERE id = :id
                            """)
                    .param("id", h.transaction()).query().singleRow();
            String state = (String) row.get("state");
            String what = "hold " + h.holdId() + " of " + h.account() + ", " + outcome;
            assertThat((Long) row.get("entries")).as(what).isZero();
            // Decided on the batch's clock: settled before the expiry, refused at or after it.
            java.time.Instant decided = events.results(h.settle().requestId()).get(0).occurredAt();
            java.time.Instant expiresAt = ((java.sql.Timestamp) row.get("expires_at")).toInstant();
            assertThat(decided.isBefore(expiresAt)).as(what + " decided at " + decided + ", expiring " + expiresAt)
                    .isEqualTo(outcome.equals("ACCEPTED"));
            if (outcome.equals("ACCEPTED") && h.settle() instanceof CaptureHold capture) {
                BigInteger paid = capture.amount() == null ? BigInteger.valueOf(h.amount()) : capture.amount();
                assertThat(state).as(what).isEqualTo("captured");
                assertThat(((BigDecimal) row.get("captured_amount")).toBigIntegerExact()).as(what).isEqualTo(paid);
                model.merge(h.account(), paid.negate(), BigInteger::add);
                model.merge(payee, paid, BigInteger::add);
            } else if (outcome.equals("ACCEPTED")) {
                assertThat(state).as(what).isEqualTo("released");
            } else {
                assertThat(outcome).as(what).isEqualTo("REJECTED:HOLD_EXPIRED");
                assertThat(state).as(what).isEqualTo("expired");
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        assertThat(outcomes.get("ACCEPTED")).as("settled in time: %s", outcomes).isPositive().isLessThan(holds.size());
        assertThat(model.get(payee)).as("captured in time: %s", outcomes).isPositive();

        for (Map.Entry<String, BigInteger> account : model.entrySet()) {
            assertThat(reported.balance(account.getKey())).as(account.getKey()).isEqualTo(account.getValue());
            assertThat(reported.entrySum(account.getKey())).as(account.getKey()).isEqualTo(account.getValue());
            assertThat(held(account.getKey())).as("held by " + account.getKey()).isZero();
        }
        for (Raced h : holds) {
            List<TxUpdate> ends = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> updates(h.account())
                            .stream().filter(u -> u.transactionId() == h.transaction() && u.state() != TxState.HELD)
                            .toList(), list -> !list.isEmpty());
            assertThat(ends).as("how hold %s ended", h.holdId()).hasSize(1);
        }
        for (String account : model.keySet()) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> updates(account).size() == eventSequence(account));
            TxUpdate last = updates(account).get(updates(account).size() - 1);
            assertThat(last.balance()).as(account).isEqualTo(model.get(account));
            assertThat(last.available()).as("nothing is held any more by " + account).isEqualTo(model.get(account));
        }
        assertHoldChecksPass();
    }

    private List<Raced> placeHolds(String payee) {
        List<Raced> holds = new ArrayList<>();
        List<PlaceHold> placed = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            String account = RequestTraffic.account("hold-race");
            reported.fundedAccount(account, FUNDS);
            for (int h = 0; h < PER_ACCOUNT; h++) {
                PlaceHold place = new PlaceHold(UUID.randomUUID(), XBT, account, "h" + h,
                        BigInteger.valueOf(1_000 + 10L * h), null, null);
                reported.send(Topics.ACCOUNT_REQUESTS, null, place);
                placed.add(place);
            }
        }
        reported.awaitAnswered(placed.stream().map(PlaceHold::requestId).toList());
        for (int i = 0; i < placed.size(); i++) {
            PlaceHold place = placed.get(i);
            assertThat(reported.outcome(place.requestId())).isEqualTo("ACCEPTED");
            long transaction = admin.sql("SELECT id FROM xbt.transaction WHERE request_id = :id AND type = 'hold'")
                    .param("id", place.requestId()).query(Long.class).single();
            Request settle = switch (i % 3) {
                case 0 -> new ReleaseHold(UUID.randomUUID(), XBT, place.accountId(), place.holdId());
                case 1 -> CaptureHold.toAccount(UUID.randomUUID(), XBT, place.accountId(), place.holdId(), null, payee);
                default -> CaptureHold.toAccount(UUID.randomUUID(), XBT, place.accountId(), place.holdId(),
                        place.amount().divide(BigInteger.TWO), payee);
            };
            holds.add(new Raced(place.accountId(), place.holdId(), transaction, place.amount().longValueExact(),
                    settle));
        }
        // Shuffled across accounts by the send order, so consecutive sends hit different partitions.
        return holds.stream().sorted(java.util.Comparator.comparing(Raced::holdId).thenComparing(Raced::account))
                .toList();
    }

    /** XBT's audit: the checks holds could break (the ledger is shared with every other test). */
    private void assertHoldChecksPass() {
        String audit = fixture.admin("audit").out();
        int start = audit.indexOf("\n" + XBT + "\n");
        assertThat(start).as(audit).isNotNegative();
        String xbt = audit.substring(start + XBT.length() + 2).split("\n(?! )")[0];
        assertThat(xbt).contains(
                "ok   every balance equals the sum of its ledger entries",
                "ok   internal transfers net to zero",
                "ok   every accepted withdrawal, transfer, hold or capture has exactly one effect",
                "ok   every account holds what its open holds reserve, within its balance",
                "ok   holds change no balance, and each captured one names its payment");
    }

    private List<TxUpdate> updates(String account) {
        Map<UUID, TxUpdate> unique = new LinkedHashMap<>();
        events.txUpdates(account).forEach(u -> unique.putIfAbsent(u.eventId(), u));
        return unique.values().stream().sorted(java.util.Comparator.comparingLong(TxUpdate::sequence)).toList();
    }

    private long eventSequence(String account) {
        return admin.sql("SELECT event_sequence FROM xbt.account WHERE account_id = :id").param("id", account)
                .query(Long.class).single();
    }

    private BigInteger held(String account) {
        return admin.sql("SELECT held FROM xbt.account WHERE account_id = :id").param("id", account)
                .query(BigDecimal.class).single().toBigIntegerExact();
    }

    /**
     * Expiry rounds of XBT, 5 ms apart on each of the test's threads, as other workers would run
     * them, in 100 ms bursts with 100 ms pauses between.
     */
    private final class ExpiryRounds implements AutoCloseable {

        private final ExecutorService threads;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Future<?>> loops = new ArrayList<>();
        private final List<Throwable> failures = new CopyOnWriteArrayList<>();

        ExpiryRounds(int count) {
            HoldExpiry expiry = context.getBean(HoldExpiry.class);
            AssetProperties asset = context.getBean(LedgerProperties.class).asset(XBT).orElseThrow();
            threads = Executors.newFixedThreadPool(count);
            for (int i = 0; i < count; i++) {
                loops.add(threads.submit(() -> {
                    while (running.get()) {
                        // Every other 100 ms the rounds pause, as rounds do between ticks: a request
                        // decided then, past a hold's expiry, must find it expired by itself.
                        if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime()) / 100 % 2 == 0) {
                            try {
                                expiry.round(asset);
                            } catch (RuntimeException e) {
                                failures.add(e);
                            }
                        }
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    }
                }));
            }
        }

        List<Throwable> failures() {
            return failures;
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            for (Future<?> loop : loops) {
                loop.get(30, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }
    }
}
