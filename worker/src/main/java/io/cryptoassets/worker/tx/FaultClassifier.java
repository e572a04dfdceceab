package io.cryptoassets.worker.tx;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * The one place that decides what a failure means, by SQLSTATE first and exception type second.
 * The whole cause chain is searched, because Spring wraps driver exceptions differently depending
 * on where they surface (statement, commit, rollback, connection checkout).
 *
 * <ul>
 *   <li><b>Conflict</b>: a fresh attempt of the same transaction can succeed, and a smaller one is
 *   more likely to. 40001 (serialization_failure, which SERIALIZABLE raises for read/write
 *   dependencies, also at COMMIT), 40P01 (deadlock_detected) and 53200 (out_of_shared_memory,
 *   which a big SERIALIZABLE transaction hits when its predicate locks fill the shared lock table).</li>
 *   <li><b>Transient</b>: the infrastructure, not the work, is at fault, and waiting fixes it.
 *   Every conflict; class 08 (connection exception); class 53 (insufficient resources: disk
 *   full, out of memory, too many connections); class 58 (system error: I/O); 57P01-57P03 (admin
 *   or crash shutdown, cannot connect now) and 57014 (query_canceled, which is how a
 *   statement_timeout or an operator's pg_cancel_backend shows); 25006 (read_only_sql_transaction:
 *   the server is a standby, or was made read-only for maintenance, until a failover or the
 *   operator ends it); 55P03 (lock_not_available); 42501 (insufficient_privilege: a grant
 *   missing, fixed by the operator, never by the request). By type: connection checkout failures,
 *   JDBC and Spring transient or recoverable exceptions, Kafka retriable errors, timeouts.</li>
 *   <li><b>Anything else</b> is a fault of the work itself (a value out of range, a constraint,
 *   a bug): repeating the same work repeats the failure.</li>
 * </ul>
 */
public final class FaultClassifier {

    static final String SERIALIZATION_FAILURE = "40001";
    static final String DEADLOCK_DETECTED = "40P01";
    static final String OUT_OF_SHARED_MEMORY = "53200";
    private static final Set<String> CONFLICTS = Set.of(SERIALIZATION_FAILURE, DEADLOCK_DETECTED, OUT_OF_SHARED_MEMORY);
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "58");
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "57P01", "57P02", "57P03", "57014", "25006", "55P03", "42501");

    private FaultClassifier() {
    }

    /** A conflict: replay the transaction, and split the work if replays do not help. */
    public static boolean isConflict(Throwable failure) {
        return anySqlState(failure, CONFLICTS::contains);
    }

    /** Waiting and trying the same work again will succeed once the infrastructure recovers. */
    public static boolean isTransient(Throwable failure) {
        if (anySqlState(failure, state -> state.length() == 5 && (CONFLICTS.contains(state)
                || TRANSIENT_CLASSES.contains(state.substring(0, 2)) || TRANSIENT_STATES.contains(state)))) {
            return true;
        }
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof CannotResolveDatabaseConflict
                    || t instanceof CannotGetJdbcConnectionException
                    || t instanceof TransientDataAccessException
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof RetriableException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.net.SocketException) {
                return true;
            }
        }
        return false;
    }

    /** The first SQLSTATE in the cause chain, or {@code null}: for logs and alerts. */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static boolean anySqlState(Throwable failure, java.util.function.Predicate<String> test) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s.getSQLState() != null && test.test(s.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }
}
