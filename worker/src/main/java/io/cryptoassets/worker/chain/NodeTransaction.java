package io.cryptoassets.worker.chain;

import java.math.BigInteger;
import java.util.List;

/**
 * One transaction as the node's wallet sees it.
 *
 * @param txid          the network transaction id, lowercase hex
 * @param confirmations blocks on top of and including the one that holds it; 0 in the mempool
 *                      and for a conflicted one
 * @param fee           the fee the wallet paid, positive, in the smallest unit; null when the
 *                      wallet did not pay it (a pure receive)
 * @param received      outputs of this transaction paying the wallet's addresses
 * @param conflicted    the node reports it conflicted (negative confirmations in Bitcoin Core: a
 *                      double spend of it, or of one of its inputs, is in the best chain), so it
 *                      will not confirm unless that chain is itself reorganised away
 */
public record NodeTransaction(String txid, int confirmations, BigInteger fee, List<ReceivedOutput> received,
                              boolean conflicted) {

    public NodeTransaction {
        if (confirmations < 0) {
            throw new IllegalArgumentException("confirmations of " + txid + " must not be negative; say conflicted");
        }
        received = List.copyOf(received);
    }

    /**
     * The node's own count: negative means conflicted, as {@code gettransaction} reports it, and
     * becomes 0 confirmations with {@link #conflicted()} set.
     */
    public NodeTransaction(String txid, int nodeConfirmations, BigInteger fee, List<ReceivedOutput> received) {
        this(txid, Math.max(0, nodeConfirmations), fee, received, nodeConfirmations < 0);
    }
}
