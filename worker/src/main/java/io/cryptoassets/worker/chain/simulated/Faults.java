package io.cryptoassets.worker.chain.simulated;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.chain.SendRefusedException;
import java.time.Duration;
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

    boolean refusesLookupOf(String txid) {
        return refusedLookups.contains(txid);
    }

    synchronized Optional<Fault> take(ChainCall call) {
        Queue<Fault> faults = queued.get(call);
        return faults == null ? Optional.empty() : Optional.ofNullable(faults.poll());
    }

    /** Applies a read call's fault: a refusal or timeout fails it, a slow reply delays it. */
    void strike(ChainCall call) {
        Optional<Fault> fault = arrive(call, false);
        if (fault.isPresent() && fault.get().kind() != Fault.Kind.SLOW) {
            throw new NodeCallFailedException("simulated " + fault.get().kind() + " on " + call);
        }
    }

    /**
     * Takes the call's next fault: fails when the node is down or the fault is a refusal, sleeps
     * when it is slow, and returns it for the caller to apply a timeout.
     *
     * @param plainRefusal a refusal without words is a plain {@link NodeCallFailedException}, as
     *                     {@code sendmany}'s have always been, rather than a {@link SendRefusedException}
     */
    Optional<Fault> arrive(ChainCall call, boolean plainRefusal) {
        if (down) {
            throw new NodeCallFailedException("simulated node is down");
        }
        Optional<Fault> fault = take(call);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.REFUSE) {
            throw refusal(call, fault.get(), plainRefusal);
        }
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.SLOW) {
            pause(fault.get().delay());
        }
        return fault;
    }

    private static NodeCallFailedException refusal(ChainCall call, Fault fault, boolean plainRefusal) {
        boolean sending = call == ChainCall.SEND || call == ChainCall.SIGN || call == ChainCall.SEND_RAW;
        int code = fault.rpcCode() == null ? -1 : fault.rpcCode();
        if (fault.message() == null) {
            String message = "simulated refusal of " + call;
            return sending && !plainRefusal ? new SendRefusedException(SendRefusal.of(code, message), code, null)
                    : new NodeCallFailedException(message, code, null);
        }
        return sending ? NodeRefusals.refused(code, fault.message()) : new NodeCallFailedException(fault.message(), code, null);
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis()); // the simulated node itself is slow, not a wait for a result
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeCallFailedException("interrupted while answering slowly");
        }
    }
}
