package io.cryptoassets.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.ApproveWithdrawal;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.testsupport.ReportedAssetTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Approvals arriving at the deadline while expiry rounds run all the time, on three threads besides
 * the worker's own: each of 50 held withdrawals, already approved once, gets its second approval
 * somewhere between well before and just after its deadline. Each must end exactly once: pending
 * when the approval was accepted, else failed and refunded once; never both, never refunded twice,
 * and every balance what an independent model of those outcomes says.
 */
class ApprovalExpiryRaceIT extends ReportedAssetTest {

    private static final long HELD = TestInfrastructure.APPROVAL_THRESHOLD;
    private static final int ACCOUNTS = 5;
    private static final int PER_ACCOUNT = 10;
    private static final long FUNDS = PER_ACCOUNT * (HELD + PER_ACCOUNT);

    /** One held withdrawal of the race. */
    private record Held(String account, UUID request, long transaction, long amount, UUID secondApproval) {
    }

    @Test
    void anApprovalRacingExpiryEndsEachWithdrawalExactlyOnce() throws Exception {
        List<Held> held = holdWithdrawals();
        Map<UUID, Held> firstApprovals = new LinkedHashMap<>();
        held.forEach(h -> firstApprovals.put(send(h, "alice"), h));
        reported.awaitAnswered(firstApprovals.keySet());
        assertThat(firstApprovals.keySet()).allSatisfy(id -> assertThat(reported.outcome(id)).isEqualTo("ACCEPTED"));

        // Deadlines 20 ms apart from 1 s on; second approvals sent from 300 ms before their
        // deadline to 100 ms after it, so early ones land before, late ones after, and many at it.
        long[] offsets = new long[held.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = 1_000 + 20L * i;
        }
        long start = System.nanoTime();
        admin.sql("""
                        UPDATE xbt.transaction AS t SET approval_deadline = now() + make_interval(secs => v.seconds)
                        FROM unnest(CAST(:ids AS bigint[]), CAST(:seconds AS float8[])) AS v(id, seconds)
                        WHERE t.id = v.id
                        """)
                .param("ids", held.stream().map(Held::transaction).toArray(Long[]::new))
                .param("seconds", java.util.Arrays.stream(offsets).mapToObj(ms -> ms / 1000.0).toArray(Double[]::new))
                .update();

        List<Held> raced = new ArrayList<>();
        try (ExpiryRounds rounds = new ExpiryRounds(3)) {
            for (int i = 0; i < held.size(); i++) {
                long sendAt = offsets[i] - 300 + (400L * i / held.size());
                long due = start + TimeUnit.MILLISECONDS.toNanos(sendAt);
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime()); // pacing the sends, not waiting for a result
                }
                Held h = held.get(i);
                raced.add(new Held(h.account(), h.request(), h.transaction(), h.amount(), send(h, "bob")));
            }
            reported.awaitAnswered(raced.stream().map(Held::secondApproval).toList());
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    admin.sql("SELECT count(*) FROM xbt.transaction WHERE id = ANY(CAST(:ids AS bigint[])) "
                                    + "AND state = 'awaiting_approval'")
                            .param("ids", held.stream().map(Held::transaction).toArray(Long[]::new))
                            .query(Long.class).single() == 0);
            assertThat(rounds.failures()).isEmpty();
        }

        Map<String, BigInteger> model = new HashMap<>();
        int approved = 0;
        for (Held h : raced) {
            String outcome = reported.outcome(h.secondApproval());
            String state = admin.sql("SELECT state FROM xbt.transaction WHERE id = :id").param("id", h.transaction())
                    .query(String.class).single();
            long refunds = admin.sql("SELECT count(*) FROM xbt.ledger_entry WHERE transaction_id = :id AND amount > 0")
                    .param("id", h.transaction()).query(Long.class).single();
            model.merge(h.account(), BigInteger.valueOf(FUNDS), (a, b) -> a);
            if (outcome.equals("ACCEPTED")) {
                approved++;
                assertThat(state).as("withdrawal %d, approved", h.transaction()).isEqualTo("pending");
                assertThat(refunds).as("refunds of approved withdrawal %d", h.transaction()).isZero();
                model.merge(h.account(), BigInteger.valueOf(h.amount()).negate(), BigInteger::add);
            } else {
                assertThat(outcome).isIn("REJECTED:APPROVAL_EXPIRED", "REJECTED:NOT_AWAITING_APPROVAL");
                assertThat(state).as("withdrawal %d, %s", h.transaction(), outcome).isEqualTo("failed");
                assertThat(refunds).as("refunds of expired withdrawal %d", h.transaction()).isEqualTo(1);
            }
        }
        assertThat(approved).as("approved in time").isPositive().isLessThan(raced.size());
        for (Map.Entry<String, BigInteger> account : model.entrySet()) {
            assertThat(reported.balance(account.getKey())).as(account.getKey()).isEqualTo(account.getValue());
            assertThat(reported.entrySum(account.getKey())).as(account.getKey()).isEqualTo(account.getValue());
        }
        for (Held h : raced) {
            List<TxState> ends = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events
                    .txUpdates(h.account()).stream().filter(u -> u.transactionId() == h.transaction())
                    .map(TxUpdate::state).filter(s -> s == TxState.PENDING || s == TxState.FAILED).toList(),
                    states -> !states.isEmpty());
            assertThat(ends).as("how withdrawal %d ended", h.transaction()).hasSize(1);
        }
    }

    private List<Held> holdWithdrawals() {
        List<Held> held = new ArrayList<>();
        List<UUID> requests = new ArrayList<>();
        List<WithdrawalRequested> sent = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            String account = RequestTraffic.account("race");
            reported.fundedAccount(account, FUNDS);
            for (int w = 0; w < PER_ACCOUNT; w++) {
                WithdrawalRequested request = new WithdrawalRequested(UUID.randomUUID(), XBT, account,
                        RequestTraffic.newAddress(), BigInteger.valueOf(HELD + w), null, false, "carol");
                reported.send(Topics.WITHDRAWAL_REQUESTS, null, request);
                sent.add(request);
                requests.add(request.requestId());
            }
        }
        reported.awaitAnswered(requests);
        for (WithdrawalRequested request : sent) {
            long transaction = admin.sql("SELECT id FROM xbt.transaction WHERE request_id = :id AND state = 'awaiting_approval'")
                    .param("id", request.requestId()).query(Long.class).single();
            held.add(new Held(request.accountId(), request.requestId(), transaction, request.amount().longValueExact(), null));
        }
        return held;
    }

    private UUID send(Held withdrawal, String approver) {
        UUID id = UUID.randomUUID();
        reported.send(Topics.WITHDRAWAL_APPROVALS, null,
                new ApproveWithdrawal(id, XBT, withdrawal.account(), withdrawal.request(), null, approver));
        reported.flush();
        return id;
    }

    /** Expiry rounds of XBT, 5 ms apart on each of the test's threads, as other workers would run them. */
    private final class ExpiryRounds implements AutoCloseable {

        private final ExecutorService threads;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Future<?>> loops = new ArrayList<>();
        private final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

        ExpiryRounds(int count) {
            ApprovalExpiry expiry = context.getBean(ApprovalExpiry.class);
            AssetProperties asset = context.getBean(LedgerProperties.class).asset(XBT).orElseThrow();
            threads = Executors.newFixedThreadPool(count);
            for (int i = 0; i < count; i++) {
                loops.add(threads.submit(() -> {
                    while (running.get()) {
                        try {
                            expiry.round(asset);
                        } catch (RuntimeException e) {
                            failures.add(e);
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
