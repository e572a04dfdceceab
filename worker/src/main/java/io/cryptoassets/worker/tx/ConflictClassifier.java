package io.cryptoassets.worker.tx;

import java.sql.SQLException;
import java.util.Set;

/**
 * Decides whether a failure is a database conflict that a fresh attempt of the same
 * transaction can resolve.
 *
 * <p>Only two SQLSTATEs qualify: 40001 (serialization_failure, which SERIALIZABLE raises
 * for read/write dependencies, also at COMMIT) and 40P01 (deadlock_detected). The whole cause
 * chain is searched, because Spring wraps driver exceptions differently depending on where
 * they surface (statement, commit, rollback).
 */
public final class ConflictClassifier {

    static final String SERIALIZATION_FAILURE = "40001";
    static final String DEADLOCK_DETECTED = "40P01";
    private static final Set<String> RETRYABLE = Set.of(SERIALIZATION_FAILURE, DEADLOCK_DETECTED);

    private ConflictClassifier() {
    }

    public static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (RETRYABLE.contains(s.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
