package io.cryptoassets.worker.broadcast;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The broadcaster's counters, all tagged {@code asset}:
 * <ul>
 *   <li>{@code cryptoassets.broadcasts{outcome}}: sends by outcome: {@code sent}, {@code refused}
 *       (the node said no; nothing left), {@code unknown} (it may or may not have left);</li>
 *   <li>{@code cryptoassets.broadcasts.withdrawals}: withdrawals carried by sent broadcasts;</li>
 *   <li>{@code cryptoassets.broadcasts.withdrawals.failed}: withdrawals refunded because the node
 *       refused their output for good;</li>
 *   <li>{@code cryptoassets.broadcasts.bisected}: refused broadcasts split in two;</li>
 *   <li>{@code cryptoassets.broadcasts.broken}: broadcasts that need an operator;</li>
 *   <li>{@code cryptoassets.broadcasts.dropped}, {@code .conflicted}, {@code .stuck}: sent
 *       transactions the node dropped, reports conflicted, or that stay unconfirmed.</li>
 * </ul>
 */
@Component
class BroadcastMetrics {

    private final MeterRegistry registry;

    BroadcastMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void sent(String asset, int withdrawals) {
        registry.counter("cryptoassets.broadcasts", "asset", asset, "outcome", "sent").increment();
        registry.counter("cryptoassets.broadcasts.withdrawals", "asset", asset).increment(withdrawals);
    }

    void refused(String asset) {
        registry.counter("cryptoassets.broadcasts", "asset", asset, "outcome", "refused").increment();
    }

    void outcomeUnknown(String asset) {
        registry.counter("cryptoassets.broadcasts", "asset", asset, "outcome", "unknown").increment();
    }

    void broken(String asset, int count) {
        registry.counter("cryptoassets.broadcasts.broken", "asset", asset).increment(count);
    }

    void failedWithdrawals(String asset, int count) {
        registry.counter("cryptoassets.broadcasts.withdrawals.failed", "asset", asset).increment(count);
    }

    void bisected(String asset) {
        registry.counter("cryptoassets.broadcasts.bisected", "asset", asset).increment();
    }

    void dropped(String asset) {
        registry.counter("cryptoassets.broadcasts.dropped", "asset", asset).increment();
    }

    void conflicted(String asset) {
        registry.counter("cryptoassets.broadcasts.conflicted", "asset", asset).increment();
    }

    void stuck(String asset) {
        registry.counter("cryptoassets.broadcasts.stuck", "asset", asset).increment();
    }
}
