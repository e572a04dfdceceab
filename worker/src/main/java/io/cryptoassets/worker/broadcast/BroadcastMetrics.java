package io.cryptoassets.worker.broadcast;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code cryptoassets.broadcasts{asset, outcome}}: sends by outcome (sent, refused, unknown);
 * {@code cryptoassets.broadcasts.withdrawals{asset}}: withdrawals carried by sent broadcasts;
 * {@code cryptoassets.broadcasts.broken{asset}}: broken broadcasts found.
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
}
