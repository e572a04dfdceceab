package io.cryptoassets.worker.chain.simulated;

import java.math.BigInteger;

/**
 * A transaction the simulated node has seen on the network, and where it is now. Guarded by
 * the monitor of the {@link SimulatedChain} that holds it.
 */
final class ChainTransaction {

    final RawTransaction raw;
    /** What the wallet paid the miners; null when the wallet did not pay for it (a receive, a coinbase). */
    final BigInteger fee;
    /** Arrival order on this node: the age coin selection goes by. */
    final long arrival;
    /** In the mempool or a block; false once dropped, conflicted or replaced. */
    boolean live;
    /** Height of the block holding it, or -1 while unconfirmed. */
    int height = -1;
    /** The transaction that replaced it in the mempool, or null. */
    String replacedBy;
    /** The transaction it replaced, or null. */
    String replaces;

    ChainTransaction(RawTransaction raw, BigInteger fee, long arrival) {
        this.raw = raw;
        this.fee = fee;
        this.arrival = arrival;
    }

    String txid() {
        return raw.txid();
    }

    boolean inMempool() {
        return live && height < 0;
    }

    boolean confirmed() {
        return live && height >= 0;
    }

    /** Paid for by the wallet: its outputs to the wallet are trusted before they confirm, as change is. */
    boolean fromWallet() {
        return fee != null;
    }
}
