package io.cryptoassets.worker.chain.simulated;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the next {@code sendmany} a {@link SimulatedNodeServer} receives, so a test can kill the
 * worker that made it at a chosen moment: before the send took effect (nothing reaches the chain)
 * or after (the chain has it, the worker never learns the txid). Either way the worker's broadcast
 * stays open and becomes broken, which is what an operator has to resolve.
 */
public final class SendTrap {

    /** When the call is held. */
    public enum Phase {
        /** Held before the chain sees it; once released it is dropped without effect or answer. */
        BEFORE_SEND,
        /** The send took effect; the answer is held until released. */
        AFTER_SEND
    }

    private final Phase phase;
    private final CountDownLatch sprung = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile String caller;

    SendTrap(Phase phase) {
        this.phase = phase;
    }

    public Phase phase() {
        return phase;
    }

    /** Waits until a send is held; returns the RPC user name of the caller, or empty on timeout. */
    public Optional<String> awaitCaller(Duration timeout) throws InterruptedException {
        return sprung.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(caller) : Optional.empty();
    }

    /** Lets the held call go on: dropped for {@link Phase#BEFORE_SEND}, answered for {@link Phase#AFTER_SEND}. */
    public void release() {
        released.countDown();
    }

    /** Called by the server's handler thread: records the caller and blocks until released. */
    void hold(String rpcUser, Duration atMost) throws InterruptedException {
        caller = rpcUser;
        sprung.countDown();
        // Bounded, so a test that forgets to release cannot pin a server thread for ever.
        released.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }
}
