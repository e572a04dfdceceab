package io.cryptoassets.worker.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Which relays are alive, so that they can share the shards. Each relay holds one more
 * advisory lock on its own connection, keyed by its backend pid: a relay is a member exactly
 * as long as its session lives, like its shard locks, so a killed worker leaves the count when
 * PostgreSQL ends its session.
 *
 * <p>A session can outlive the relay's progress, though: a worker frozen by SIGSTOP, a long GC
 * pause or a suspended VM keeps its session, and with it its shards. A live relay speaks on its
 * session at least once per {@code poll-interval} (it reads its shards and counts the members),
 * so the server's own record of the session, {@code pg_stat_activity.state_change} while it
 * waits for its client, tells when it last did. Counting the members also ends the session of
 * every member silent for longer than {@code stale-after} ({@code pg_terminate_backend}): its
 * locks are freed for the others to take, and every later read or delete of the woken relay
 * fails, so it publishes nothing more of them. Nothing is written for this, so it works as well
 * in a read-only database. Only members of the same database role are ended: PostgreSQL lets a
 * role end its own sessions (or any with {@code pg_signal_backend}) and shows another role's
 * session state only to {@code pg_read_all_stats}; a member of another role is left alone.
 *
 * <p>Members are ranked by pid; with {@code m} members and {@code s} shards, rank {@code r}
 * is entitled to {@code s / m} shards, plus one if {@code r < s % m}. The shares add up to
 * exactly {@code s}, so once every relay has seen the same membership each holds its share
 * and no shard is left over.
 */
final class RelayMembership {

    private static final String JOIN = "SELECT pg_advisory_lock(?, pg_backend_pid())";

    /**
     * The members of this outbox in this database, this session's rank, whether it is one, and
     * the members it ended for being silent too long (waiting for their client, idle or writing
     * a result, since longer than the given seconds), which no longer count. Waiting up to a
     * second for each to exit lets this relay take their shards right after.
     */
    private static final String VIEW = """
            WITH members AS (
                SELECT l.pid,
                       coalesce(l.pid <> pg_backend_pid()
                                AND a.usename = current_user
                                AND a.wait_event_type = 'Client'
                                AND a.state_change < clock_timestamp() - make_interval(secs => ?), false) AS stale
                FROM pg_locks l
                LEFT JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid::bigint = ?
            ), ended AS MATERIALIZED (
                SELECT pid FROM members WHERE stale AND pg_terminate_backend(pid, 1000)
            )
            SELECT count(*) FILTER (WHERE NOT stale),
                   count(*) FILTER (WHERE NOT stale AND pid < pg_backend_pid()),
                   coalesce(bool_or(pid = pg_backend_pid()), false),
                   (SELECT coalesce(array_agg(pid ORDER BY pid), '{}') FROM ended)
            FROM members
            """;

    /** The relays alive and this one's place among them; {@code ended}: sessions of stalled relays it ended. */
    record View(int members, int rank, List<Integer> ended) {

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
    private final double staleAfterSeconds;

    /**
     * @param space      first key of the member locks, see {@link #spaceOf(String)}
     * @param staleAfter how long a member may stay silent before its session is ended
     */
    RelayMembership(int space, Duration staleAfter) {
        this.space = space;
        this.staleAfterSeconds = staleAfter.toMillis() / 1000.0;
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

    /**
     * The current members as seen from {@code connection}'s session, which must have joined,
     * after ending the sessions of those silent for longer than {@code stale-after}.
     */
    View view(Connection connection) throws SQLException {
        try (PreparedStatement view = connection.prepareStatement(VIEW)) {
            view.setDouble(1, staleAfterSeconds);
            view.setLong(2, space);
            try (ResultSet rs = view.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(3)) {
                    // Only this session could have unlocked it, so this should never happen; if it
                    // does, start over on a fresh session rather than divide shards on a wrong count.
                    throw new SQLException("this relay's membership lock is missing");
                }
                return new View(rs.getInt(1), rs.getInt(2), List.of((Integer[]) rs.getArray(4).getArray()));
            }
        }
    }
}
