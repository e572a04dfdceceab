package io.cryptoassets.worker.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes outbox rows to Kafka. Every worker runs one; each shard is published by whichever
 * relay holds its advisory lock, in position order, so the events of one key leave in the
 * order they were committed. Rows are deleted only after the broker acknowledged them.
 *
 * <p>Relays share the shards: each registers as a member on its lock connection
 * ({@link RelayMembership}) and, at most once per {@code poll-interval}, counts the members,
 * gives back the shards above its share and takes free ones up to it. A shard changes hands
 * only between rounds, after its last batch was deleted, so the next holder continues exactly
 * where the previous one stopped.
 *
 * <p>The loop wakes on {@link OutboxSignal} (a commit in this process, or a NOTIFY from another
 * worker's commit) and otherwise polls every {@code poll-interval}. Every read and delete of a
 * shard runs on the session that holds its lock, so a relay whose session is gone (connection
 * lost, or the session terminated and the shard taken by another relay) cannot read or delete
 * another row of it: at most the batch it was already sending goes out a second time. It then
 * forgets every shard, reconnects and joins again. A relay silent for longer than
 * {@code stale-after} (frozen, paused) has its session ended by the others, see
 * {@link RelayMembership}. A Kafka failure keeps the session and the locks: the same rows are
 * sent again on the next round.
 *
 * <p>A delete that fails on a live session (a read-only database) keeps the session, the locks
 * and the acknowledged rows' ids ({@link PendingDeletes}): the relay only retries the delete,
 * backing off, and reads and sends nothing until it succeeds; it keeps counting the members every
 * {@code poll-interval} meanwhile, which is what tells the others it is alive, but gives no shard
 * back, since the next holder would send those rows again. So a row goes out at most once more
 * per lost session, however long the database refuses deletes.
 */
final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DataSource dataSource;
    private final ShardPublisher publisher;
    private final OutboxSignal signal;
    private final RelayMetrics metrics;
    private final int shards;
    private final Duration pollInterval;
    private final Duration sendTimeout;
    private final Duration staleAfter;
    private final RelayMembership membership;
    private final ShardLocks locks;
    private final PendingDeletes pending = new PendingDeletes();
    private volatile boolean running;
    private volatile int sessionPid;
    private Thread loop;
    private Thread listener;
    private OutboxNotifications notifications;
    private Connection connection;
    private long nextBalanceNanos;
    private RelayMembership.View lastView;

    OutboxRelay(DataSource dataSource, ShardPublisher publisher, OutboxSignal signal, RelayMetrics metrics,
                String schema, int shards, RelayProperties properties) {
        this.dataSource = dataSource;
        this.publisher = publisher;
        this.signal = signal;
        this.metrics = metrics;
        this.shards = shards;
        this.pollInterval = properties.pollInterval();
        this.sendTimeout = properties.sendTimeout();
        this.staleAfter = properties.staleAfter();
        this.membership = new RelayMembership(RelayMembership.spaceOf(schema), properties.staleAfter());
        this.locks = new ShardLocks(ShardLocks.spaceOf(schema));
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        loop = new Thread(this::runLoop, "outbox-relay");
        loop.start();
        notifications = new OutboxNotifications(dataSource, signal);
        listener = new Thread(notifications, "outbox-notifications");
        listener.setDaemon(true);
        listener.start();
    }

    /**
     * Lets the round in progress finish (its rows are acknowledged and deleted, or left for the
     * next holder), then gives back every lock. A round waits for the broker at most
     * {@code send-timeout}; should it still not end, the loop is interrupted.
     */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        notifications.stop();
        signal.raise();
        try {
            loop.join(sendTimeout.plusSeconds(5).toMillis());
            if (loop.isAlive()) {
                log.warn("outbox relay round still running after {}; interrupting it", sendTimeout);
                loop.interrupt();
                loop.join(5_000);
            }
            listener.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the request listeners (which stop at a later phase) so their last events still leave. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    /** Number of shards this relay holds now. */
    int heldShards() {
        return locks.count();
    }

    /** The shards this relay holds now. */
    BitSet heldShardSet() {
        return locks.snapshot();
    }

    /** Backend pid of the session holding this relay's locks; 0 before the first connection. */
    int sessionPid() {
        return sessionPid;
    }

    /** Whether the loop thread is alive: it ends only on {@link #stop()}, whatever fails. */
    boolean looping() {
        Thread current = loop;
        return current != null && current.isAlive();
    }

    private void runLoop() {
        while (running) {
            try {
                if (connection == null) {
                    connect();
                }
                if (System.nanoTime() - nextBalanceNanos >= 0) {
                    balance();
                    nextBalanceNanos = System.nanoTime() + pollInterval.toNanos();
                }
                if (!pending.isEmpty()) {
                    retryPendingDelete();
                    continue;
                }
                int published = publisher.publish(connection, locks.snapshot().stream().toArray());
                metrics.published(published);
                if (published == 0) {
                    signal.await(pollInterval);
                }
            } catch (UndeletedBatch e) {
                metrics.error();
                undeleted(e.ids(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (SQLException e) {
                // The session may be gone, and its locks with it: start over on a new one.
                metrics.error();
                log.warn("outbox relay lost its database session; rows stay and will be published again: {}",
                        e.toString());
                dropConnection();
                pause();
            } catch (Exception e) {
                // Kafka did not acknowledge: nothing was deleted, and the shards are still ours.
                metrics.error();
                log.warn("outbox relay round failed; rows stay and will be published again: {}", e.toString());
                pause();
            }
        }
        dropConnection();
    }

    private void connect() throws SQLException {
        connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            // A half-open connection would otherwise block a read forever, and with it the relay.
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, sendTimeout.toMillis()));
            // The relay's deletes need not wait for the WAL flush: a delete lost in a database
            // crash only brings back rows that were already published, to be published again,
            // which at-least-once allows. Without that wait a round is not stalled by fsync.
            try (Statement asynchronous = connection.createStatement()) {
                asynchronous.execute("SET synchronous_commit = off");
            }
            sessionPid = membership.join(connection);
        } catch (SQLException e) {
            dropConnection();
            throw e;
        }
        lastView = null;
        nextBalanceNanos = System.nanoTime();
    }

    /**
     * Retries the delete of the rows the broker acknowledged once it is due, otherwise waits for
     * it (no longer than the next count of the members, which must go on meanwhile).
     */
    private void retryPendingDelete() throws InterruptedException {
        long now = System.nanoTime();
        long wait = Math.min(pending.nanosUntilNextAttempt(now), nextBalanceNanos - now);
        if (wait > 0) {
            signal.await(Duration.ofNanos(wait));
            return;
        }
        if (pending.nanosUntilNextAttempt(now) > 0) {
            return;
        }
        List<UUID> ids = pending.ids();
        try {
            publisher.delete(connection, ids);
        } catch (SQLException e) {
            metrics.error();
            undeleted(ids, e);
            return;
        }
        log.info("outbox relay deleted the {} rows Kafka had acknowledged, after {} s of failed deletes",
                ids.size(), pending.lastedSeconds(System.nanoTime()));
        pending.clear();
        metrics.published(ids.size());
    }

    /**
     * A delete of rows the broker acknowledged failed. On a live session they are kept, to be
     * deleted later without being sent again; a lost session takes its locks with it, and its
     * rows will be read and sent again by whoever holds their shards next.
     */
    private void undeleted(List<UUID> ids, SQLException cause) {
        if (!sessionAlive()) {
            log.warn("outbox relay lost its database session while deleting {} published rows; "
                    + "they will be published again: {}", ids.size(), cause.toString());
            dropConnection();
            pause();
            return;
        }
        long now = System.nanoTime();
        if (pending.failed(ids, now)) {
            log.warn("outbox relay cannot delete {} rows Kafka acknowledged (for {} s now); keeping its shards "
                    + "and retrying the delete in {} s, without sending them again: {}",
                    ids.size(), pending.lastedSeconds(now), pending.nextDelaySeconds(), cause.toString());
        } else {
            log.debug("outbox relay still cannot delete {} acknowledged rows", ids.size(), cause);
        }
    }

    private boolean sessionAlive() {
        try {
            return connection.isValid((int) Math.max(1, Math.min(30, sendTimeout.toSeconds())));
        } catch (SQLException e) {
            log.debug("checking the relay session failed", e);
            return false;
        }
    }

    private void balance() throws SQLException {
        RelayMembership.View view = membership.view(connection);
        if (!view.ended().isEmpty()) {
            log.warn("outbox relay (session {}) ended the sessions {} of relays silent for over {} ms; "
                    + "their shards are free to take", sessionPid, view.ended(), staleAfter.toMillis());
        }
        int share = view.shareOf(shards);
        if (pending.isEmpty()) {
            // Not while acknowledged rows wait to be deleted: the next holder would send them again.
            locks.releaseDownTo(connection, share);
        }
        locks.acquireUpTo(connection, shards, share, view.firstShard(shards));
        metrics.shares(view.members(), locks.count());
        if (lastView == null || view.members() != lastView.members() || view.rank() != lastView.rank()) {
            log.info("outbox relay (session {}) is {} of {} relays, holds {} of {} shards (share {})",
                    sessionPid, view.rank() + 1, view.members(), locks.count(), shards, share);
            lastView = view;
        }
    }

    /**
     * Gives the session back as the pool lent it: the pool may hand it to someone else, and a
     * lock left on it would keep a shard (or a phantom member) from every relay, and the
     * asynchronous commit would weaken that someone's transactions.
     */
    private void dropConnection() {
        locks.forgetAll();
        // The locks go with the session: whoever takes the shards next sends these rows again.
        pending.clear();
        metrics.shares(0, 0);
        if (connection == null) {
            return;
        }
        try (Statement reset = connection.createStatement()) {
            reset.execute("SELECT pg_advisory_unlock_all()");
            reset.execute("RESET synchronous_commit");
        } catch (SQLException e) {
            log.debug("could not unlock on the relay session; closing it for good", e);
            abort(connection);
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the relay session failed; it was already broken", e);
        }
        connection = null;
    }

    /** Closes the physical connection, so the server ends the session and frees its locks. */
    private static void abort(Connection broken) {
        try {
            broken.abort(Runnable::run);
        } catch (SQLException e) {
            log.debug("aborting the relay session failed; it was already closed", e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(Math.min(1_000, pollInterval.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
