package io.cryptoassets.worker.scheduling;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.ledger.HoldExpiry;
import io.cryptoassets.worker.ledger.HoldProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the hold expiry round for every asset, with a node or without: expiry touches only the
 * ledger. One thread; a round that fails logs and runs again at the next tick.
 */
final class HoldScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HoldScheduler.class);

    private final LedgerProperties ledger;
    private final HoldProperties properties;
    private final HoldExpiry expiry;
    private ScheduledExecutorService executor;

    HoldScheduler(LedgerProperties ledger, HoldProperties properties, HoldExpiry expiry) {
        this.ledger = ledger;
        this.properties = properties;
        this.expiry = expiry;
    }

    @Override
    public synchronized void start() {
        if (properties.expiryInterval().isZero()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hold-expiry");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.expiryInterval().toMillis();
        executor.scheduleWithFixedDelay(this::round, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void round() {
        for (AssetProperties asset : ledger.assets()) {
            try {
                int expired = expiry.round(asset);
                if (expired > 0) {
                    log.info("{}: {} hold(s) expired and released", asset.code(), expired);
                }
            } catch (RuntimeException e) {
                log.warn("{} hold expiry failed; trying again at its next tick", asset.code(), e);
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("hold expiry did not stop within 30s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
