package io.cryptoassets.worker.chain.simulated;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.ReceivedOutput;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.exceptions.AddressFormatException;
import org.bitcoinj.crypto.ECKey;

/**
 * The node's wallet: the addresses it handed out (receiving) or keeps for itself (change and the
 * starting coins), the outputs it locked, and how it signs and sends, over the {@link ChainState}
 * it watches. Guarded by the monitor of the {@link SimulatedChain} that holds it.
 */
final class SimulatedWallet {

    private final BitcoinNetwork network;
    private final AddressParser addresses;
    private final BigInteger feePerSend;
    private final Set<String> receiving = new HashSet<>();
    private final Set<String> change = new HashSet<>();
    private final ChainState state = new ChainState(a -> receiving.contains(a) || change.contains(a));
    /** Outputs no signing may choose. Every lock persists: the simulated node never restarts. */
    private final Set<Outpoint> locked = new TreeSet<>();
    /** Signed and not sent: the node does not know them, but a test may double-spend one. */
    private final Map<String, RawTransaction> signedUnsent = new HashMap<>();
    private final List<SimulatedSend> sends = new ArrayList<>();
    private final Set<String> sentTxids = new HashSet<>();
    private BigInteger dustThreshold = SimulatedChain.DEFAULT_DUST_THRESHOLD;

    SimulatedWallet(BitcoinNetwork network, BigInteger feePerSend) {
        this.network = network;
        this.addresses = AddressParser.getDefault(network);
        this.feePerSend = feePerSend;
    }

    ChainState state() {
        return state;
    }

    BigInteger feePerSend() {
        return feePerSend;
    }

    void dustThreshold(BigInteger threshold) {
        this.dustThreshold = threshold;
    }

    /** A fresh address of the network, nobody's until registered. */
    String anyAddress() {
        return new ECKey().toAddress(ScriptType.P2WPKH, network).toString();
    }

    void handOut(String address) {
        receiving.add(address);
    }

    int handedOut() {
        return receiving.size();
    }

    String newChangeAddress() {
        String address = anyAddress();
        change.add(address);
        return address;
    }

    boolean isChange(String address) {
        return change.contains(address);
    }

    /** The starting balance as {@code pieces} outputs of one coinbase in the genesis block (the first takes the remainder). */
    void fund(BigInteger balance, int pieces) {
        BigInteger[] split = balance.divideAndRemainder(BigInteger.valueOf(pieces));
        List<RawTransaction.Output> outputs = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            BigInteger amount = i == 0 ? split[0].add(split[1]) : split[0];
            if (amount.signum() > 0) {
                outputs.add(new RawTransaction.Output(newChangeAddress(), amount));
            }
        }
        byte[] tag = new byte[32];
        ThreadLocalRandom.current().nextBytes(tag);
        state.admitToGenesis(RawTransaction.coinbase(tag, outputs, network));
    }

    /**
     * Checks the outputs as Bitcoin Core does (every address and amount, then dust, then funds),
     * then selects unlocked trusted outputs, oldest first, until they cover the outputs and the
     * fee; change above zero goes to a fresh change address after the outputs. Locks the inputs.
     *
     * @param refusalCode the code of a refusal to build: -6 for {@code sendmany}, -4 for a PSBT
     */
    RawTransaction sign(Map<String, BigInteger> outputs, int refusalCode) {
        List<RawTransaction.Output> payments = checked(outputs, refusalCode);
        BigInteger needed = payments.stream().map(RawTransaction.Output::amount).reduce(feePerSend, BigInteger::add);
        List<Outpoint> inputs = new ArrayList<>();
        BigInteger gathered = BigInteger.ZERO;
        for (ChainState.Coin coin : state.trustedCoins()) {
            if (gathered.compareTo(needed) >= 0) {
                break;
            }
            if (!locked.contains(coin.outpoint())) {
                inputs.add(coin.outpoint());
                gathered = gathered.add(coin.amount());
            }
        }
        if (gathered.compareTo(needed) < 0) {
            throw NodeRefusals.insufficientFunds(refusalCode);
        }
        List<RawTransaction.Output> all = new ArrayList<>(payments);
        if (gathered.compareTo(needed) > 0) {
            all.add(new RawTransaction.Output(newChangeAddress(), gathered.subtract(needed)));
        }
        // Lock time at the tip, as Bitcoin Core sets it against fee sniping.
        RawTransaction signed = RawTransaction.spending(inputs, all, state.tip(), RawTransaction.REPLACEABLE, network);
        locked.addAll(inputs);
        signedUnsent.put(signed.txid(), signed);
        return signed;
    }

    /**
     * Puts a transaction on the network unless the node refuses it: the txid when the node has it
     * now (in the mempool or a block, a second copy included). Spending releases the inputs'
     * locks; a transaction spending the wallet's outputs is one of its {@link #sends()}, once.
     */
    String accept(RawTransaction raw) {
        switch (state.verdict(raw)) {
            case IN_MEMPOOL, CONFIRMED -> {
                return raw.txid();
            }
            case MEMPOOL_CONFLICT -> throw NodeRefusals.mempoolConflict();
            case MISSING_INPUTS -> throw NodeRefusals.missingOrSpent();
            case OUTPUTS_EXCEED_INPUTS -> throw NodeRefusals.outputsExceedInputs();
            case ACCEPTABLE -> {
                // taken below
            }
        }
        BigInteger fee = state.spendsWalletCoins(raw) ? state.inputTotal(raw).subtract(raw.outputTotal()) : null;
        ChainTransaction tx = state.admit(raw, fee);
        raw.inputs().forEach(locked::remove);
        signedUnsent.remove(raw.txid());
        if (tx.fromWallet() && sentTxids.add(raw.txid())) {
            sends.add(new SimulatedSend(raw.txid(), payments(raw), tx.fee));
        }
        return raw.txid();
    }

    Optional<RawTransaction> signedUnsent(String txid) {
        return Optional.ofNullable(signedUnsent.get(txid));
    }

    List<SimulatedSend> sends() {
        return List.copyOf(sends);
    }

    Set<Outpoint> locked() {
        return new TreeSet<>(locked);
    }

    void unlock(Collection<Outpoint> inputs) {
        locked.removeAll(inputs);
    }

    /** See {@link SimulatedChain#lockUnspent}. */
    void lockUnspent(boolean unlock, Collection<Outpoint> outpoints, boolean persistent) {
        if (unlock && outpoints.isEmpty()) {
            locked.clear();
            return;
        }
        for (Outpoint outpoint : outpoints) {
            ChainTransaction tx = state.find(outpoint.txid()).orElseThrow(() -> invalidParameter("unknown transaction"));
            if (outpoint.vout() >= tx.raw.outputs().size()) {
                throw invalidParameter("vout index out of bounds");
            }
            if (state.isSpent(outpoint)) {
                throw invalidParameter("expected unspent output");
            }
            if (unlock && !locked.contains(outpoint)) {
                throw invalidParameter("expected locked output");
            }
            if (!unlock && locked.contains(outpoint) && !persistent) {
                throw invalidParameter("output already locked");
            }
        }
        if (unlock) {
            locked.removeAll(outpoints);
        } else {
            locked.addAll(outpoints);
        }
    }

    /** Outputs of {@code tx} paying addresses the wallet handed out; change is not listed. */
    List<ReceivedOutput> received(ChainTransaction tx) {
        List<ReceivedOutput> received = new ArrayList<>();
        List<RawTransaction.Output> outputs = tx.raw.outputs();
        for (int vout = 0; vout < outputs.size(); vout++) {
            RawTransaction.Output output = outputs.get(vout);
            if (receiving.contains(output.address())) {
                received.add(new ReceivedOutput(tx.txid(), vout, output.address(), output.amount(), state.confirmations(tx)));
            }
        }
        return received;
    }

    private List<RawTransaction.Output> checked(Map<String, BigInteger> outputs, int refusalCode) {
        if (outputs.isEmpty()) {
            throw NodeRefusals.refused(refusalCode, "Transaction must have at least one recipient");
        }
        List<RawTransaction.Output> payments = new ArrayList<>();
        for (Map.Entry<String, BigInteger> output : outputs.entrySet()) {
            try {
                addresses.parseAddress(output.getKey());
            } catch (AddressFormatException e) {
                throw NodeRefusals.invalidAddress(output.getKey());
            }
            if (output.getValue().signum() <= 0) {
                throw NodeRefusals.invalidAmount();
            }
            if (output.getValue().bitLength() >= Long.SIZE) {
                throw NodeRefusals.amountOutOfRange();
            }
            payments.add(new RawTransaction.Output(output.getKey(), output.getValue()));
        }
        if (payments.stream().anyMatch(p -> p.amount().compareTo(dustThreshold) < 0)) {
            throw NodeRefusals.dust(refusalCode);
        }
        return payments;
    }

    /** The outputs of a wallet transaction other than its change, summed per address. */
    private Map<String, BigInteger> payments(RawTransaction raw) {
        Map<String, BigInteger> payments = new LinkedHashMap<>();
        for (RawTransaction.Output output : raw.outputs()) {
            if (output.address() != null && !change.contains(output.address())) {
                payments.merge(output.address(), output.amount(), BigInteger::add);
            }
        }
        return payments;
    }

    private static NodeCallFailedException invalidParameter(String what) {
        return new NodeCallFailedException("Invalid parameter, " + what, NodeRefusals.RPC_INVALID_PARAMETER, null);
    }
}
