package io.cryptoassets.worker.outbox;

import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes outbox rows to Kafka. Every worker runs one; each shard is published by whichever
 * worker holds its advisory lock, in position order, so the events of one key leave in the
 * order they were committed. Rows are deleted only after the broker acknowledged them.
 *
 * <p>The loop wakes on {@link OutboxSignal} (a commit in this process, or a NOTIFY from another
 * worker's commit) and otherwise polls every {@code poll-interval}. A lost database connection
 * means lost locks: the relay forgets every shard, reconnects and competes for them again.
 */
final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DataSource dataSource;
    private final ShardPublisher publisher;
    private final OutboxSignal signal;
    private final OutboxNotifications notifications;
    private final RelayMetrics metrics;
    private final int shards;
    private final Duration pollInterval;
    private final ShardLocks locks = new ShardLocks();
    private volatile boolean running;
    private Thread loop;
    private Thread listener;
    private Connection connection;

    OutboxRelay(DataSource dataSource, ShardPublisher publisher, OutboxSignal signal, RelayMetrics metrics,
                int shards, Duration pollInterval) {
        this.dataSource = dataSource;
        this.publisher = publisher;
        this.signal = signal;
        this.notifications = new OutboxNotifications(dataSource, signal);
        this.metrics = metrics;
        this.shards = shards;
        this.pollInterval = pollInterval;
    }

    @Override
    public synchronized void start() {
        running = true;
        loop = new Thread(this::runLoop, "outbox-relay");
        loop.start();
        listener = new Thread(notifications, "outbox-notifications");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        notifications.stop();
        signal.raise();
        try {
            loop.join(30_000);
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

    /** Number of shards this relay holds now, for tests and metrics. */
    int heldShards() {
        return locks.count();
    }

    private void runLoop() {
        while (running) {
            try {
                if (connection == null) {
                    connection = dataSource.getConnection();
                    connection.setAutoCommit(true);
                }
                locks.acquire(connection, shards);
                int published = 0;
                for (int shard = 0; shard < shards && running; shard++) {
                    if (locks.holds(shard)) {
                        published += publisher.publish(connection, shard);
                    }
                }
                metrics.published(published);
                if (published == 0) {
                    signal.await(pollInterval);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                metrics.error();
                log.warn("outbox relay round failed; rows stay and will be published again: {}", e.toString());
                dropConnection();
                pause();
            }
        }
        releaseLocks();
    }

    private void dropConnection() {
        locks.forgetAll();
        if (connection != null) {
            try {
                connection.close();
            } catch (Exception ignored) {
                // the connection is already broken; closing it is only tidying up
            }
            connection = null;
        }
    }

    private void releaseLocks() {
        if (connection != null) {
            try {
                locks.releaseAll(connection);
            } catch (Exception e) {
                log.debug("could not release shard locks; closing the connection frees them", e);
            }
            dropConnection();
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
