package io.cryptoassets.worker.scheduling;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one expiry round (withdrawals not approved in time, holds past their expiry) for every
 * asset, with a node or without: expiry touches only the ledger. One thread per kind of expiry; a
 * round that fails logs and runs again at the next tick. An interval of zero turns it off.
 */
final class ExpiryScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExpiryScheduler.class);

    private final String name;
    private final LedgerProperties ledger;
    private final Duration interval;
    private final ToIntFunction<AssetProperties> round;
    private final String expiredMessage;
    private ScheduledExecutorService executor;

    /**
     * @param name           the thread's name and the logs' word for it, e.g. {@code hold-expiry}
     * @param round          one asset's round; answers how many it expired
     * @param expiredMessage logged with the asset's code and that count when it is above zero
     */
    ExpiryScheduler(String name, LedgerProperties ledger, Duration interval, ToIntFunction<AssetProperties> round,
                    String expiredMessage) {
        this.name = name;
        this.ledger = ledger;
        this.interval = interval;
        this.round = round;
        this.expiredMessage = expiredMessage;
    }

    @Override
    public synchronized void start() {
        if (interval.isZero()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::roundOfEveryAsset, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void roundOfEveryAsset() {
        for (AssetProperties asset : ledger.assets()) {
            try {
                int expired = round.applyAsInt(asset);
                if (expired > 0) {
                    log.info("{}: " + expiredMessage, asset.code(), expired);
                }
            } catch (RuntimeException e) {
                log.warn("{} {} failed; trying again at its next tick", asset.code(), name, e);
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("{} did not stop within 30s", name);
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
