package io.cryptoassets.worker.chain.simulated;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the next send a {@link SimulatedNodeServer} receives ({@code sendmany} or
 * {@code sendrawtransaction}, or only one of them), so a test can kill the worker that made it at
 * a chosen moment: before the send took effect (nothing reaches the chain) or after (the chain has
 * it, the worker never learns the answer). After a {@code sendmany} the worker's broadcast stays
 * open and becomes broken, which is what an operator has to resolve; after a
 * {@code sendrawtransaction} the worker recorded the txid before sending, so it can ask the node.
 */
public final class SendTrap {

    /** When the call is held. */
    public enum Phase {
        /** Held before the chain sees it; once released it is dropped without effect or answer. */
        BEFORE_SEND,
        /** The send took effect; the answer is held until released. */
        AFTER_SEND
    }

    /** The RPC methods that send. */
    static final Set<String> SENDS = Set.of("sendmany", "sendrawtransaction");
    /** The call that picks and locks the coins of a transaction to sign. */
    static final String SIGNING = "walletcreatefundedpsbt";

    private final Phase phase;
    private final Set<String> methods;
    private final CountDownLatch sprung = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile String caller;
    private volatile String method;

    SendTrap(Phase phase, Set<String> methods) {
        this.phase = phase;
        this.methods = Set.copyOf(methods);
    }

    public Phase phase() {
        return phase;
    }

    /** The RPC method of the held call ({@code sendmany} or {@code sendrawtransaction}), or null before one is held. */
    public String method() {
        return method;
    }

    boolean catches(String rpcMethod) {
        return methods.contains(rpcMethod);
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
    void hold(String rpcUser, String rpcMethod, Duration atMost) throws InterruptedException {
        caller = rpcUser;
        method = rpcMethod;
        sprung.countDown();
        // Bounded, so a test that forgets to release cannot pin a server thread for ever.
        released.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }
}
