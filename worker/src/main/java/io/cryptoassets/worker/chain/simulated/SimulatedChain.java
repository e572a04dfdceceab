package io.cryptoassets.worker.chain.simulated;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.chain.ReceivedSince;
import io.cryptoassets.worker.chain.SendOutcomeUnknownException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.crypto.ECKey;

/**
 * An in-process chain with a wallet on it, for the demo and the tests. It behaves like a node
 * where it matters to the worker: transactions wait in the mempool until a block is mined,
 * confirmations count up with each block, blocks can be rolled back (a reorganisation), the
 * wallet owns the addresses it handed out and cannot spend more than it holds, every send is
 * counted, and {@link #faults()} makes the next call refuse, time out before or after a send
 * took effect, or answer slowly, takes the whole node down, or refuses the look-ups of one txid.
 */
public final class SimulatedChain implements NodePort, AutoCloseable {

    private final BitcoinNetwork network;
    private final BigInteger feePerSend;
    private final Random random = new Random();
    private final Faults faults = new Faults();
    private final List<String> blockHashes = new ArrayList<>();
    private final Map<String, ChainTransaction> transactions = new LinkedHashMap<>();
    private final Set<String> walletAddresses = new HashSet<>();
    private final List<SimulatedSend> sends = new ArrayList<>();
    private BigInteger walletBalance;
    private ScheduledExecutorService miner;

    /**
     * @param network        network of the addresses the wallet hands out
     * @param walletBalance  what the wallet can spend before any deposit, in the smallest unit
     * @param feePerSend     fee every send pays, in the smallest unit
     */
    public SimulatedChain(BitcoinNetwork network, BigInteger walletBalance, BigInteger feePerSend) {
        this.network = network;
        this.walletBalance = walletBalance;
        this.feePerSend = feePerSend;
        blockHashes.add(randomHex()); // genesis, height 0
    }

    public Faults faults() {
        return faults;
    }

    /** The network of the addresses this chain hands out and pays. */
    public BitcoinNetwork network() {
        return network;
    }

    @Override
    public String newAddress(String label) {
        strike(ChainCall.NEW_ADDRESS);
        String address = anyAddress();
        synchronized (this) {
            walletAddresses.add(address);
        }
        return address;
    }

    @Override
    public String send(Map<String, BigInteger> outputs) {
        Optional<Fault> fault = faultFor(ChainCall.SEND);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TIMEOUT_BEFORE_SEND) {
            throw new SendOutcomeUnknownException("simulated timeout before the node acted", null);
        }
        String txid = sendNow(outputs);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TIMEOUT_AFTER_SEND) {
            throw new SendOutcomeUnknownException("simulated timeout after " + txid + " reached the network", null);
        }
        return txid;
    }

    private synchronized String sendNow(Map<String, BigInteger> outputs) {
        BigInteger total = outputs.values().stream().reduce(feePerSend, BigInteger::add);
        if (walletBalance.compareTo(total) < 0) {
            throw new NodeCallFailedException("Insufficient funds", -6, null);
        }
        walletBalance = walletBalance.subtract(total);
        ChainTransaction tx = record(outputs, feePerSend);
        sends.add(new SimulatedSend(tx.txid, outputs, feePerSend));
        return tx.txid;
    }

    @Override
    public Optional<NodeTransaction> transaction(String txid) {
        strike(ChainCall.TRANSACTION);
        if (faults.refusesLookupOf(txid)) {
            // What Bitcoin Core answers when its wallet cannot read one of its own transactions.
            throw new NodeCallFailedException("simulated wallet error on gettransaction " + txid, -4, null);
        }
        synchronized (this) {
            ChainTransaction tx = transactions.get(txid);
            return tx == null ? Optional.empty()
                    : Optional.of(new NodeTransaction(txid, confirmations(tx), tx.fee, received(tx)));
        }
    }

    @Override
    public ReceivedSince receivedSince(String blockHash, int targetConfirmations) {
        strike(ChainCall.RECEIVED_SINCE);
        synchronized (this) {
            long after = blockHash == null ? -1 : blockHashes.indexOf(blockHash);
            if (blockHash != null && after < 0) {
                throw new NodeCallFailedException("Block not found", -5, null);
            }
            List<ReceivedOutput> received = new ArrayList<>();
            for (ChainTransaction tx : transactions.values()) {
                if (tx.height < 0 || tx.height > after) {
                    received.addAll(received(tx));
                }
            }
            int lastHeight = Math.max(0, tip() - Math.max(1, targetConfirmations) + 1);
            return new ReceivedSince(received, blockHashes.get(lastHeight));
        }
    }

    @Override
    public long blockCount() {
        strike(ChainCall.BLOCK_COUNT);
        synchronized (this) {
            return tip();
        }
    }

    /** Everything the wallet holds: the simulation has no separate unconfirmed balance. */
    @Override
    public BigInteger spendableBalance() {
        strike(ChainCall.SPENDABLE_BALANCE);
        return walletBalance();
    }

    /** Someone outside the wallet pays {@code amount} to {@code address}; returns the txid. */
    public synchronized String pay(String address, BigInteger amount) {
        return record(Map.of(address, amount), null).txid;
    }

    /** Mines {@code count} blocks; the first takes every transaction waiting in the mempool. */
    public synchronized void mine(int count) {
        for (int i = 0; i < count; i++) {
            blockHashes.add(randomHex());
            int height = tip();
            transactions.values().stream().filter(tx -> tx.height < 0).forEach(tx -> tx.height = height);
        }
    }

    /** Drops the newest {@code depth} blocks; their transactions return to the mempool. */
    public synchronized void reorganize(int depth) {
        int newTip = Math.max(0, tip() - depth);
        while (tip() > newTip) {
            blockHashes.remove(blockHashes.size() - 1);
        }
        transactions.values().stream().filter(tx -> tx.height > newTip).forEach(tx -> tx.height = -1);
    }

    /** Mines a block every {@code interval} until {@link #close()}. */
    public synchronized void startMining(Duration interval) {
        if (miner == null) {
            miner = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "simulated-miner");
                thread.setDaemon(true);
                return thread;
            });
            miner.scheduleAtFixedRate(() -> mine(1), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A valid address of this network that the wallet does not own: somebody else's. */
    public String anyAddress() {
        return new ECKey().toAddress(ScriptType.P2WPKH, network).toString();
    }

    public synchronized List<SimulatedSend> sends() {
        return List.copyOf(sends);
    }

    /** How many addresses the wallet has handed out. */
    public synchronized int addressesHandedOut() {
        return walletAddresses.size();
    }

    public synchronized BigInteger walletBalance() {
        return walletBalance;
    }

    public synchronized int height() {
        return tip();
    }

    // Placeholders while the signed-broadcast flow is built; replaced before it is used.
    @Override
    public io.cryptoassets.worker.chain.SignedTransaction sign(Map<String, BigInteger> outputs) {
        throw new UnsupportedOperationException("sign");
    }

    @Override
    public String sendRaw(String raw) {
        throw new UnsupportedOperationException("sendRaw");
    }

    @Override
    public io.cryptoassets.worker.chain.BroadcastStatus status(String txid) {
        throw new UnsupportedOperationException("status");
    }

    @Override
    public java.util.Set<io.cryptoassets.worker.chain.Outpoint> lockedInputs() {
        throw new UnsupportedOperationException("lockedInputs");
    }

    @Override
    public void unlock(java.util.Collection<io.cryptoassets.worker.chain.Outpoint> inputs) {
        throw new UnsupportedOperationException("unlock");
    }

    @Override
    public synchronized void close() {
        if (miner != null) {
            miner.shutdownNow();
            miner = null;
        }
    }

    private ChainTransaction record(Map<String, BigInteger> outputs, BigInteger fee) {
        ChainTransaction tx = new ChainTransaction(randomHex(), new ArrayList<>(outputs.entrySet()), fee);
        transactions.put(tx.txid, tx);
        for (Map.Entry<String, BigInteger> output : outputs.entrySet()) {
            if (walletAddresses.contains(output.getKey())) {
                walletBalance = walletBalance.add(output.getValue());
            }
        }
        return tx;
    }

    private List<ReceivedOutput> received(ChainTransaction tx) {
        List<ReceivedOutput> received = new ArrayList<>();
        for (int vout = 0; vout < tx.outputs.size(); vout++) {
            Map.Entry<String, BigInteger> output = tx.outputs.get(vout);
            if (walletAddresses.contains(output.getKey())) {
                received.add(new ReceivedOutput(tx.txid, vout, output.getKey(), output.getValue(), confirmations(tx)));
            }
        }
        return received;
    }

    private int confirmations(ChainTransaction tx) {
        return tx.height < 0 ? 0 : tip() - tx.height + 1;
    }

    private int tip() {
        return blockHashes.size() - 1;
    }

    private synchronized String randomHex() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Applies a read call's fault: a refusal or timeout fails it, a slow reply delays it. */
    private void strike(ChainCall call) {
        Optional<Fault> fault = faultFor(call);
        if (fault.isPresent() && fault.get().kind() != Fault.Kind.SLOW) {
            throw new NodeCallFailedException("simulated " + fault.get().kind() + " on " + call);
        }
    }

    private Optional<Fault> faultFor(ChainCall call) {
        if (faults.isDown()) {
            throw new NodeCallFailedException("simulated node is down");
        }
        Optional<Fault> fault = faults.take(call);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.REFUSE) {
            throw new NodeCallFailedException("simulated refusal of " + call, -1, null);
        }
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.SLOW) {
            pause(fault.get().delay());
        }
        return fault;
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis()); // the simulated node itself is slow, not a wait for a result
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeCallFailedException("interrupted while answering slowly");
        }
    }

    private static final class ChainTransaction {
        final String txid;
        final List<Map.Entry<String, BigInteger>> outputs;
        final BigInteger fee;
        int height = -1;

        ChainTransaction(String txid, List<Map.Entry<String, BigInteger>> outputs, BigInteger fee) {
            this.txid = txid;
            this.outputs = outputs;
            this.fee = fee;
        }
    }
}
