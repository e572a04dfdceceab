package io.cryptoassets.worker.scheduling;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.ledger.ApprovalExpiry;
import io.cryptoassets.worker.ledger.ApprovalProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the approval expiry round for every asset, with a node or without: expiry touches only the
 * ledger. One thread; a round that fails logs and runs again at the next tick.
 */
final class ApprovalScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApprovalScheduler.class);

    private final LedgerProperties ledger;
    private final ApprovalProperties properties;
    private final ApprovalExpiry expiry;
    private ScheduledExecutorService executor;

    ApprovalScheduler(LedgerProperties ledger, ApprovalProperties properties, ApprovalExpiry expiry) {
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
            Thread thread = new Thread(r, "approval-expiry");
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
                    log.info("{}: {} withdrawal(s) not approved in time were failed and refunded", asset.code(), expired);
                }
            } catch (RuntimeException e) {
                log.warn("{} approval expiry failed; trying again at its next tick", asset.code(), e);
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("approval expiry did not stop within 30s");
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
