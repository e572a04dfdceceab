package io.cryptoassets.worker.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.BitSet;

/**
 * Session-level PostgreSQL advisory locks, one per outbox shard, held on the relay's own
 * connection. A shard is published only by the relay holding its lock; when that relay dies
 * its connection closes and PostgreSQL frees the lock, so another relay takes the shard over
 * without any lease to expire; a relay that stalls has its session ended by the others
 * ({@link RelayMembership}), which frees its locks just the same.
 *
 * <p>Written by the relay's loop thread only; reads from other threads (metrics, tests) see a
 * consistent set because every method is synchronized.
 */
final class ShardLocks {

    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?, ?)";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(?, ?)";

    private final int space;
    private final BitSet held = new BitSet();

    /** @param space first key of the two-int lock, see {@link #spaceOf(String)} */
    ShardLocks(int space) {
        this.space = space;
    }

    /**
     * The first lock key of the shard locks of the outbox in {@code schema}. Derived from the
     * schema so that two deployments sharing a database (each with its own shared schema) never
     * compete for each other's shards; kept non-negative so it reads back unchanged from the
     * oid columns of pg_locks.
     */
    static int spaceOf(String schema) {
        return ("cryptoassets.outbox.shard:" + schema).hashCode() & Integer.MAX_VALUE;
    }

    synchronized int count() {
        return held.cardinality();
    }

    /** The shards held now, as a copy. */
    synchronized BitSet snapshot() {
        return (BitSet) held.clone();
    }

    /**
     * Tries free shards, starting at {@code from} and wrapping around, until {@code target}
     * are held or every shard was tried. Starting relays at different shards keeps them from
     * all racing for shard 0 first.
     */
    synchronized void acquireUpTo(Connection connection, int shards, int target, int from) throws SQLException {
        if (held.cardinality() >= target) {
            return;
        }
        try (PreparedStatement lock = connection.prepareStatement(TRY_LOCK)) {
            for (int i = 0; i < shards && held.cardinality() < target; i++) {
                int shard = Math.floorMod(from + i, shards);
                if (held.get(shard)) {
                    continue;
                }
                lock.setInt(1, space);
                lock.setInt(2, shard);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        held.set(shard);
                    }
                }
            }
        }
    }

    /**
     * Unlocks the highest held shards until at most {@code target} are held. Called between
     * rounds only, after every batch read from those shards has been deleted, so the next
     * holder starts exactly where this relay stopped.
     */
    synchronized void releaseDownTo(Connection connection, int target) throws SQLException {
        if (held.cardinality() <= target) {
            return;
        }
        try (PreparedStatement unlock = connection.prepareStatement(UNLOCK)) {
            for (int shard = held.length() - 1; shard >= 0 && held.cardinality() > target; shard = held.previousSetBit(shard - 1)) {
                unlock(unlock, shard);
            }
        }
    }

    /** Forgets every lock, once the session holding them ended or unlocked them all. */
    synchronized void forgetAll() {
        held.clear();
    }

    private void unlock(PreparedStatement unlock, int shard) throws SQLException {
        unlock.setInt(1, space);
        unlock.setInt(2, shard);
        try (ResultSet rs = unlock.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                // Only this session can unlock its locks, so this means the relay's bookkeeping
                // and PostgreSQL disagree: stop trusting the session rather than publish on.
                throw new SQLException("shard " + shard + " was not locked by this session");
            }
        }
        held.clear(shard);
    }
}
