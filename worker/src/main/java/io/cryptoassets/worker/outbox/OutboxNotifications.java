package io.cryptoassets.worker.outbox;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@value #CHANNEL} on a connection of its own and raises the {@link OutboxSignal}
 * for every notification, so a commit made by any worker wakes this worker's relay at once.
 * If the connection breaks it reconnects; meanwhile the relay's slow poll still finds the rows.
 */
final class OutboxNotifications implements Runnable {

    static final String CHANNEL = "cryptoassets_outbox";

    private static final Logger log = LoggerFactory.getLogger(OutboxNotifications.class);

    private final DataSource dataSource;
    private final OutboxSignal signal;
    private volatile boolean running = true;

    OutboxNotifications(DataSource dataSource, OutboxSignal signal) {
        this.dataSource = dataSource;
        this.signal = signal;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null && notifications.length > 0) {
                        signal.raise();
                    }
                }
                // The connection goes back to the pool: a session left listening there would
                // keep receiving, and PostgreSQL keeps every notification until it is read.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("UNLISTEN " + CHANNEL);
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("outbox notifications lost ({}); reconnecting in 1 s", e.toString());
                    sleepQuietly();
                } else {
                    log.debug("outbox notifications ended while stopping", e);
                }
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
