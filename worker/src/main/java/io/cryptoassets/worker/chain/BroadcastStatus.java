package io.cryptoassets.worker.chain;

import java.math.BigInteger;
import java.util.List;

/**
 * What the node knows of a transaction the worker signed ({@code gettransaction}, then
 * {@code getmempoolentry} for an unconfirmed one).
 *
 * @param state            see {@link State}
 * @param confirmations    blocks on top of and including the one that holds it; 0 unless {@code CONFIRMED}
 * @param fee              the fee the wallet paid, positive, in the smallest unit; null when not known
 * @param conflictingTxids transactions the node names as spending the same inputs
 *                         ({@code walletconflicts}); may be empty even when conflicted
 * @param replacedBy       the transaction that replaced it ({@code replaced_by_txid}), or null
 */
public record BroadcastStatus(State state, int confirmations, BigInteger fee, List<String> conflictingTxids,
                              String replacedBy) {

    /** Where the transaction is, as far as this node can tell. */
    public enum State {
        /** Neither the wallet nor the mempool knows it: it never reached this node, send it. */
        UNKNOWN,
        /** Waiting in the node's mempool. */
        IN_MEMPOOL,
        /** In a block of the best chain. */
        CONFIRMED,
        /**
         * It can no longer confirm: a transaction spending one of its inputs is in the best chain
         * (negative confirmations), or it was replaced.
         */
        CONFLICTED,
        /** The wallet knows it, unconfirmed, but the mempool no longer holds it: send it again. */
        DROPPED
    }

    public BroadcastStatus {
        conflictingTxids = List.copyOf(conflictingTxids);
        if (confirmations < 0 || (confirmations > 0) != (state == State.CONFIRMED)) {
            throw new IllegalArgumentException("confirmations " + confirmations + " do not fit state " + state);
        }
    }

    public static BroadcastStatus unknown() {
        return new BroadcastStatus(State.UNKNOWN, 0, null, List.of(), null);
    }

    /** Whether the node has it (mempool or chain): a send of it happened. */
    public boolean reachedTheNetwork() {
        return state == State.IN_MEMPOOL || state == State.CONFIRMED;
    }
}
