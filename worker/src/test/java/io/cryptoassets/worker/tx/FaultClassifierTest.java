package io.cryptoassets.worker.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class FaultClassifierTest {

    @ParameterizedTest(name = "{0}: conflict={1}, transient={2}")
    @CsvSource({
            "40001, true, true",   // serialization_failure
            "40P01, true, true",   // deadlock_detected
            "53200, true, true",   // out_of_shared_memory: predicate locks of a big batch
            "08006, false, true",  // connection_failure
            "08001, false, true",  // sqlclient_unable_to_establish_sqlconnection
            "53300, false, true",  // too_many_connections
            "53100, false, true",  // disk_full
            "57P01, false, true",  // admin_shutdown
            "57P03, false, true",  // cannot_connect_now
            "57014, false, true",  // query_canceled (statement_timeout)
            "58030, false, true",  // io_error
            "25006, false, true",  // read_only_sql_transaction
            "55P03, false, true",  // lock_not_available
            "42501, false, true",  // insufficient_privilege
            "22003, false, false", // numeric_value_out_of_range
            "23505, false, false", // unique_violation
            "40002, false, false", // transaction_integrity_constraint_violation
            "P0001, false, false", // raise_exception
            "42601, false, false", // syntax_error
            "XX000, false, false", // internal_error
    })
    void sqlStatesAreClassifiedWhereverTheyAreWrapped(String state, boolean conflict, boolean isTransient) {
        RuntimeException wrapped = new DataIntegrityViolationException("wrapped", new SQLException("x", state));
        assertThat(FaultClassifier.isConflict(wrapped)).isEqualTo(conflict);
        assertThat(FaultClassifier.isTransient(wrapped)).isEqualTo(isTransient);
        assertThat(FaultClassifier.sqlState(wrapped)).isEqualTo(state);
    }

    @org.junit.jupiter.api.Test
    void failuresWithoutSqlStateAreClassifiedByType() {
        assertThat(FaultClassifier.isTransient(new CannotGetJdbcConnectionException("pool",
                new SQLTransientConnectionException("timeout")))).isTrue();
        assertThat(FaultClassifier.isTransient(new IllegalStateException("dead letter",
                new java.util.concurrent.ExecutionException(new TimeoutException("no ack"))))).isTrue();
        assertThat(FaultClassifier.isTransient(new CannotResolveDatabaseConflict("t", 3, new SQLException("x", "40001"))))
                .isTrue();
        assertThat(FaultClassifier.isTransient(new NullPointerException("key"))).isFalse();
        // A driver exception without SQLSTATE must not break classification.
        assertThat(FaultClassifier.isConflict(new SQLException("no state"))).isFalse();
        assertThat(FaultClassifier.isTransient(new SQLException("no state"))).isFalse();
    }
}
