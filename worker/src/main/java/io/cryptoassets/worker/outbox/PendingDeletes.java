package io.cryptoassets.worker.outbox;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Rows the broker acknowledged and the relay could not delete yet, kept for as long as the lock
 * session that read them lives: while the relay holds their shards on that session nobody else
 * publishes them, so retrying the delete is enough and they are not sent again. The retries back
 * off from 1 s, doubling up to 30 s, and a warning says how long it has lasted at most every 30 s.
 * Used by the relay's loop thread only.
 */
final class PendingDeletes {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration LONGEST_DELAY = Duration.ofSeconds(30);
    static final Duration WARN_EVERY = Duration.ofSeconds(30);

    private List<UUID> ids = List.of();
    private long sinceNanos;
    private long delayNanos;
    private long nextAttemptNanos;
    private long lastWarnNanos;

    boolean isEmpty() {
        return ids.isEmpty();
    }

    List<UUID> ids() {
        return ids;
    }

    /**
     * A delete of {@code failed} failed (the first or a retry); schedules the next attempt.
     * Returns whether this failure deserves a warning.
     */
    boolean failed(List<UUID> failed, long nowNanos) {
        boolean first = ids.isEmpty();
        if (first) {
            ids = List.copyOf(failed);
            sinceNanos = nowNanos;
            delayNanos = FIRST_DELAY.toNanos();
        } else {
            delayNanos = Math.min(delayNanos * 2, LONGEST_DELAY.toNanos());
        }
        nextAttemptNanos = nowNanos + delayNanos;
        if (first || nowNanos - lastWarnNanos >= WARN_EVERY.toNanos()) {
            lastWarnNanos = nowNanos;
            return true;
        }
        return false;
    }

    /** How long until the next attempt; zero or less when it is due. */
    long nanosUntilNextAttempt(long nowNanos) {
        return nextAttemptNanos - nowNanos;
    }

    /** Seconds since the first failed delete. */
    long lastedSeconds(long nowNanos) {
        return Duration.ofNanos(nowNanos - sinceNanos).toSeconds();
    }

    /** Seconds until the next attempt, as scheduled by the last failure. */
    long nextDelaySeconds() {
        return Duration.ofNanos(delayNanos).toSeconds();
    }

    /** Deleted, or the session that could delete them is gone. */
    void clear() {
        ids = List.of();
    }
}
