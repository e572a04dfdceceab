package io.cryptoassets.worker.scheduling;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.audit.ReservesWatch;
import io.cryptoassets.worker.broadcast.Broadcaster;
import io.cryptoassets.worker.broadcast.BrokenBroadcastWatch;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.Nodes;
import io.cryptoassets.worker.tracking.ConfirmationTracker;
import io.cryptoassets.worker.tracking.DepositScanner;
import io.cryptoassets.worker.tracking.NodeHealthWatch;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the chain side for every asset with a node: broadcast rounds, the broken-broadcast watch,
 * confirmation polls, deposit scans (one at start, then every {@code scan-interval}), node
 * probes and the reserves check. It sits above the features it drives and calls them, never the
 * other way round. Every worker runs it; correctness comes from the database (conditional updates,
 * serializable transactions), not from which worker runs what. A failing task logs and runs
 * again at its next tick. Probes have threads of their own, one per node, so that node calls
 * which hang until their timeouts cannot also hold up the watch that reports them.
 */
final class ChainScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChainScheduler.class);

    private final LedgerProperties ledger;
    private final ChainProperties properties;
    private final Nodes nodes;
    private final Tasks tasks;
    private ScheduledExecutorService executor;
    private ScheduledExecutorService probes;

    /** What runs for each asset with a node. */
    record Tasks(Broadcaster broadcaster, BrokenBroadcastWatch brokenWatch, ConfirmationTracker confirmations,
                 DepositScanner scanner, NodeHealthWatch health, ReservesWatch reserves) {
    }

    ChainScheduler(LedgerProperties ledger, ChainProperties properties, Nodes nodes, Tasks tasks) {
        this.ledger = ledger;
        this.properties = properties;
        this.nodes = nodes;
        this.tasks = tasks;
    }

    @Override
    public synchronized void start() {
        int withNode = (int) ledger.assets().stream().filter(a -> nodes.forAsset(a.code()).isPresent()).count();
        executor = pool("chain-", 3);
        probes = pool("node-probe-", withNode);
        for (AssetProperties asset : ledger.assets()) {
            nodes.forAsset(asset.code()).ifPresent(node -> schedule(asset, node));
        }
    }

    private static ScheduledExecutorService pool(String prefix, int size) {
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(Math.max(1, size), r -> {
            Thread thread = new Thread(r, prefix + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return pool;
    }

    private void schedule(AssetProperties asset, NodePort node) {
        String code = asset.code();
        every(properties.broadcastInterval(), code + " broadcast", () -> {
            while (tasks.broadcaster().round(asset, node)) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        });
        every(properties.broadcastInterval(), code + " broken-broadcast watch", () -> tasks.brokenWatch().check(asset));
        every(properties.confirmationsInterval(), code + " confirmations", () -> tasks.confirmations().poll(asset, node));
        Duration probe = properties.nodeProbeInterval();
        probes.scheduleWithFixedDelay(guarded(code + " node probe", () -> tasks.health().probe(asset, node)),
                0, probe.toMillis(), TimeUnit.MILLISECONDS);
        Runnable scan = () -> tasks.scanner().scan(asset, node, false, (done, total, ours) -> { });
        if (properties.scanOnStart()) {
            executor.execute(guarded(code + " scan at start", scan));
        }
        if (!properties.scanInterval().isZero()) {
            every(properties.scanInterval(), code + " scan", scan);
        }
        if (!properties.reservesInterval().isZero()) {
            every(properties.reservesInterval(), code + " reserves", () -> tasks.reserves().check(asset, node));
        }
        log.info("{}: chain side running (broadcast every {}, confirmations every {}, broken after {}, "
                        + "node probed every {}, unreachable after {})", code, properties.broadcastInterval(),
                properties.confirmationsInterval(), properties.brokenAfter(), probe, properties.nodeUnreachableAfter());
    }

    private void every(Duration interval, String name, Runnable task) {
        executor.scheduleWithFixedDelay(guarded(name, task), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A scheduled task that throws is never run again; log instead, and try at the next tick. */
    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} failed; trying again at its next tick", name, e);
            }
        };
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            probes.shutdownNow();
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS) || !probes.awaitTermination(1, TimeUnit.SECONDS)) {
                    log.warn("chain tasks did not stop within 30s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
            probes = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
