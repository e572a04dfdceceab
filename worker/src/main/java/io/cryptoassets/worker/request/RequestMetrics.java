package io.cryptoassets.worker.request;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Request counters ({@code cryptoassets.requests} by outcome: accepted, rejected, replayed,
 * dead_lettered, internal_error: answered INTERNAL_ERROR after the worker failed on it) and the size of each committed batch ({@code cryptoassets.requests.batch.size}).
 */
@Component
class RequestMetrics {

    private final Counter accepted;
    private final Counter rejected;
    private final Counter replayed;
    private final Counter deadLettered;
    private final Counter failed;
    private final Counter splits;
    private final DistributionSummary batchSize;

    RequestMetrics(MeterRegistry registry) {
        accepted = outcome(registry, "accepted");
        rejected = outcome(registry, "rejected");
        replayed = outcome(registry, "replayed");
        deadLettered = outcome(registry, "dead_lettered");
        failed = outcome(registry, "internal_error");
        splits = Counter.builder("cryptoassets.requests.batch.splits")
                .description("Batches split in halves after exhausting conflict retries or failing on a request").register(registry);
        batchSize = DistributionSummary.builder("cryptoassets.requests.batch.size")
                .description("Requests per committed transaction").publishPercentileHistogram().register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("cryptoassets.requests").tag("outcome", outcome)
                .description("Requests by outcome").register(registry);
    }

    void committed(int size, BatchApplier.Applied applied) {
        batchSize.record(size);
        accepted.increment(applied.accepted());
        rejected.increment(applied.rejected());
        replayed.increment(applied.replayed());
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void failed() {
        failed.increment();
    }

    void split() {
        splits.increment();
    }
}
