package io.cryptoassets.worker.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which relays are alive, so that they can share the shards. Each relay holds one more
 * advisory lock on its own connection, keyed by its backend pid: a relay is a member exactly
 * as long as its session lives, like its shard locks, so there is no heartbeat to write and
 * no lease to expire, and a killed worker leaves the count when PostgreSQL ends its session.
 *
 * <p>Members are ranked by pid; with {@code m} members and {@code s} shards, rank {@code r}
 * is entitled to {@code s / m} shards, plus one if {@code r < s % m}. The shares add up to
 * exactly {@code s}, so once every relay has seen the same membership each holds its share
 * and no shard is left over.
 */
final class RelayMembership {

    private static final String JOIN = "SELECT pg_advisory_lock(?, pg_backend_pid())";

    /** The members of this outbox in this database, this session's rank, and whether it is one. */
    private static final String VIEW = """
            SELECT count(*),
                   count(*) FILTER (WHERE objid::bigint < pg_backend_pid()),
                   coalesce(bool_or(pid = pg_backend_pid()), false)
            FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 2
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid::bigint = ?
            """;

    /** The relays alive and this one's place among them. */
    record View(int members, int rank) {

        /** How many of {@code shards} this relay should hold. */
        int shareOf(int shards) {
            return shards / members + (rank < shards % members ? 1 : 0);
        }

        /** Where this relay starts looking for free shards: the start of its own slice. */
        int firstShard(int shards) {
            return (int) ((long) rank * shards / members);
        }
    }

    private final int space;

    /** @param space first key of the member locks, see {@link #spaceOf(String)} */
    RelayMembership(int space) {
        this.space = space;
    }

    /** The member lock space of the outbox in {@code schema}; distinct from its shard locks. */
    static int spaceOf(String schema) {
        return ("cryptoassets.outbox.relay:" + schema).hashCode() & Integer.MAX_VALUE;
    }

    /** Registers the session of {@code connection} as a relay; returns its backend pid. */
    int join(Connection connection) throws SQLException {
        try (PreparedStatement join = connection.prepareStatement(JOIN)) {
            join.setInt(1, space);
            join.executeQuery().close();
        }
        try (PreparedStatement pid = connection.prepareStatement("SELECT pg_backend_pid()");
             ResultSet rs = pid.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The current members as seen from {@code connection}'s session, which must have joined. */
    View view(Connection connection) throws SQLException {
        try (PreparedStatement view = connection.prepareStatement(VIEW)) {
            view.setLong(1, space);
            try (ResultSet rs = view.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(3)) {
                    // Only this session could have unlocked it, so this should never happen; if it
                    // does, start over on a fresh session rather than divide shards on a wrong count.
                    throw new SQLException("this relay's membership lock is missing");
                }
                return new View(rs.getInt(1), rs.getInt(2));
            }
        }
    }
}
