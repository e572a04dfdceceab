package io.cryptoassets.worker.bench;

import io.cryptoassets.contracts.result.RequestResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one batch of sent requests got back: latencies from the request's send to its result
 * and to its txupdate, the outcomes, and how the worker grouped them into transactions.
 *
 * <p>Written by the reader thread only (apart from {@link #sent}); read once complete.
 */
final class Phase {

    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(30);

    final String name;
    final int requests;
    final Histogram toResult = new Histogram(MAX_LATENCY_MICROS, 3);
    final Histogram toTxUpdate = new Histogram(MAX_LATENCY_MICROS, 3);
    /** Results per decision time: every result of one committed batch has the same occurredAt. */
    final Map<Instant, Integer> batches = new HashMap<>();
    /** Request-to-result latency by the second of the run the request was sent in, to show a warm-up or a backlog. */
    final TreeMap<Integer, Histogram> toResultBySecond = new TreeMap<>();
    private final Map<UUID, Boolean> expected;
    private final Map<UUID, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<Long, Long> withdrawalSentAt = new HashMap<>();
    private final Map<Long, Long> txUpdateSeenAt = new HashMap<>();
    private volatile int results;
    private volatile int txUpdates;
    private volatile int acceptedWithdrawals;
    int accepted;
    int rejected;
    int unexpected;
    long startNanos;
    long producedNanos;
    long lastResultNanos;

    Phase(String name, int requests, Map<UUID, Boolean> expected) {
        this.name = name;
        this.requests = requests;
        this.expected = expected;
    }

    void start(long nanos) {
        startNanos = nanos;
    }

    void sent(UUID requestId, long nanos) {
        sentAt.put(requestId, nanos);
    }

    void producedAll(long nanos) {
        producedNanos = nanos;
    }

    void result(RequestResult result, long now) {
        Long sent = sentAt.remove(result.requestId());
        if (sent == null) {
            return; // not ours, or a redelivered duplicate
        }
        toResult.recordValue(micros(now - sent));
        toResultBySecond.computeIfAbsent((int) ((sent - startNanos) / 1_000_000_000L), second -> new Histogram(MAX_LATENCY_MICROS, 2))
                .recordValue(micros(now - sent));
        lastResultNanos = now;
        boolean wasAccepted = Traffic.accepted(result);
        if (wasAccepted) {
            accepted++;
        } else {
            rejected++;
        }
        Boolean expectedAccepted = expected == null ? null : expected.get(result.requestId());
        if (expectedAccepted != null && expectedAccepted != wasAccepted) {
            unexpected++;
        }
        if (expected != null && wasAccepted && result.transactionId() != null) {
            acceptedWithdrawals++;
            Long seen = txUpdateSeenAt.remove(result.transactionId());
            if (seen != null) {
                recordTxUpdate(seen - sent);
            } else {
                withdrawalSentAt.put(result.transactionId(), sent);
            }
        }
        batches.merge(result.occurredAt(), 1, Integer::sum);
        results++;
    }

    /** The txupdate of a withdrawal's transaction; it may arrive before the result naming it. */
    void txUpdate(long transactionId, long now) {
        Long sent = withdrawalSentAt.remove(transactionId);
        if (sent != null) {
            recordTxUpdate(now - sent);
        } else {
            txUpdateSeenAt.put(transactionId, now);
        }
    }

    private void recordTxUpdate(long nanos) {
        toTxUpdate.recordValue(micros(nanos));
        txUpdates++;
    }

    boolean complete() {
        return results == requests && txUpdates == acceptedWithdrawals;
    }

    String missing() {
        return (requests - results) + " results and " + (acceptedWithdrawals - txUpdates) + " txupdates missing";
    }

    /** Requests per second from the first send to the last result. */
    double throughput() {
        return requests / ((lastResultNanos - startNanos) / 1e9);
    }

    double seconds() {
        return (lastResultNanos - startNanos) / 1e9;
    }

    private static long micros(long nanos) {
        return Math.min(MAX_LATENCY_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }
}
