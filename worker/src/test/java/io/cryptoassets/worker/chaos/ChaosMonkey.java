package io.cryptoassets.worker.chaos;

import io.cryptoassets.worker.chain.simulated.SendTrap;
import io.cryptoassets.worker.chain.simulated.SimulatedNodeServer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The chaos while the workload runs: every few seconds a random worker that is up gets SIGKILL
 * and is started again at once. Three kills land inside a broadcast: early on, the worker about to
 * send a recorded transaction ({@code sendrawtransaction}) is killed before the node saw it; then
 * one is killed just after the node locked the coins of a transaction it asked to sign, before
 * it could record it; later one is killed after its send reached the mempool, before it learnt
 * so. Each leaves work for the other workers alone, never for the operator. A quarter of the way
 * in, the broker is restarted. Besides, in an order and at
 * times drawn from the seed ({@link FaultSchedule}): poison records, a node that hangs, a node that
 * refuses, every database session of the workers terminated, and a worker frozen with SIGSTOP.
 * Workers that die on their own are started again and reported.
 */
final class ChaosMonkey implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChaosMonkey.class);

    static final int MIN_RANDOM_KILLS = 2;
    private static final Duration SEND_TRAP_WAIT = Duration.ofMinutes(5);
    private static final String SEND_RAW = "sendrawtransaction";
    private static final String SIGNING = "walletcreatefundedpsbt";
    /** Kills planned inside a broadcast's node calls. */
    static final int TRAPPED_KILLS = 3;

    private final WorkerFleet fleet;
    private final StandaloneBroker broker;
    private final SimulatedNodeServer node;
    private final KillSettings settings;
    private final Workload workload;
    private final JdbcClient jdbc;
    private final Random random;
    private final Thread thread = new Thread(this::run, "chaos-monkey");
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> unexpectedExits = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;
    private volatile boolean stopped;
    private volatile int randomKills;
    private volatile int trappedKills;
    private volatile int brokerRestarts;
    private final List<FaultSchedule.Kind> faultsDone = new CopyOnWriteArrayList<>();
    private long startedAt;

    ChaosMonkey(WorkerFleet fleet, StandaloneBroker broker, SimulatedNodeServer node, KillSettings settings,
                Workload workload, JdbcClient jdbc) {
        this.fleet = fleet;
        this.broker = broker;
        this.node = node;
        this.settings = settings;
        this.workload = workload;
        this.jdbc = jdbc;
        this.random = new Random(settings.seed() + 1);
    }

    void start() {
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the schedule early, for a test that failed before it ended: nothing is restarted after. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(TimeUnit.MINUTES.toMillis(5));
    }

    /** Waits until the schedule is done; fails if the chaos itself failed. */
    void awaitEnd() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw new IllegalStateException("the chaos schedule failed", failure);
        }
    }

    List<String> events() {
        return List.copyOf(events);
    }

    List<String> unexpectedExits() {
        return List.copyOf(unexpectedExits);
    }

    int randomKills() {
        return randomKills;
    }

    int trappedKills() {
        return trappedKills;
    }

    int brokerRestarts() {
        return brokerRestarts;
    }

    /** The faults of the schedule that were carried out, in order. */
    List<FaultSchedule.Kind> faultsDone() {
        return List.copyOf(faultsDone);
    }

    /** Restarts workers that ended without being killed; called between the actions and after. */
    void superviseWorkers() {
        for (WorkerProcess worker : fleet.workers()) {
            Optional<Integer> exit = worker.exitedOnItsOwn();
            if (exit.isPresent()) {
                String what = worker.name() + " exited by itself with code " + exit.get()
                        + (worker.started() ? " after it had started" : " while starting") + "; see " + worker.logFile();
                unexpectedExits.add(what);
                note(what + "; starting it again");
                worker.start();
            }
        }
    }

    private void run() {
        startedAt = System.nanoTime();
        long end = startedAt + settings.production().toNanos();
        plan.addAll(List.of(
                new Planned(at(0.1), () -> killInside(SEND_RAW, SendTrap.Phase.BEFORE_SEND)),
                new Planned(at(0.25), this::restartBroker),
                new Planned(at(0.4), () -> killInside(SIGNING, SendTrap.Phase.AFTER_SEND)),
                new Planned(at(0.6), () -> killInside(SEND_RAW, SendTrap.Phase.AFTER_SEND))));
        FaultSchedule faults = FaultSchedule.draw(settings.seed());
        log.info("chaos: faults drawn from seed {} (replay with -Dcryptoassets.kill.seed={}): {}", settings.seed(),
                settings.seed(), faults);
        for (FaultSchedule.Fault fault : faults.faults()) {
            long startAt = at(fault.at());
            plan.add(new Planned(startAt, () -> begin(fault)));
        }
        long nextKill = startedAt + jittered(settings.killEvery());
        try {
            // A slow broker restart can take most of the time: the chaos lasts until there were
            // at least MIN_RANDOM_KILLS random kills too.
            while (!stopped && (System.nanoTime() < end || !plan.isEmpty() || randomKills < MIN_RANDOM_KILLS)) {
                superviseWorkers();
                long now = System.nanoTime();
                if (!plan.isEmpty() && now >= plan.peek().at) {
                    plan.poll().action.run();
                } else if (now >= nextKill) {
                    nextKill = killRandomWorker() ? System.nanoTime() + jittered(settings.killEvery())
                            : now + TimeUnit.MILLISECONDS.toNanos(200);
                } else {
                    // The schedule's own pause between actions.
                    LockSupport.parkNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(200), Math.max(1, nextKill - now)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!stopped) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /**
     * Kills a random worker that is up, so kills land while work is being done (mid-batch,
     * mid-commit, mid-publish); returns false when none is up yet, to be tried again shortly.
     */
    private boolean killRandomWorker() throws InterruptedException {
        List<WorkerProcess> up = fleet.workers().stream().filter(w -> w.alive() && w.started()).toList();
        if (up.isEmpty()) {
            return false;
        }
        WorkerProcess victim = up.get(random.nextInt(up.size()));
        victim.kill();
        randomKills++;
        note("SIGKILL " + victim.name() + "; starting it again");
        victim.start();
        return true;
    }

    /** Kills exactly the worker that is inside {@code rpcMethod}, before or after the call took effect. */
    private void killInside(String rpcMethod, SendTrap.Phase phase) throws InterruptedException {
        SendTrap trap = node.trapNext(rpcMethod, phase);
        // Generous: on a loaded machine, workers restarted after kills can take a minute to send again.
        Optional<String> caller = trap.awaitCaller(SEND_TRAP_WAIT);
        if (caller.isEmpty() && node.disarm(trap)) {
            throw new IllegalStateException("no worker called " + rpcMethod + " within " + SEND_TRAP_WAIT
                    + "; nothing to kill inside it");
        }
        caller = caller.isPresent() ? caller : trap.awaitCaller(Duration.ofSeconds(10));
        String name = caller.orElseThrow();
        WorkerProcess victim = fleet.byNodeUser(name).orElseThrow(() -> new IllegalStateException("unknown caller " + name));
        victim.kill();
        trap.release();
        trappedKills++;
        note("SIGKILL " + victim.name() + " inside " + rpcMethod + ", " + phase + "; starting it again");
        victim.start();
    }

    /** What is still to be done, soonest first; faults that last plan their own end when they begin. */
    private final PriorityQueue<Planned> plan = new PriorityQueue<>(Comparator.comparingLong(Planned::at));
    private long frozenPid;
    private WorkerProcess frozen;

    private void begin(FaultSchedule.Fault fault) throws InterruptedException {
        switch (fault.kind()) {
            case POISON -> {
                workload.poison();
                note("poison records sent (unkeyed replay, 600 KB record, not JSON)");
            }
            case HUNG_NODE -> {
                node.hang(fault.lasts());
                note("node hangs for " + fault.lasts().toSeconds() + " s");
            }
            case REFUSING_NODE -> {
                node.refuse(fault.lasts());
                note("node refuses every call for " + fault.lasts().toSeconds() + " s");
            }
            case CONNECTIONS_CUT -> {
                // The test's own pool is spared: it carries the operator and the checks, not the ledger's work.
                Integer cut = jdbc.sql("""
                                SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity
                                WHERE datname = current_database() AND pid <> pg_backend_pid()
                                  AND application_name <> :spared
                                """).param("spared", KillTheWorkersIT.TEST_APPLICATION_NAME).query(Integer.class).single();
                note("terminated " + cut + " database sessions of the workers");
            }
            case FROZEN_WORKER -> {
                List<WorkerProcess> up = fleet.workers().stream().filter(w -> w.alive() && w.started()).toList();
                if (up.isEmpty()) {
                    // Every worker is restarting after a kill: freeze one once it is up, so the run
                    // always carries out the whole schedule.
                    note("no worker up to freeze; trying again shortly");
                    plan.add(new Planned(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500), () -> begin(fault)));
                    return;
                }
                frozen = up.get(random.nextInt(up.size()));
                frozenPid = frozen.freeze();
                note("SIGSTOP " + frozen.name() + " (pid " + frozenPid + ") for " + fault.lasts().toSeconds() + " s");
            }
        }
        faultsDone.add(fault.kind());
        if (!fault.lasts().isZero()) {
            plan.add(new Planned(System.nanoTime() + fault.lasts().toNanos(), () -> end(fault)));
        }
    }

    private void end(FaultSchedule.Fault fault) throws InterruptedException {
        if (fault.kind() == FaultSchedule.Kind.FROZEN_WORKER && frozen != null) {
            boolean thawed = frozen.thaw(frozenPid);
            note((thawed ? "SIGCONT " : "not thawing (killed meanwhile) ") + frozen.name());
            frozen = null;
        } else {
            note(fault.kind() + " over");
        }
    }

    private void restartBroker() {
        note("restarting the broker");
        broker.restart();
        brokerRestarts++;
        note("broker back");
    }

    private long at(double fraction) {
        return startedAt + (long) (settings.production().toNanos() * fraction);
    }

    private long jittered(Duration mean) {
        return (long) (mean.toNanos() * (0.5 + random.nextDouble()));
    }

    private void note(String event) {
        String line = String.format("t+%5.1fs %s", (System.nanoTime() - startedAt) / 1e9, event);
        events.add(line);
        log.info("chaos: {}", line);
    }

    /** One action of the schedule and when it is due. */
    private record Planned(long at, Action action) {
    }

    @FunctionalInterface
    private interface Action {
        void run() throws InterruptedException;
    }
}
