package io.cryptoassets.worker.outbox;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * The broker acknowledged a batch but its rows could not be deleted (a read-only database, a
 * lost session). The relay remembers {@link #ids()} so that it retries the delete instead of
 * sending the rows again, for as long as its session lives.
 */
final class UndeletedBatch extends Exception {

    private final transient List<UUID> ids;

    UndeletedBatch(List<UUID> ids, SQLException cause) {
        super(ids.size() + " rows acknowledged by Kafka could not be deleted: " + cause, cause);
        this.ids = List.copyOf(ids);
    }

    List<UUID> ids() {
        return ids;
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
