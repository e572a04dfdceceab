package io.cryptoassets.worker.chain.simulated;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults waiting to strike, per call: each queued fault hits the next call of its kind once.
 * {@link #down(boolean)} makes every call fail until it is lifted, like a stopped node;
 * {@link #refuseLookupsOf(String)} makes the node answer every look-up of one txid with an error
 * while it answers everything else.
 */
public final class Faults {

    private final Map<ChainCall, Queue<Fault>> queued = new EnumMap<>(ChainCall.class);
    private final Set<String> refusedLookups = ConcurrentHashMap.newKeySet();
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

    /** Until cleared, every {@code gettransaction} of {@code txid} is answered with an error object. */
    public Faults refuseLookupsOf(String txid) {
        refusedLookups.add(txid);
        return this;
    }

    public synchronized void clear() {
        queued.clear();
        refusedLookups.clear();
        down = false;
    }

    boolean isDown() {
        return down;
    }

    boolean refusesLookupOf(String txid) {
        return refusedLookups.contains(txid);
    }

    synchronized Optional<Fault> take(ChainCall call) {
        Queue<Fault> faults = queued.get(call);
        return faults == null ? Optional.empty() : Optional.ofNullable(faults.poll());
    }
}
