package io.cryptoassets.worker.chain.simulated;

import io.cryptoassets.worker.chain.BroadcastStatus;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.chain.ReceivedSince;
import io.cryptoassets.worker.chain.SendOutcomeUnknownException;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.chain.SendRefusedException;
import io.cryptoassets.worker.chain.SignedTransaction;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.exceptions.AddressFormatException;
import org.bitcoinj.crypto.ECKey;

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
    private static final long FINAL = 0xFFFFFFFFL;

    private final BitcoinNetwork network;
    private final AddressParser addresses;
    private final BigInteger feePerSend;
    private final Faults faults = new Faults();
    private final Set<String> receivingAddresses = new HashSet<>();
    private final Set<String> changeAddresses = new HashSet<>();
    private final ChainState state = new ChainState(a -> receivingAddresses.contains(a) || changeAddresses.contains(a));
    /** Wallet outputs no signing may choose. All locks persist: the simulated node never restarts. */
    private final Set<Outpoint> locked = new TreeSet<>();
    /** Signed transactions not sent yet, which the node does not know but {@link #doubleSpend} can target. */
    private final Map<String, RawTransaction> signedUnsent = new HashMap<>();
    private final List<SimulatedSend> sends = new ArrayList<>();
    private final Set<String> sentTxids = new HashSet<>();
    private volatile BigInteger dustThreshold = DEFAULT_DUST_THRESHOLD;
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
        this.addresses = AddressParser.getDefault(network);
        this.feePerSend = feePerSend;
        if (walletBalance.signum() > 0) {
            fund(walletBalance, fundingOutputs);
        }
    }

    public Faults faults() {
        return faults;
    }

    /** The network of the addresses this chain hands out and pays. */
    public BitcoinNetwork network() {
        return network;
    }

    /** Outputs below {@code threshold} are refused as dust ("Transaction amount too small"). */
    public SimulatedChain dustThreshold(BigInteger threshold) {
        this.dustThreshold = threshold;
        return this;
    }

    @Override
    public String newAddress(String label) {
        strike(ChainCall.NEW_ADDRESS);
        String address = anyAddress();
        synchronized (this) {
            receivingAddresses.add(address);
        }
        return address;
    }

    /** {@code sendmany}: signs and sends in one step; refusals carry its code, -6. */
    @Override
    public String send(Map<String, BigInteger> outputs) {
        Optional<Fault> fault = faultFor(ChainCall.SEND, true);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TIMEOUT_BEFORE_SEND) {
            throw new SendOutcomeUnknownException("simulated timeout before the node acted", null);
        }
        String txid;
        synchronized (this) {
            txid = accept(signNow(outputs, NodeRefusals.SENDMANY_REFUSED));
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
        Optional<Fault> fault = faultFor(ChainCall.SIGN, false);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TIMEOUT_BEFORE_SEND) {
            throw new NodeCallFailedException("simulated timeout before the node signed");
        }
        RawTransaction signed = signNow(outputs, NodeRefusals.FUNDING_REFUSED);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TIMEOUT_AFTER_SEND) {
            throw new NodeCallFailedException("simulated timeout after the node signed " + signed.txid()
                    + " and locked " + signed.inputs());
        }
        return new SignedTransaction(signed.txid(), signed.hex(), feePerSend, signed.inputs());
    }

    /**
     * Sends a serialized transaction: the txid when the node has it now, in the mempool or a
     * block (a second copy included); refused with Bitcoin Core's words when another transaction
     * spent an input ({@code txn-mempool-conflict} -26, {@code bad-txns-inputs-missingorspent}
     * -25) or it cannot be read (-22). Spending releases the inputs' locks.
     */
    @Override
    public String sendRaw(String raw) {
        Optional<Fault> fault = faultFor(ChainCall.SEND_RAW, false);
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
                outcome = "it reached the network as " + acceptNow(parsed);
            } catch (SendRefusedException refused) {
                outcome = "the node refused it: " + refused.getMessage(); // the answer the timeout loses
            }
            throw new SendOutcomeUnknownException("simulated timeout after the node acted; " + outcome, null);
        }
        return acceptNow(parsed);
    }

    @Override
    public BroadcastStatus status(String txid) {
        strike(ChainCall.STATUS);
        synchronized (this) {
            return state.find(txid).map(state::status).orElseGet(BroadcastStatus::unknown);
        }
    }

    @Override
    public Set<Outpoint> lockedInputs() {
        strike(ChainCall.LOCKED_INPUTS);
        synchronized (this) {
            return Collections.unmodifiableSet(new TreeSet<>(locked));
        }
    }

    @Override
    public void unlock(Collection<Outpoint> inputs) {
        strike(ChainCall.UNLOCK);
        synchronized (this) {
            locked.removeAll(inputs);
        }
    }

    /**
     * Bitcoin Core's {@code lockunspent}, checks and errors included (-8): every outpoint must be
     * an output of a known transaction that nothing spends; unlocking needs it locked; locking
     * needs it unlocked unless {@code persistent} (every lock here persists anyway). Unlocking
     * with no outpoints unlocks everything. Nothing changes when one outpoint fails.
     */
    public void lockUnspent(boolean unlock, Collection<Outpoint> outpoints, boolean persistent) {
        if (unlock) {
            strike(ChainCall.UNLOCK);
        }
        synchronized (this) {
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
    }

    /** Confirmations are negative in Bitcoin Core's sense (so {@code conflicted}) when a block holds a conflict. */
    @Override
    public Optional<NodeTransaction> transaction(String txid) {
        strike(ChainCall.TRANSACTION);
        if (faults.refusesLookupOf(txid)) {
            // What Bitcoin Core answers when its wallet cannot read one of its own transactions.
            throw new NodeCallFailedException("simulated wallet error on gettransaction " + txid, -4, null);
        }
        synchronized (this) {
            return state.find(txid).map(tx -> new NodeTransaction(txid, state.nodeConfirmations(tx), tx.fee, received(tx)));
        }
    }

    /** Outputs to handed-out addresses in the mempool or in blocks after {@code blockHash}; change is not listed. */
    @Override
    public ReceivedSince receivedSince(String blockHash, int targetConfirmations) {
        strike(ChainCall.RECEIVED_SINCE);
        synchronized (this) {
            int after = blockHash == null ? -1 : state.heightOf(blockHash);
            if (blockHash != null && after < 0) {
                throw new NodeCallFailedException("Block not found", -5, null);
            }
            List<ReceivedOutput> received = new ArrayList<>();
            for (ChainTransaction tx : state.all()) {
                if (tx.live && (tx.height < 0 || tx.height > after)) {
                    received.addAll(received(tx));
                }
            }
            int lastHeight = Math.max(0, state.tip() - Math.max(1, targetConfirmations) + 1);
            return new ReceivedSince(received, state.blockHash(lastHeight));
        }
    }

    @Override
    public long blockCount() {
        strike(ChainCall.BLOCK_COUNT);
        synchronized (this) {
            return state.tip();
        }
    }

    /** See {@link #walletBalance()}. */
    @Override
    public BigInteger spendableBalance() {
        strike(ChainCall.SPENDABLE_BALANCE);
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
        Outpoint theirs = new Outpoint(ChainState.randomHash(), 0);
        RawTransaction payment = RawTransaction.spending(List.of(theirs), List.of(new RawTransaction.Output(address, amount)),
                0, FINAL, network);
        return state.admit(payment, null).txid();
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
        ChainTransaction tx = known(txid);
        if (!tx.inMempool()) {
            throw new IllegalStateException(txid + " is not in the mempool");
        }
        state.evict(tx);
    }

    /**
     * A transaction spending the first input of {@code txid} is mined in a new block of its own,
     * so {@code txid} becomes {@link BroadcastStatus.State#CONFLICTED} (negative confirmations in
     * {@code gettransaction}) and leaves the mempool if it was there. {@code txid} may also be
     * signed and not sent: the node then still does not know it and refuses to send it. The
     * conflicting transaction moves a wallet input, whole and without fee, to a fresh wallet
     * address (another copy of the wallet's keys spent it), else pays it to an outsider.
     *
     * @return the conflicting transaction's txid
     * @throws IllegalStateException when {@code txid} is in a block: reorganise it away first
     */
    public synchronized String doubleSpend(String txid) {
        Optional<ChainTransaction> tx = state.find(txid);
        RawTransaction original = tx.map(t -> t.raw).orElseGet(() -> signedUnsent.get(txid));
        if (original == null) {
            throw new IllegalArgumentException("no transaction " + txid + " to double-spend");
        }
        if (tx.isPresent() && tx.get().confirmed()) {
            throw new IllegalStateException(txid + " is in a block: reorganize it away first");
        }
        tx.ifPresent(state::evict);
        Outpoint input = original.inputs().get(0);
        if (state.isSpent(input)) {
            throw new IllegalStateException("input " + input + " of " + txid + " is spent by another transaction already");
        }
        boolean ours = state.isWalletCoin(input);
        BigInteger value = state.unspentOutput(input).map(RawTransaction.Output::amount).orElse(original.outputTotal());
        String to = ours ? newChangeAddress() : anyAddress();
        RawTransaction conflicting = RawTransaction.spending(List.of(input), List.of(new RawTransaction.Output(to, value)),
                state.tip(), FINAL, network);
        state.admitMined(conflicting, ours ? BigInteger.ZERO : null);
        locked.remove(input);
        return conflicting.txid();
    }

    /**
     * A replacement of {@code txid} enters the mempool (BIP 125): same inputs, same outputs, another
     * txid (its lock time is one higher). {@code txid} leaves the mempool, with whatever spends its
     * outputs, and becomes {@link BroadcastStatus.State#CONFLICTED} with {@code replacedBy}. The
     * replacement is the wallet's but not one of {@link #sends()}.
     *
     * @return the replacement's txid
     * @throws IllegalStateException when {@code txid} is not in the mempool
     */
    public synchronized String replace(String txid) {
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

    /**
     * Every transaction the wallet's own {@link #send} or {@link #sendRaw} put on the network, once
     * per txid, in order, with its outputs other than change; it stays listed if later dropped,
     * replaced or conflicted.
     */
    public synchronized List<SimulatedSend> sends() {
        return List.copyOf(sends);
    }

    /** How many addresses the wallet has handed out. */
    public synchronized int addressesHandedOut() {
        return receivingAddresses.size();
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
        locked.removeAll(inputs);
    }

    synchronized boolean isChangeAddress(String address) {
        return changeAddresses.contains(address);
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

    private void fund(BigInteger balance, int pieces) {
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

    /** Checks the outputs as Bitcoin Core does, all addresses and amounts first, then dust; signs and locks. */
    private RawTransaction signNow(Map<String, BigInteger> outputs, int refusalCode) {
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
        synchronized (this) {
            return selectAndLock(payments, refusalCode);
        }
    }

    private RawTransaction selectAndLock(List<RawTransaction.Output> payments, int refusalCode) {
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
        BigInteger change = gathered.subtract(needed);
        if (change.signum() > 0) {
            all.add(new RawTransaction.Output(newChangeAddress(), change));
        }
        // Lock time at the tip, as Bitcoin Core sets it against fee sniping.
        RawTransaction signed = RawTransaction.spending(inputs, all, state.tip(), RawTransaction.REPLACEABLE, network);
        locked.addAll(inputs);
        signedUnsent.put(signed.txid(), signed);
        return signed;
    }

    private synchronized String acceptNow(RawTransaction raw) {
        return accept(raw);
    }

    /** Puts a transaction on the network unless the node refuses it; the caller holds the monitor. */
    private String accept(RawTransaction raw) {
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

    /** The outputs of a wallet transaction other than its change, summed per address. */
    private Map<String, BigInteger> payments(RawTransaction raw) {
        Map<String, BigInteger> payments = new LinkedHashMap<>();
        for (RawTransaction.Output output : raw.outputs()) {
            if (output.address() != null && !changeAddresses.contains(output.address())) {
                payments.merge(output.address(), output.amount(), BigInteger::add);
            }
        }
        return payments;
    }

    private synchronized String newChangeAddress() {
        String address = anyAddress();
        changeAddresses.add(address);
        return address;
    }

    private ChainTransaction known(String txid) {
        return state.find(txid).orElseThrow(() -> new IllegalArgumentException("the node does not know " + txid));
    }

    private List<ReceivedOutput> received(ChainTransaction tx) {
        List<ReceivedOutput> received = new ArrayList<>();
        List<RawTransaction.Output> outputs = tx.raw.outputs();
        for (int vout = 0; vout < outputs.size(); vout++) {
            RawTransaction.Output output = outputs.get(vout);
            if (receivingAddresses.contains(output.address())) {
                received.add(new ReceivedOutput(tx.txid(), vout, output.address(), output.amount(), state.confirmations(tx)));
            }
        }
        return received;
    }

    private static NodeCallFailedException invalidParameter(String what) {
        return new NodeCallFailedException("Invalid parameter, " + what, NodeRefusals.RPC_INVALID_PARAMETER, null);
    }

    /** Applies a read call's fault: a refusal or timeout fails it, a slow reply delays it. */
    private void strike(ChainCall call) {
        Optional<Fault> fault = faultFor(call, false);
        if (fault.isPresent() && fault.get().kind() != Fault.Kind.SLOW) {
            throw new NodeCallFailedException("simulated " + fault.get().kind() + " on " + call);
        }
    }

    /**
     * Takes the call's next fault: fails when the node is down or the fault is a refusal, sleeps
     * when it is slow, and returns it for the caller to apply a timeout.
     *
     * @param plainRefusal a refusal without words is a plain {@link NodeCallFailedException}, as
     *                     {@code sendmany}'s have always been, rather than a {@link SendRefusedException}
     */
    private Optional<Fault> faultFor(ChainCall call, boolean plainRefusal) {
        if (faults.isDown()) {
            throw new NodeCallFailedException("simulated node is down");
        }
        Optional<Fault> fault = faults.take(call);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.REFUSE) {
            throw refusal(call, fault.get(), plainRefusal);
        }
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.SLOW) {
            pause(fault.get().delay());
        }
        return fault;
    }

    private static NodeCallFailedException refusal(ChainCall call, Fault fault, boolean plainRefusal) {
        boolean sending = call == ChainCall.SEND || call == ChainCall.SIGN || call == ChainCall.SEND_RAW;
        int code = fault.rpcCode() == null ? -1 : fault.rpcCode();
        if (fault.message() == null) {
            String message = "simulated refusal of " + call;
            return sending && !plainRefusal ? new SendRefusedException(SendRefusal.of(code, message), code, null)
                    : new NodeCallFailedException(message, code, null);
        }
        return sending ? NodeRefusals.refused(code, fault.message()) : new NodeCallFailedException(fault.message(), code, null);
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis()); // the simulated node itself is slow, not a wait for a result
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeCallFailedException("interrupted while answering slowly");
        }
    }
}
