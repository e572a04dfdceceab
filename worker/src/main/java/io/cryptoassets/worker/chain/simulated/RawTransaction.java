package io.cryptoassets.worker.chain.simulated;

import io.cryptoassets.worker.chain.Outpoint;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutPoint;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.core.VerificationException;

/**
 * A transaction in Bitcoin's own serialization, so its txid is the real one (double SHA-256 of
 * the bytes) and anything that reads Bitcoin transactions, bitcoinj's {@code Transaction.read}
 * included, reads it. Inputs carry no signatures: the simulated chain does not run scripts, it
 * only checks that inputs exist and are unspent. Immutable; the same content always gives the
 * same bytes and so the same txid.
 */
final class RawTransaction {

    /** What a wallet transaction sets on its inputs: final, but replaceable (BIP 125), as Bitcoin Core does. */
    static final long REPLACEABLE = 0xFFFFFFFDL;

    private static final int VERSION = 2;

    /** One output: who it pays and how much, in the smallest unit. */
    record Output(String address, BigInteger amount) {
    }

    private final String txid;
    private final String wtxid;
    private final String hex;
    private final List<Outpoint> inputs;
    private final List<Output> outputs;
    private final long lockTime;
    private final long version;
    private final int vsize;
    private final int weight;

    private RawTransaction(Transaction tx, BitcoinNetwork network) {
        this.txid = tx.getTxId().toString();
        this.wtxid = tx.getWTxId().toString();
        this.hex = HexFormat.of().formatHex(tx.serialize());
        List<Outpoint> in = new ArrayList<>();
        for (TransactionInput input : tx.getInputs()) {
            if (!input.isCoinBase()) {
                in.add(new Outpoint(input.getOutpoint().hash().toString(), Math.toIntExact(input.getOutpoint().index())));
            }
        }
        List<Output> out = new ArrayList<>();
        for (TransactionOutput output : tx.getOutputs()) {
            out.add(new Output(addressOf(output, network), BigInteger.valueOf(output.getValue().getValue())));
        }
        this.inputs = List.copyOf(in);
        this.outputs = List.copyOf(out);
        this.lockTime = tx.getLockTime();
        this.version = tx.getVersion();
        this.vsize = tx.getVsize();
        this.weight = tx.getWeight();
    }

    /** A transaction spending {@code inputs} (all with {@code sequence}) into {@code outputs}, in that order. */
    static RawTransaction spending(List<Outpoint> inputs, List<Output> outputs, long lockTime, long sequence,
                                   BitcoinNetwork network) {
        Transaction tx = new Transaction();
        tx.setVersion(VERSION);
        for (Outpoint input : inputs) {
            TransactionOutPoint spent = new TransactionOutPoint(input.vout(), Sha256Hash.wrap(input.txid()));
            tx.addInput(new TransactionInput(tx, new byte[0], spent, sequence));
        }
        addOutputs(tx, outputs, network);
        tx.setLockTime(lockTime);
        return new RawTransaction(tx, network);
    }

    /** A coinbase paying {@code outputs}: new coins, spending nothing; {@code tag} makes its txid unique. */
    static RawTransaction coinbase(byte[] tag, List<Output> outputs, BitcoinNetwork network) {
        Transaction tx = Transaction.coinbase(tag);
        addOutputs(tx, outputs, network);
        return new RawTransaction(tx, network);
    }

    /** Reads a whole serialized transaction; trailing bytes or bad hex are refused like the node refuses them. */
    static RawTransaction parse(String hex, BitcoinNetwork network) {
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex", e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        Transaction tx;
        try {
            tx = Transaction.read(buffer);
        } catch (RuntimeException e) { // bitcoinj's ProtocolException, buffer underflows, absurd lengths
            throw new IllegalArgumentException("not a transaction: " + e.getMessage(), e);
        }
        if (buffer.hasRemaining()) {
            throw new IllegalArgumentException(buffer.remaining() + " bytes after the transaction");
        }
        return new RawTransaction(tx, network);
    }

    String txid() {
        return txid;
    }

    /** The witness txid: the txid itself, as these transactions carry no witness. */
    String wtxid() {
        return wtxid;
    }

    String hex() {
        return hex;
    }

    List<Outpoint> inputs() {
        return inputs;
    }

    List<Output> outputs() {
        return outputs;
    }

    long lockTime() {
        return lockTime;
    }

    long version() {
        return version;
    }

    /** Bytes of the serialization. */
    int size() {
        return hex.length() / 2;
    }

    int vsize() {
        return vsize;
    }

    int weight() {
        return weight;
    }

    BigInteger outputTotal() {
        return outputs.stream().map(Output::amount).reduce(BigInteger.ZERO, BigInteger::add);
    }

    private static void addOutputs(Transaction tx, List<Output> outputs, BitcoinNetwork network) {
        AddressParser parser = AddressParser.getDefault(network);
        for (Output output : outputs) {
            tx.addOutput(Coin.valueOf(output.amount().longValueExact()), parser.parseAddress(output.address()));
        }
    }

    /** The address an output pays, or null when its script pays none (bare script, OP_RETURN). */
    private static String addressOf(TransactionOutput output, BitcoinNetwork network) {
        try {
            return output.getScriptPubKey().getToAddress(network).toString();
        } catch (VerificationException | IllegalArgumentException nonStandard) {
            return null;
        }
    }
}
