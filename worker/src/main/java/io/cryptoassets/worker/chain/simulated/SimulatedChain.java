package io.cryptoassets.worker.chain.simulated;

import io.cryptoassets.worker.chain.BroadcastStatus;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.chain.ReceivedSince;
import io.cryptoassets.worker.chain.SendOutcomeUnknownException;
import io.cryptoassets.worker.chain.SendRefusedException;
import io.cryptoassets.worker.chain.SignedTransaction;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.base.BitcoinNetwork;

/**
 * An in-process chain with a wallet on it, for the demo and the tests. It behaves like a Bitcoin
 * Core node where it matters to the worker: the wallet holds unspent outputs (the starting balance
 * is a few coinbase outputs in the genesis block); transactions are real Bitcoin serializations
 * whose txid follows from their bytes; they wait in the mempool until a block is mined;
 * confirmations count up with each block; blocks can be rolled back (a reorganisation). Signing
 * selects coins, oldest first, pays a fixed fee, sends change to a fresh wallet address and locks
 * the inputs until the transaction is sent or they are unlocked; an output is spent at most once,
 * so sending the same bytes twice pays once and a transaction whose inputs another one spent is
 * refused. Refusals carry Bitcoin Core's words and codes. Every send is counted.
 *
 * <p>{@link #faults()} makes the next call refuse, time out before or after it took effect, or
 * answer slowly, takes the whole node down, or refuses the look-ups of one txid;
 * {@link #dropFromMempool}, {@link #doubleSpend} and {@link #replace} are what the network does
 * to a transaction behind the wallet's back.
 */
public final class SimulatedChain implements NodePort, AutoCloseable {

    /** Bitcoin Core's dust threshold for a P2PKH output at the default dust relay fee. */
    public static final BigInteger DEFAULT_DUST_THRESHOLD = BigInteger.valueOf(546);
    /** Several starting coins, so signings waiting to be sent do not lock the whole wallet. */
    public static final int DEFAULT_FUNDING_OUTPUTS = 8;

    private final BitcoinNetwork network;
    private final Faults faults = new Faults();
    private final SimulatedWallet wallet;
    private final ChainState state;
    private final NetworkEvents events;
    private ScheduledExecutorService miner;

    /**
     * @param network       network of the addresses the wallet hands out and accepts
     * @param walletBalance what the wallet holds before any deposit, in the smallest unit, as
     *                      {@value #DEFAULT_FUNDING_OUTPUTS} confirmed outputs
     * @param feePerSend    fee every transaction the wallet signs pays, in the smallest unit
     */
    public SimulatedChain(BitcoinNetwork network, BigInteger walletBalance, BigInteger feePerSend) {
        this(network, walletBalance, feePerSend, DEFAULT_FUNDING_OUTPUTS);
    }

    /** As above, with the starting balance split into {@code fundingOutputs} outputs (the first takes the remainder). */
    public SimulatedChain(BitcoinNetwork network, BigInteger walletBalance, BigInteger feePerSend, int fundingOutputs) {
        if (fundingOutputs < 1) {
            throw new IllegalArgumentException("fundingOutputs must be at least 1, was " + fundingOutputs);
        }
        this.network = network;
        this.wallet = new SimulatedWallet(network, feePerSend);
        this.state = wallet.state();
        this.events = new NetworkEvents(wallet, network);
        if (walletBalance.signum() > 0) {
            wallet.fund(walletBalance, fundingOutputs);
        }
    }

    public Faults faults() {
        return faults;
    }

    /** The network of the addresses this chain hands out and pays. */
    public BitcoinNetwork network() {
        return network;
    }

    /** Outputs below {@code threshold} are refused as dust ("Transaction amount too small"); 546 unless set. */
    public synchronized SimulatedChain dustThreshold(BigInteger threshold) {
        wallet.dustThreshold(threshold);
        return this;
    }

    @Override
    public String newAddress(String label) {
        faults.strike(ChainCall.NEW_ADDRESS);
        String address = wallet.anyAddress();
        synchronized (this) {
            wallet.handOut(address);
        }
        return address;
    }

    /** {@code sendmany}: {@link #sign} and {@link #sendRaw} in one step; refusals carry its code, -6. */
    @Override
    public String send(Map<String, BigInteger> outputs) {
        Optional<Fault> fault = faults.arrive(ChainCall.SEND, true);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TIMEOUT_BEFORE_SEND) {
            throw new SendOutcomeUnknownException("simulated timeout before the node acted", null);
        }
        String txid;
        synchronized (this) {
            txid = wallet.accept(wallet.sign(outputs, NodeRefusals.SENDMANY_REFUSED));
        }
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TIMEOUT_AFTER_SEND) {
            throw new SendOutcomeUnknownException("simulated timeout after " + txid + " reached the network", null);
        }
        return txid;
    }

    /**
     * Selects unlocked trusted outputs, oldest first, until they cover the outputs and the fee;
     * change above zero goes to a fresh wallet address, after the outputs. Locks the inputs. A
     * refusal (invalid address -5, bad amount -3, dust or insufficient funds -4) locks nothing.
     * A {@code TIMEOUT_AFTER_SEND} fault signs and locks, then fails as a call that got no answer.
     */
    @Override
    public SignedTransaction sign(Map<String, BigInteger> outputs) {
        Optional<Fault> fault = faults.arrive(ChainCall.SIGN, false);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TIMEOUT_BEFORE_SEND) {
            throw new NodeCallFailedException("simulated timeout before the node signed");
        }
        RawTransaction signed;
        synchronized (this) {
            signed = wallet.sign(outputs, NodeRefusals.FUNDING_REFUSED);
        }
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TIMEOUT_AFTER_SEND) {
            throw new NodeCallFailedException("simulated timeout after the node signed " + signed.txid()
                    + " and locked " + signed.inputs());
        }
        return new SignedTransaction(signed.txid(), signed.hex(), wallet.feePerSend(), signed.inputs());
    }

    /**
     * Sends a serialized transaction: the txid when the node has it now, in the mempool or a
     * block (a second copy included); refused with Bitcoin Core's words when another transaction
     * spent an input ({@code txn-mempool-conflict} -26, {@code bad-txns-inputs-missingorspent}
     * -25) or it cannot be read (-22). Spending releases the inputs' locks.
     */
    @Override
    public String sendRaw(String raw) {
        Optional<Fault> fault = faults.arrive(ChainCall.SEND_RAW, false);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TIMEOUT_BEFORE_SEND) {
            throw new SendOutcomeUnknownException("simulated timeout before the node acted", null);
        }
        RawTransaction parsed;
        try {
            parsed = RawTransaction.parse(raw, network);
        } catch (IllegalArgumentException e) {
            throw NodeRefusals.undecodable(e.getMessage());
        }
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TIMEOUT_AFTER_SEND) {
            String outcome;
            try {
                outcome = "it reached the network as " + accept(parsed);
            } catch (SendRefusedException refused) {
                outcome = "the node refused it: " + refused.getMessage(); // the answer the timeout loses
            }
            throw new SendOutcomeUnknownException("simulated timeout after the node acted; " + outcome, null);
        }
        return accept(parsed);
    }

    @Override
    public BroadcastStatus status(String txid) {
        faults.strike(ChainCall.STATUS);
        synchronized (this) {
            return state.find(txid).map(state::status).orElseGet(BroadcastStatus::unknown);
        }
    }

    @Override
    public Set<Outpoint> lockedInputs() {
        faults.strike(ChainCall.LOCKED_INPUTS);
        synchronized (this) {
            return Collections.unmodifiableSet(wallet.locked());
        }
    }

    @Override
    public void unlock(Collection<Outpoint> inputs) {
        faults.strike(ChainCall.UNLOCK);
        synchronized (this) {
            wallet.unlock(inputs);
        }
    }

    /**
     * Bitcoin Core's {@code lockunspent}, checks and errors included (-8): every outpoint must be
     * an output of a known transaction that nothing spends; unlocking needs it locked; locking
     * needs it unlocked unless {@code persistent} (every lock here persists anyway). Unlocking
     * with no outpoints unlocks everything. Nothing changes when one outpoint fails. Faults of
     * {@link ChainCall#UNLOCK} strike an unlocking.
     */
    public void lockUnspent(boolean unlock, Collection<Outpoint> outpoints, boolean persistent) {
        if (unlock) {
            faults.strike(ChainCall.UNLOCK);
        }
        synchronized (this) {
            wallet.lockUnspent(unlock, outpoints, persistent);
        }
    }

    /** Confirmations are negative in Bitcoin Core's sense (so {@code conflicted}) when a block holds a conflict. */
    @Override
    public Optional<NodeTransaction> transaction(String txid) {
        faults.strike(ChainCall.TRANSACTION);
        if (faults.refusesLookupOf(txid)) {
            // What Bitcoin Core answers when its wallet cannot read one of its own transactions.
            throw new NodeCallFailedException("simulated wallet error on gettransaction " + txid, -4, null);
        }
        synchronized (this) {
            return state.find(txid).map(tx -> new NodeTransaction(txid, state.nodeConfirmations(tx), tx.fee,
                    wallet.received(tx)));
        }
    }

    /**
     * Outputs to handed-out addresses in the mempool or in blocks after {@code blockHash}; change
     * is not listed, nor a transaction that left the mempool without being mined.
     */
    @Override
    public ReceivedSince receivedSince(String blockHash, int targetConfirmations) {
        faults.strike(ChainCall.RECEIVED_SINCE);
        synchronized (this) {
            int after = blockHash == null ? -1 : state.heightOf(blockHash);
            if (blockHash != null && after < 0) {
                throw new NodeCallFailedException("Block not found", -5, null);
            }
            List<ReceivedOutput> received = new ArrayList<>();
            for (ChainTransaction tx : state.all()) {
                if (tx.live && (tx.height < 0 || tx.height > after)) {
                    received.addAll(wallet.received(tx));
                }
            }
            int lastHeight = Math.max(0, state.tip() - Math.max(1, targetConfirmations) + 1);
            return new ReceivedSince(received, state.blockHash(lastHeight));
        }
    }

    @Override
    public long blockCount() {
        faults.strike(ChainCall.BLOCK_COUNT);
        synchronized (this) {
            return state.tip();
        }
    }

    /** See {@link #walletBalance()}. */
    @Override
    public BigInteger spendableBalance() {
        faults.strike(ChainCall.SPENDABLE_BALANCE);
        return walletBalance();
    }

    /**
     * What the wallet holds and can spend, Bitcoin Core's {@code trusted} balance: its unspent
     * outputs that are confirmed or that it made itself (change), locked ones included since
     * they stay the wallet's until a transaction spending them is sent. A payment from outside
     * counts once mined.
     */
    public synchronized BigInteger walletBalance() {
        return state.trustedBalance();
    }

    /** Someone outside the wallet pays {@code amount} to {@code address} (output 0); returns the txid. */
    public synchronized String pay(String address, BigInteger amount) {
        return events.payment(address, amount);
    }

    /** Mines {@code count} blocks; the first takes every transaction waiting in the mempool. */
    public synchronized void mine(int count) {
        state.mine(count);
    }

    /** Drops the newest {@code depth} blocks; their transactions return to the mempool. */
    public synchronized void reorganize(int depth) {
        state.reorganize(depth);
    }

    /**
     * The mempool evicts {@code txid} (and whatever spends its outputs), as a full mempool or an
     * expiry does: the wallet still knows it ({@link BroadcastStatus.State#DROPPED}) and its
     * inputs are unspent again, not locked. Sending it again puts it back.
     *
     * @throws IllegalStateException when it is not in the mempool
     */
    public synchronized void dropFromMempool(String txid) {
        events.drop(txid);
    }

    /**
     * A transaction spending the first input of {@code txid} is mined in a new block of its own,
     * so {@code txid} becomes {@link BroadcastStatus.State#CONFLICTED} (negative confirmations in
     * {@code gettransaction}) and leaves the mempool if it was there, with whatever spends its
     * outputs. {@code txid} may also be signed and not sent: the node then still does not know it
     * and refuses to send it. The conflicting transaction moves a wallet input, whole and without
     * fee, to a fresh wallet address (another copy of the wallet's keys spent it); an outsider's
     * input (a deposit) goes to an outsider.
     *
     * @return the conflicting transaction's txid
     * @throws IllegalStateException when {@code txid} is in a block: reorganise it away first
     */
    public synchronized String doubleSpend(String txid) {
        return events.doubleSpend(txid);
    }

    /**
     * A replacement of {@code txid} enters the mempool (BIP 125): same inputs, same outputs, another
     * txid (its lock time is one higher), same fee. {@code txid} leaves the mempool, with whatever
     * spends its outputs, and becomes {@link BroadcastStatus.State#CONFLICTED} with
     * {@code replacedBy}. The replacement is the wallet's but not one of {@link #sends()}.
     *
     * @return the replacement's txid
     * @throws IllegalStateException when {@code txid} is not in the mempool
     */
    public synchronized String replace(String txid) {
        return events.replace(txid);
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
        return wallet.anyAddress();
    }

    /**
     * Every transaction the wallet's own {@link #send} or {@link #sendRaw} put on the network, once
     * per txid, in order, with its outputs other than change; it stays listed if later dropped,
     * replaced or conflicted.
     */
    public synchronized List<SimulatedSend> sends() {
        return wallet.sends();
    }

    /** How many addresses the wallet has handed out. */
    public synchronized int addressesHandedOut() {
        return wallet.handedOut();
    }

    public synchronized int height() {
        return state.tip();
    }

    @Override
    public synchronized void close() {
        if (miner != null) {
            miner.shutdownNow();
            miner = null;
        }
    }

    /** How the node would take a transaction now, for {@code testmempoolaccept}. */
    synchronized ChainState.Verdict verdict(RawTransaction raw) {
        return state.verdict(raw);
    }

    /** What the inputs of a transaction the node would take hold, or null when it would not. */
    synchronized BigInteger inputTotal(RawTransaction raw) {
        return state.verdict(raw) == ChainState.Verdict.ACCEPTABLE ? state.inputTotal(raw) : null;
    }

    /** Unlocks without a fault striking: a signing asked not to keep its inputs locked. */
    synchronized void release(Collection<Outpoint> inputs) {
        wallet.unlock(inputs);
    }

    synchronized boolean isChangeAddress(String address) {
        return wallet.isChange(address);
    }

    /** Everything the node knows of one transaction, for the JSON-RPC answers; no fault strikes. */
    synchronized Optional<TransactionView> view(String txid) {
        return state.find(txid).map(tx -> new TransactionView(tx.raw, state.nodeConfirmations(tx), tx.fee,
                state.conflictsOf(tx), tx.replacedBy, tx.replaces, tx.inMempool(),
                tx.confirmed() ? state.blockHash(tx.height) : null, tx.height,
                state.mempoolParents(tx), state.mempoolChildren(tx)));
    }

    /** One transaction as {@link #view} shows it; {@code nodeConfirmations} negative when conflicted. */
    record TransactionView(RawTransaction raw, int nodeConfirmations, BigInteger fee, List<String> walletConflicts,
                           String replacedBy, String replaces, boolean inMempool, String blockHash, int blockHeight,
                           List<String> mempoolParents, List<String> mempoolChildren) {
    }

    private synchronized String accept(RawTransaction raw) {
        return wallet.accept(raw);
    }
}
