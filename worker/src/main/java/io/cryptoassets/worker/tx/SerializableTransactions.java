package io.cryptoassets.worker.tx;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a SERIALIZABLE transaction and, when PostgreSQL reports a conflict (40001,
 * 40P01, 53200 out of shared memory for predicate locks; see {@link FaultClassifier}; also when
 * raised at COMMIT), replays the whole transaction after a jittered,
 * exponentially growing, capped delay. This is the ConflictResolver of the ledger.
 *
 * <p>The callback must be safe to replay: it may run several times, and only the last run's
 * writes survive. It must not call the outside world (nodes, Kafka); those steps belong
 * outside the transaction or in {@link #inTransactionOnce}.
 *
 * <p>Calling either method while a transaction is already open is refused: a retry would
 * replay only the inner part while the outer transaction stays poisoned.
 */
public class SerializableTransactions {

    private final TransactionTemplate serializable;
    private final RetryTemplate retries;
    private final TransactionMetrics metrics;

    public SerializableTransactions(PlatformTransactionManager transactionManager,
                                    TransactionRetryProperties properties,
                                    TransactionMetrics metrics) {
        this.serializable = new TransactionTemplate(transactionManager);
        this.serializable.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
        this.serializable.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.metrics = metrics;
        this.retries = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(properties.maxRetries())
                .delay(properties.initialDelay())
                .multiplier(properties.multiplier())
                .maxDelay(properties.maxDelay())
                .jitter(properties.jitter())
                .predicate(FaultClassifier::isConflict)
                .build());
        this.retries.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy policy, Retryable<?> retryable) {
                metrics.retry();
            }
        });
    }

    /**
     * Runs {@code work} in a serializable transaction, replaying it on conflicts.
     *
     * @throws CannotResolveDatabaseConflict when every attempt conflicted
     * @throws RuntimeException              any other failure of the work, unchanged and not retried
     */
    public <T> T inTransaction(String name, TransactionCallback<T> work) {
        refuseNesting(name);
        try {
            T result = retries.execute(new Retryable<T>() {
                @Override
                public T execute() {
                    return serializable.execute(work);
                }

                @Override
                public String getName() {
                    return name;
                }
            });
            metrics.success();
            return result;
        } catch (RetryException e) {
            Throwable last = e.getLastException() != null ? e.getLastException() : e.getCause();
            if (FaultClassifier.isConflict(last)) {
                metrics.giveUp();
                throw new CannotResolveDatabaseConflict(name, e.getRetryCount() + 1, last);
            }
            metrics.error();
            throw rethrowUnchanged(last);
        }
    }

    /**
     * Runs {@code work} once in a serializable transaction, for steps that must never run twice
     * (such as marking a broadcast opened before the node is called). A conflict is reported as
     * {@link CannotResolveDatabaseConflict} after one attempt; the caller decides what next.
     */
    public <T> T inTransactionOnce(String name, TransactionCallback<T> work) {
        refuseNesting(name);
        try {
            T result = serializable.execute(work);
            metrics.success();
            return result;
        } catch (RuntimeException | Error e) {
            if (FaultClassifier.isConflict(e)) {
                metrics.giveUp();
                throw new CannotResolveDatabaseConflict(name, 1, e);
            }
            metrics.error();
            throw e;
        }
    }

    private static void refuseNesting(String name) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("transaction '" + name
                    + "' was started inside an open transaction; a retry would replay only part of the work");
        }
    }

    private static RuntimeException rethrowUnchanged(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        // TransactionCallback cannot throw checked exceptions; keep the cause if one appears anyway.
        return new IllegalStateException(failure);
    }
}
