package io.cryptoassets.worker.chain;

import java.math.BigInteger;
import java.util.List;

/**
 * One transaction as the node's wallet sees it.
 *
 * @param txid          the network transaction id, lowercase hex
 * @param confirmations blocks on top of and including the one that holds it; 0 in the mempool.
 *                      A conflicted (double-spent or reorganised away) transaction reports 0.
 * @param fee           the fee the wallet paid, positive, in the smallest unit; null when the
 *                      wallet did not pay it (a pure receive)
 * @param received      outputs of this transaction paying the wallet's addresses
 */
public record NodeTransaction(String txid, int confirmations, BigInteger fee, List<ReceivedOutput> received) {

    public NodeTransaction {
        if (confirmations < 0) {
            confirmations = 0;
        }
        received = List.copyOf(received);
    }
}
