package io.cryptoassets.worker.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one scenario measured, from the first withdrawal sent to the last result read.
 *
 * @param setupRate       account, address and deposit requests per second before measuring
 * @param cpu             CPU seconds during the measurement, per process
 * @param rollbacks       transactions PostgreSQL rolled back in the run's database
 * @param splits          batches the worker split in halves after exhausting its retries
 * @param audit           the first line of {@code worker.jar audit} after the run
 * @param loadBefore      the machine's 1-minute load average before the run
 * @param loadAfter       the same after it
 */
record RunFigures(Scenario scenario, Phase phase, long expectedRejections, double setupRate, Cpu cpu,
                  HeapSampler.Heap heap, long rollbacks, long splits, String audit, double loadBefore,
                  double loadAfter) {

    /** CPU seconds used during the measurement. */
    record Cpu(double worker, double database, double broker, double driver) {
    }

    /** Committed batches of the measured withdrawals, by size: count, mean, median and largest. */
    BatchSizes batchSizes() {
        Histogram sizes = new Histogram(1_000_000, 3);
        phase.batches.values().forEach(sizes::recordValue);
        return new BatchSizes(sizes.getTotalCount(), sizes.getMean(), sizes.getValueAtPercentile(50),
                sizes.getMaxValue());
    }

    record BatchSizes(long count, double mean, long median, long max) {
    }

    /** Worker CPU per withdrawal, in microseconds. */
    double workerMicrosPerRequest() {
        return cpu.worker() * 1e6 / phase.requests;
    }

    static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e3;
    }

    static final List<Double> PERCENTILES = List.of(50.0, 99.0, 99.9);
}
