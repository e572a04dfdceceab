package io.cryptoassets.worker.tx;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of {@link SerializableTransactions}, exported as {@code cryptoassets.transactions}
 * tagged {@code outcome}: success (committed), retry (an attempt conflicted and was replayed),
 * error (a non-conflict failure, passed through) and giveup (retries exhausted).
 */
public class TransactionMetrics {

    static final String NAME = "cryptoassets.transactions";

    private final Counter successes;
    private final Counter retries;
    private final Counter errors;
    private final Counter giveUps;

    public TransactionMetrics(MeterRegistry registry) {
        successes = counter(registry, "success");
        retries = counter(registry, "retry");
        errors = counter(registry, "error");
        giveUps = counter(registry, "giveup");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder(NAME)
                .tag("outcome", outcome)
                .description("Serializable transactions by outcome")
                .register(registry);
    }

    void success() {
        successes.increment();
    }

    void retry() {
        retries.increment();
    }

    void error() {
        errors.increment();
    }

    void giveUp() {
        giveUps.increment();
    }

    public long successes() {
        return (long) successes.count();
    }

    public long retries() {
        return (long) retries.count();
    }

    public long errors() {
        return (long) errors.count();
    }

    public long giveUps() {
        return (long) giveUps.count();
    }
}
