package io.cryptoassets.worker.chain.simulated;

import io.cryptoassets.worker.chain.Outpoint;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.bitcoinj.base.BitcoinNetwork;

/**
 * What the network does to a transaction behind the wallet's back, on a test's command: a
 * mempool evicts it, a double spend of it is mined, a replacement takes its place. See the
 * public methods of {@link SimulatedChain} that call these. Guarded by that chain's monitor.
 */
final class NetworkEvents {

    private static final long FINAL = 0xFFFFFFFFL;

    private final SimulatedWallet wallet;
    private final ChainState state;
    private final BitcoinNetwork network;

    NetworkEvents(SimulatedWallet wallet, BitcoinNetwork network) {
        this.wallet = wallet;
        this.state = wallet.state();
        this.network = network;
    }

    void drop(String txid) {
        ChainTransaction tx = known(txid);
        if (!tx.inMempool()) {
            throw new IllegalStateException(txid + " is not in the mempool");
        }
        state.evict(tx);
    }

    String doubleSpend(String txid) {
        Optional<ChainTransaction> tx = state.find(txid);
        RawTransaction original = tx.map(t -> t.raw).or(() -> wallet.signedUnsent(txid))
                .orElseThrow(() -> new IllegalArgumentException("no transaction " + txid + " to double-spend"));
        if (tx.isPresent() && tx.get().confirmed()) {
            throw new IllegalStateException(txid + " is in a block: reorganize it away first");
        }
        tx.ifPresent(state::evict);
        Outpoint input = original.inputs().get(0);
        if (state.isSpent(input)) {
            throw new IllegalStateException("input " + input + " of " + txid + " is spent by another transaction already");
        }
        boolean ours = state.isWalletCoin(input);
        // An outside payment's input is not on this chain: what it held is what it paid.
        BigInteger value = state.unspentOutput(input).map(RawTransaction.Output::amount).orElse(original.outputTotal());
        String to = ours ? wallet.newChangeAddress() : wallet.anyAddress();
        RawTransaction conflicting = RawTransaction.spending(List.of(input), List.of(new RawTransaction.Output(to, value)),
                state.tip(), FINAL, network);
        state.admitMined(conflicting, ours ? BigInteger.ZERO : null);
        wallet.unlock(List.of(input));
        return conflicting.txid();
    }

    String replace(String txid) {
        ChainTransaction tx = known(txid);
        if (!tx.inMempool()) {
            throw new IllegalStateException(txid + " is not in the mempool: only a waiting transaction is replaced");
        }
        RawTransaction replacement = RawTransaction.spending(tx.raw.inputs(), tx.raw.outputs(), tx.raw.lockTime() + 1,
                RawTransaction.REPLACEABLE, network);
        state.evict(tx);
        ChainTransaction added = state.admit(replacement, tx.fee);
        tx.replacedBy = replacement.txid();
        added.replaces = tx.txid();
        return replacement.txid();
    }

    /** A payment from outside the wallet: its input is somebody else's output, unknown to this chain. */
    String payment(String address, BigInteger amount) {
        Outpoint theirs = new Outpoint(ChainState.randomHash(), 0);
        RawTransaction payment = RawTransaction.spending(List.of(theirs), List.of(new RawTransaction.Output(address, amount)),
                0, FINAL, network);
        return state.admit(payment, null).txid();
    }

    private ChainTransaction known(String txid) {
        return state.find(txid).orElseThrow(() -> new IllegalArgumentException("the node does not know " + txid));
    }
}
