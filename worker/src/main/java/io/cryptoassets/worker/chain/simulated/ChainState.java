package io.cryptoassets.worker.chain.simulated;

import io.cryptoassets.worker.chain.BroadcastStatus;
import io.cryptoassets.worker.chain.Outpoint;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The network as one node sees it: the best chain's blocks, the mempool, which transaction spends
 * which output, and the wallet's unspent outputs. An output is spent by at most one transaction
 * in the mempool or the chain ("live"); taking a transaction out takes its descendants with it
 * and makes its inputs unspent again. Not thread-safe: the {@link SimulatedChain} holding it
 * guards it with its own monitor.
 */
final class ChainState {

    /** How the mempool would take a transaction, in Bitcoin Core's order of checks. */
    enum Verdict {
        /** The very transaction already waits in the mempool. */
        IN_MEMPOOL,
        /** The very transaction is already in a block. */
        CONFIRMED,
        /** A transaction in the mempool spends one of its inputs. */
        MEMPOOL_CONFLICT,
        /** An input does not exist or a block already spent it. */
        MISSING_INPUTS,
        /** It pays out more than its inputs hold. */
        OUTPUTS_EXCEED_INPUTS,
        ACCEPTABLE
    }

    /** An unspent output paying one of the wallet's addresses. */
    record Coin(Outpoint outpoint, String address, BigInteger amount, ChainTransaction from) {
    }

    private final Predicate<String> walletOwns;
    private final List<String> blockHashes = new ArrayList<>();
    private final Map<String, ChainTransaction> transactions = new LinkedHashMap<>();
    private final Set<String> mempool = new LinkedHashSet<>();
    /** Who spends an output, among live transactions. */
    private final Map<Outpoint, String> spentBy = new HashMap<>();
    /** Every transaction seen spending an output, live or not: what the wallet names as conflicts. */
    private final Map<Outpoint, Set<String>> spendersEver = new HashMap<>();
    private final Map<Outpoint, Coin> walletCoins = new HashMap<>();
    private long arrivals;

    /** @param walletOwns whether an address is the wallet's (receiving or change) */
    ChainState(Predicate<String> walletOwns) {
        this.walletOwns = walletOwns;
        blockHashes.add(randomHash()); // genesis, height 0
    }

    static String randomHash() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    int tip() {
        return blockHashes.size() - 1;
    }

    String blockHash(int height) {
        return blockHashes.get(height);
    }

    /** Height of a block of the best chain, or -1 when it is not (any more) in it. */
    int heightOf(String blockHash) {
        return blockHashes.indexOf(blockHash);
    }

    Optional<ChainTransaction> find(String txid) {
        return Optional.ofNullable(transactions.get(txid));
    }

    /** Every transaction this node has seen, in arrival order. */
    Collection<ChainTransaction> all() {
        return transactions.values();
    }

    Verdict verdict(RawTransaction raw) {
        ChainTransaction known = transactions.get(raw.txid());
        if (known != null && known.inMempool()) {
            return Verdict.IN_MEMPOOL;
        }
        if (known != null && known.confirmed()) {
            return Verdict.CONFIRMED;
        }
        for (Outpoint input : raw.inputs()) {
            String spender = spentBy.get(input);
            if (spender != null && transactions.get(spender).inMempool()) {
                return Verdict.MEMPOOL_CONFLICT;
            }
        }
        BigInteger in = BigInteger.ZERO;
        for (Outpoint input : raw.inputs()) {
            Optional<RawTransaction.Output> spent = unspentOutput(input);
            if (spent.isEmpty()) {
                return Verdict.MISSING_INPUTS;
            }
            in = in.add(spent.get().amount());
        }
        return raw.outputTotal().compareTo(in) > 0 ? Verdict.OUTPUTS_EXCEED_INPUTS : Verdict.ACCEPTABLE;
    }

    /** What the inputs of an acceptable transaction hold. */
    BigInteger inputTotal(RawTransaction raw) {
        return raw.inputs().stream().map(input -> unspentOutput(input).orElseThrow().amount())
                .reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Whether any input of {@code raw} is an unspent output of the wallet. */
    boolean spendsWalletCoins(RawTransaction raw) {
        return raw.inputs().stream().anyMatch(walletCoins::containsKey);
    }

    /**
     * Puts a transaction into the mempool, or back into it, spending its inputs; the caller has
     * checked its {@link #verdict}. A transaction seen before keeps its history and fee.
     */
    ChainTransaction admit(RawTransaction raw, BigInteger fee) {
        ChainTransaction tx = transactions.computeIfAbsent(raw.txid(), id -> new ChainTransaction(raw, fee, arrivals++));
        if (tx.live) {
            return tx;
        }
        tx.live = true;
        tx.height = -1;
        mempool.add(tx.txid());
        for (Outpoint input : raw.inputs()) {
            spentBy.put(input, tx.txid());
            spendersEver.computeIfAbsent(input, i -> new LinkedHashSet<>()).add(tx.txid());
            walletCoins.remove(input);
        }
        for (int vout = 0; vout < raw.outputs().size(); vout++) {
            addIfOurs(tx, vout);
        }
        return tx;
    }

    /** Puts a transaction into the genesis block: the coins the wallet starts with. */
    ChainTransaction admitToGenesis(RawTransaction raw) {
        ChainTransaction tx = admit(raw, null);
        mempool.remove(tx.txid());
        tx.height = 0;
        return tx;
    }

    /** Admits a transaction straight into a new block of its own, as a miner including it would. */
    ChainTransaction admitMined(RawTransaction raw, BigInteger fee) {
        ChainTransaction tx = admit(raw, fee);
        blockHashes.add(randomHash());
        mempool.remove(tx.txid());
        tx.height = tip();
        return tx;
    }

    /**
     * Takes a transaction and every live descendant out of the mempool or chain: their outputs
     * vanish and the outputs they spent are unspent again. Returns what it took, {@code tx} first.
     */
    List<ChainTransaction> evict(ChainTransaction tx) {
        List<ChainTransaction> evicted = new ArrayList<>();
        Deque<ChainTransaction> pending = new ArrayDeque<>(List.of(tx));
        while (!pending.isEmpty()) {
            ChainTransaction next = pending.poll();
            if (!next.live) {
                continue;
            }
            for (int vout = 0; vout < next.raw.outputs().size(); vout++) {
                Outpoint output = new Outpoint(next.txid(), vout);
                String spender = spentBy.get(output);
                if (spender != null) {
                    pending.add(transactions.get(spender));
                }
                walletCoins.remove(output);
            }
            next.live = false;
            next.height = -1;
            mempool.remove(next.txid());
            for (Outpoint input : next.raw.inputs()) {
                spentBy.remove(input, next.txid());
                unspentOutput(input).ifPresent(spent -> addIfOurs(transactions.get(input.txid()), input.vout()));
            }
            evicted.add(next);
        }
        return evicted;
    }

    /** Mines {@code count} blocks; the first takes every transaction waiting in the mempool. */
    void mine(int count) {
        for (int i = 0; i < count; i++) {
            blockHashes.add(randomHash());
            for (String txid : mempool) {
                transactions.get(txid).height = tip();
            }
            mempool.clear();
        }
    }

    /** Drops the newest {@code depth} blocks (never the genesis); their transactions return to the mempool. */
    void reorganize(int depth) {
        int newTip = Math.max(0, tip() - depth);
        while (tip() > newTip) {
            blockHashes.remove(blockHashes.size() - 1);
        }
        for (ChainTransaction tx : transactions.values()) {
            if (tx.height > newTip) {
                tx.height = -1;
                mempool.add(tx.txid());
            }
        }
    }

    /** The wallet's unspent outputs that it may spend now (see {@link #trusted}), oldest first. */
    List<Coin> trustedCoins() {
        return walletCoins.values().stream().filter(ChainState::trusted)
                .sorted(Comparator.comparingLong((Coin c) -> c.from().arrival).thenComparingInt(c -> c.outpoint().vout()))
                .toList();
    }

    BigInteger trustedBalance() {
        return trustedCoins().stream().map(Coin::amount).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /**
     * Bitcoin Core's trust: confirmed, or made by the wallet itself (its change, a payment to one
     * of its own addresses). A payment from outside counts once it is in a block.
     */
    static boolean trusted(Coin coin) {
        return coin.from().confirmed() || coin.from().fromWallet();
    }

    boolean isWalletCoin(Outpoint outpoint) {
        return walletCoins.containsKey(outpoint);
    }

    boolean isSpent(Outpoint outpoint) {
        return spentBy.containsKey(outpoint);
    }

    int confirmations(ChainTransaction tx) {
        return tx.confirmed() ? tip() - tx.height + 1 : 0;
    }

    /**
     * Bitcoin Core's count for {@code gettransaction}: blocks holding it, or minus the depth of a
     * block holding a transaction that conflicts with it.
     */
    int nodeConfirmations(ChainTransaction tx) {
        if (tx.live) {
            return confirmations(tx);
        }
        int deepest = conflictsOf(tx).stream().map(transactions::get).mapToInt(this::confirmations).max().orElse(0);
        return -deepest;
    }

    /** Other transactions seen spending any of its inputs ({@code walletconflicts}), in arrival order. */
    List<String> conflictsOf(ChainTransaction tx) {
        Set<String> conflicts = new LinkedHashSet<>();
        for (Outpoint input : tx.raw.inputs()) {
            conflicts.addAll(spendersEver.getOrDefault(input, Set.of()));
        }
        conflicts.remove(tx.txid());
        return List.copyOf(conflicts);
    }

    BroadcastStatus status(ChainTransaction tx) {
        List<String> conflicts = conflictsOf(tx);
        BroadcastStatus.State state;
        if (tx.confirmed()) {
            state = BroadcastStatus.State.CONFIRMED;
        } else if (tx.inMempool()) {
            state = BroadcastStatus.State.IN_MEMPOOL;
        } else if (nodeConfirmations(tx) < 0
                || (tx.replacedBy != null && transactions.get(tx.replacedBy).live)) {
            state = BroadcastStatus.State.CONFLICTED;
        } else {
            state = BroadcastStatus.State.DROPPED;
        }
        return new BroadcastStatus(state, confirmations(tx), tx.fee, conflicts, tx.replacedBy);
    }

    /** Transactions in the mempool whose outputs {@code tx} spends ({@code depends}). */
    List<String> mempoolParents(ChainTransaction tx) {
        return tx.raw.inputs().stream().map(Outpoint::txid).distinct().filter(mempool::contains).toList();
    }

    /** Transactions in the mempool spending outputs of {@code tx} ({@code spentby}). */
    List<String> mempoolChildren(ChainTransaction tx) {
        List<String> children = new ArrayList<>();
        for (int vout = 0; vout < tx.raw.outputs().size(); vout++) {
            String spender = spentBy.get(new Outpoint(tx.txid(), vout));
            if (spender != null && mempool.contains(spender) && !children.contains(spender)) {
                children.add(spender);
            }
        }
        return children;
    }

    /** The output an outpoint names, when a live transaction has it and nothing live spends it. */
    Optional<RawTransaction.Output> unspentOutput(Outpoint outpoint) {
        ChainTransaction source = transactions.get(outpoint.txid());
        if (source == null || !source.live || outpoint.vout() >= source.raw.outputs().size()
                || spentBy.containsKey(outpoint)) {
            return Optional.empty();
        }
        return Optional.of(source.raw.outputs().get(outpoint.vout()));
    }

    private void addIfOurs(ChainTransaction tx, int vout) {
        RawTransaction.Output output = tx.raw.outputs().get(vout);
        Outpoint outpoint = new Outpoint(tx.txid(), vout);
        if (output.address() != null && walletOwns.test(output.address()) && !spentBy.containsKey(outpoint)) {
            walletCoins.put(outpoint, new Coin(outpoint, output.address(), output.amount(), tx));
        }
    }
}
