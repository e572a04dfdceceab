package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.SendRefusedException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The wallet's locks on its outputs ({@code listlockunspent}, {@code lockunspent}): a locked output
 * is never chosen by the wallet's coin selection, so a transaction signed but not yet settled keeps
 * its inputs to itself.
 *
 * <p>Bitcoin Core refuses to unlock an output that is not locked (-8, "expected locked output"),
 * and unlocks an output by itself when a transaction spending it enters the wallet; so every
 * unlock first asks which outputs are locked now.
 */
final class CoinLocks {

    /** Bitcoin Core's RPC_INVALID_PARAMETER: lockunspent's answer for an output not in the state it expects. */
    private static final int RPC_INVALID_PARAMETER = -8;

    private final JsonRpcClient rpc;

    CoinLocks(JsonRpcClient rpc) {
        this.rpc = rpc;
    }

    /** {@code listlockunspent}. */
    SortedSet<Outpoint> locked() {
        String method = "listlockunspent";
        JsonNode result = rpc.read(method, List.of());
        AnswerFields.requireArray(method, result);
        SortedSet<Outpoint> locked = new TreeSet<>();
        for (JsonNode entry : result) {
            locked.add(AnswerFields.outpoint(method, entry));
        }
        return Collections.unmodifiableSortedSet(locked);
    }

    /**
     * Unlocks those of {@code outputs} that are locked now; nothing is called for none. Asked twice
     * at most: between {@code listlockunspent} and {@code lockunspent} a transaction spending one of
     * them may arrive and unlock it, and the node then refuses the whole call with -8.
     */
    void unlock(Collection<Outpoint> outputs) {
        if (outputs.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            SortedSet<Outpoint> lockedNow = new TreeSet<>(locked());
            lockedNow.retainAll(Set.copyOf(outputs));
            if (lockedNow.isEmpty()) {
                return;
            }
            try {
                lockunspent(true, lockedNow, false);
                return;
            } catch (NodeCallFailedException e) {
                if (attempt == 2 || !Objects.equals(e.rpcCode(), RPC_INVALID_PARAMETER)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Makes the locks {@code walletcreatefundedpsbt} took in memory survive a node restart
     * ({@code persistent}, Bitcoin Core 23 and later): the lock is unlocked, then taken again
     * persistently right away.
     *
     * <p>Why not lock persistently over the memory lock, which the node accepts? In the versions
     * that keep each lock's kind in memory, a lock taken that way stays marked as a memory lock, so
     * the node never erases its database record when the output is spent: the spent output comes
     * back locked after the next restart and can never be unlocked (bitcoin/bitcoin#36304). The
     * price of the two calls is a moment in which the outputs are free; the caller keeps this
     * worker's own coin selection out of it.
     */
    void keepAcrossRestarts(List<Outpoint> inputs) {
        lockunspent(true, inputs, false);
        try {
            lockunspent(false, inputs, true);
        } catch (NodeCallFailedException e) {
            throw new NodeCallFailedException("bitcoind lockunspent: the inputs could not be locked persistently"
                    + " (Bitcoin Core 23 or later is needed, or broadcast-mode sendmany): " + e.getMessage(),
                    e.rpcCode(), e);
        }
    }

    /**
     * Unlocks the inputs of a signing that failed, and returns the failure to throw. The failure is
     * never replaced by the unlocking's own: that one is attached as suppressed. A refusal promises
     * that nothing stays locked, so a refusal whose inputs could not be unlocked becomes a plain
     * failure (the inputs then show in {@code listlockunspent} for whoever cleans up).
     */
    RuntimeException releaseAfter(List<Outpoint> inputs, RuntimeException failure) {
        try {
            unlock(inputs);
            return failure;
        } catch (RuntimeException unlockFailed) {
            failure.addSuppressed(unlockFailed);
            if (failure instanceof SendRefusedException refused) {
                return new NodeCallFailedException("bitcoind: " + refused.refusal() + "; its inputs " + inputs
                        + " could not be unlocked: " + unlockFailed.getMessage(), null, refused);
            }
            return failure;
        }
    }

    private void lockunspent(boolean unlock, Collection<Outpoint> outputs, boolean persistent) {
        String method = "lockunspent";
        List<OutpointParam> params = outputs.stream().map(o -> new OutpointParam(o.txid(), o.vout())).toList();
        JsonNode result = rpc.read(method, persistent ? List.of(unlock, params, true) : List.of(unlock, params));
        if (result == null || !result.isBoolean() || !result.booleanValue()) {
            throw AnswerFields.malformed(method, "expected true, got " + result);
        }
    }

    /** An output as lockunspent takes it: {@code {"txid": ..., "vout": n}}. */
    record OutpointParam(String txid, int vout) {
    }
}
