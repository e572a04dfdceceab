package io.cryptoassets.worker.audit;

import java.time.Duration;
import java.util.List;

/**
 * What {@code audit} found.
 *
 * @param results        one per asset and check, in order
 * @param outboxBacklog  outbox rows not yet published
 * @param oldestUnpublished age of the oldest of them; zero when none
 */
public record AuditReport(List<Result> results, long outboxBacklog, Duration oldestUnpublished) {

    /** One check of one asset; {@code examples} holds at most a few violations, {@code violations} counts all. */
    public record Result(String asset, String check, long violations, List<String> examples) {
        public boolean passed() {
            return violations == 0;
        }
    }

    public boolean passed() {
        return results.stream().allMatch(Result::passed);
    }

    public long violations() {
        return results.stream().mapToLong(Result::violations).sum();
    }
}
