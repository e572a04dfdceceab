package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.SignedTransaction;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node as a worker that dies at one step of a broadcast sees it: the call at that step
 * throws {@link Crash}, an {@link Error} nothing in the worker catches, so nothing after it runs
 * and nothing is cleaned up, as when the process is killed there. The node itself is the real
 * simulated one, and whatever it did before the crash stays done.
 */
final class CrashingNode extends ForwardingNode {

    /** Where the worker dies, in the order of a signed broadcast. */
    enum Step {
        /** The node signed and locked the inputs; nothing is recorded. */
        AFTER_SIGN,
        /** The signed transaction is recorded; nothing was sent. */
        BEFORE_SEND,
        /** The node took the transaction; the answer never reached the worker. */
        AFTER_SEND,
        /**
         * The worker knows it was sent and dies before marking it: the block count is the last
         * thing it asks the node before the marking transaction.
         */
        BEFORE_MARK_SENT
    }

    static final class Crash extends Error {
        Crash(Step step) {
            super("the worker was killed at " + step);
        }
    }

    private final AtomicReference<Step> crashAt = new AtomicReference<>();
    private volatile SignedTransaction lastSigned;

    CrashingNode(NodePort node) {
        super(node);
    }

    /** The next time the worker reaches {@code step}, it dies there (once). */
    CrashingNode crashAt(Step step) {
        crashAt.set(step);
        return this;
    }

    SignedTransaction lastSigned() {
        return lastSigned;
    }

    private void dieIfAt(Step step) {
        if (crashAt.compareAndSet(step, null)) {
            throw new Crash(step);
        }
    }

    @Override
    public SignedTransaction sign(Map<String, BigInteger> outputs) {
        SignedTransaction signed = node.sign(outputs);
        lastSigned = signed;
        dieIfAt(Step.AFTER_SIGN);
        return signed;
    }

    @Override
    public String sendRaw(String raw) {
        dieIfAt(Step.BEFORE_SEND);
        String txid = node.sendRaw(raw);
        dieIfAt(Step.AFTER_SEND);
        return txid;
    }

    @Override
    public long blockCount() {
        dieIfAt(Step.BEFORE_MARK_SENT);
        return node.blockCount();
    }
}
