package io.cryptoassets.worker.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.BitSet;

/**
 * Session-level PostgreSQL advisory locks, one per outbox shard, held on the relay's own
 * connection. A shard is published only by the worker holding its lock; when that worker dies
 * its connection closes and PostgreSQL frees the lock, so another worker takes the shard over
 * without any lease to expire.
 */
final class ShardLocks {

    /** First key of the two-int advisory lock space, so our locks cannot clash with others'. */
    static final int LOCK_SPACE = 0x0CA5_0B0C;

    private final BitSet held = new BitSet();

    boolean holds(int shard) {
        return held.get(shard);
    }

    int count() {
        return held.cardinality();
    }

    /** Tries to take every shard not yet held; returns how many are held afterwards. */
    int acquire(Connection connection, int shards) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            for (int shard = 0; shard < shards; shard++) {
                if (held.get(shard)) {
                    continue;
                }
                lock.setInt(1, LOCK_SPACE);
                lock.setInt(2, shard);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        held.set(shard);
                    }
                }
            }
        }
        return held.cardinality();
    }

    /** Forgets every lock, after the connection holding them was lost (PostgreSQL freed them). */
    void forgetAll() {
        held.clear();
    }

    void releaseAll(Connection connection) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            for (int shard = held.nextSetBit(0); shard >= 0; shard = held.nextSetBit(shard + 1)) {
                unlock.setInt(1, LOCK_SPACE);
                unlock.setInt(2, shard);
                unlock.executeQuery().close();
            }
        }
        held.clear();
    }
}
