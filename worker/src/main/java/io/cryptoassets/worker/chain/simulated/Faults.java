package io.cryptoassets.worker.chain.simulated;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;

/**
 * Faults waiting to strike, per call: each queued fault hits the next call of its kind once.
 * {@link #down(boolean)} makes every call fail until it is lifted, like a stopped node.
 */
public final class Faults {

    private final Map<ChainCall, Queue<Fault>> queued = new EnumMap<>(ChainCall.class);
    private volatile boolean down;

    /** Queues {@code fault} for the next call of {@code call}. */
    public synchronized Faults next(ChainCall call, Fault fault) {
        queued.computeIfAbsent(call, c -> new ArrayDeque<>()).add(fault);
        return this;
    }

    /** While down, every call is refused as if the node could not be reached. */
    public void down(boolean isDown) {
        this.down = isDown;
    }

    public synchronized void clear() {
        queued.clear();
        down = false;
    }

    boolean isDown() {
        return down;
    }

    synchronized Optional<Fault> take(ChainCall call) {
        Queue<Fault> faults = queued.get(call);
        return faults == null ? Optional.empty() : Optional.ofNullable(faults.poll());
    }
}
