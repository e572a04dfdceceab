package io.cryptoassets.worker.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the relay's lock session speaking while its loop waits for the broker, which may take up
 * to {@code send-timeout}: the other relays end a session silent for {@code stale-after}
 * ({@link RelayMembership}), and a relay waiting on a slow broker is not stalled. Once per
 * {@code poll-interval} of waiting it runs a trivial statement on the session; a wait that ends
 * sooner, as almost all do, costs no round trip. A frozen process freezes this thread too, so
 * it keeps no frozen relay alive.
 */
final class SessionHeartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionHeartbeat.class);

    private final ScheduledThreadPoolExecutor scheduler;
    private final Duration interval;

    SessionHeartbeat(Duration interval) {
        this.interval = interval;
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "outbox-relay-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        // Nearly every wait ends before its first beat: do not keep thousands of cancelled ones queued.
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /** Speaks on {@code connection} every interval until the returned beat is closed. */
    Beat during(Connection connection) {
        Beat beat = new Beat(connection);
        beat.future = scheduler.scheduleWithFixedDelay(beat::speak, interval.toNanos(), interval.toNanos(),
                TimeUnit.NANOSECONDS);
        return beat;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** One wait; closing it returns only when no statement of it is running on the session. */
    static final class Beat implements AutoCloseable {

        private final Connection connection;
        private final ReentrantLock speaking = new ReentrantLock();
        private volatile boolean over;
        private ScheduledFuture<?> future;

        private Beat(Connection connection) {
            this.connection = connection;
        }

        private void speak() {
            speaking.lock();
            try {
                if (over) {
                    return;
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
            } catch (SQLException e) {
                // The session is gone: the loop finds out at its next statement and starts over.
                log.debug("relay session heartbeat failed", e);
                over = true;
            } finally {
                speaking.unlock();
            }
        }

        @Override
        public void close() {
            future.cancel(false);
            speaking.lock();
            try {
                over = true;
            } finally {
                speaking.unlock();
            }
        }
    }
}
