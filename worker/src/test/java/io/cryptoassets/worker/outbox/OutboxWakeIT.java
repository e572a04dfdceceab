package io.cryptoassets.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appending outbox rows wakes this worker's relay by itself once the rows are committed, so no
 * path that writes events (a confirmation, an operator's resolution, a broken broadcast alert)
 * leaves them waiting for the fallback poll. The worker's relay is stopped by the fixture, so
 * nothing else takes the signal while the test looks at it.
 */
class OutboxWakeIT extends RelayIntegrationTest {

    @Autowired
    OutboxSignal signal;

    @Autowired
    PlatformTransactionManager transactionManager;

    @BeforeEach
    void quiet() throws InterruptedException {
        signal.await(Duration.ZERO);
    }

    @Test
    void aCommitThatAppendedRowsRaisesTheSignalAndNotBefore() throws InterruptedException {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            fixture.write(List.of(fixture.account(1)), 1);
            fixture.write(List.of(fixture.account(2)), 1);
            try {
                assertThat(signal.await(Duration.ofMillis(200))).as("raised before the commit").isFalse();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(signal.await(Duration.ZERO)).as("raised by the commit").isTrue();
    }

    @Test
    void aRolledBackAppendDoesNotRaiseIt() throws InterruptedException {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            fixture.write(List.of(fixture.account(1)), 1);
            status.setRollbackOnly();
        });
        assertThat(signal.await(Duration.ofMillis(200))).as("raised by a rollback").isFalse();
    }

    @Test
    void anAppendOutsideATransactionRaisesItAtOnce() throws InterruptedException {
        fixture.write(List.of(fixture.account(1)), 1);
        assertThat(signal.await(Duration.ZERO)).as("raised by an append in autocommit").isTrue();
    }
}
