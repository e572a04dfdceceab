package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.BroadcastStatus;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.ReceivedSince;
import io.cryptoassets.worker.chain.SignedTransaction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;

/**
 * The node port for a Bitcoin Core wallet (and nodes that keep its wallet RPC), over JSON-RPC.
 * The calls it makes, nothing else:
 * <ul>
 *   <li>wallet: {@code getnewaddress}, {@code sendmany}, {@code gettransaction},
 *       {@code listsinceblock}, {@code getbalances}, {@code walletcreatefundedpsbt},
 *       {@code walletprocesspsbt}, {@code listlockunspent}, {@code lockunspent}</li>
 *   <li>node: {@code getblockcount}, {@code decodepsbt}, {@code finalizepsbt},
 *       {@code testmempoolaccept}, {@code sendrawtransaction}, {@code getmempoolentry}</li>
 * </ul>
 * Signing needs a wallet that holds its private keys (not watch-only) and, if encrypted, is
 * unlocked; the PSBT calls need Bitcoin Core 0.17 or later and the persistent locks of
 * {@link #sign} 23 or later.
 *
 * <p>Thread-safe. Every call is bounded by the configured timeouts and none is retried here;
 * {@code sendmany} and {@code sendrawtransaction} in particular are sent at most once per
 * {@link #send} or {@link #sendRaw} call. Signings and unlockings of one node run one at a time
 * (see {@link CoinLocks#keepAcrossRestarts}).
 */
public final class BitcoindNode implements NodePort {

    /** Bitcoin Core's RPC_INVALID_ADDRESS_OR_KEY, "Invalid or non-wallet transaction id" from gettransaction. */
    static final int RPC_INVALID_ADDRESS_OR_KEY = -5;

    private final BitcoindProperties properties;
    private final CoinAmounts amounts;
    private final WalletAnswers answers;
    private final JsonRpcClient rpc;
    private final CoinLocks locks;
    private final PsbtSigner signer;
    private final RawSender rawSender;
    private final BroadcastStatuses statuses;
    /** Held while this worker changes the wallet's locks: no selection of its own slips between. */
    private final ReentrantLock lockChanges = new ReentrantLock();

    /**
     * @param properties how to reach the node
     * @param decimals   digits of the asset's smallest unit, 8 for bitcoin (satoshi)
     */
    public BitcoindNode(BitcoindProperties properties, int decimals) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.amounts = new CoinAmounts(decimals);
        this.answers = new WalletAnswers(amounts);
        RpcHttpTransport transport = new RpcHttpTransport(
                properties.endpoint(), RpcCredentials.of(properties), properties.connectTimeout());
        this.rpc = new JsonRpcClient(transport, properties.readTimeout(), properties.sendTimeout());
        this.locks = new CoinLocks(rpc);
        this.signer = new PsbtSigner(rpc, new PsbtAnswers(amounts), locks);
        this.rawSender = new RawSender(rpc);
        this.statuses = new BroadcastStatuses(rpc, amounts, answers);
    }

    /** {@code getnewaddress label [address_type]}; the address type when one is configured. */
    @Override
    public String newAddress(String label) {
        List<Object> params = new ArrayList<>();
        params.add(label == null ? "" : label);
        if (properties.addressType() != null) {
            params.add(properties.addressType());
        }
        return answers.address(rpc.read("getnewaddress", params));
    }

    /**
     * {@code sendmany "" {address: amount, ...}}, amounts in coins as plain decimals. The wallet
     * pays the fee on top. Invalid outputs are refused before anything is sent.
     */
    @Override
    public String send(Map<String, BigInteger> outputs) {
        Map<String, BigDecimal> coins = coinsByAddress("sendmany", outputs);
        // "" is the dummy first parameter sendmany keeps for backward compatibility.
        JsonNode result = rpc.send("sendmany", Arrays.asList("", coins));
        String txid = WalletAnswers.txidOrNull(result);
        if (txid == null) {
            // The node answered success with something that is not a txid: it may well have sent.
            throw rpc.unreadableSendResult("sendmany", "the result is not a txid: " + abbreviate(String.valueOf(result)));
        }
        return txid;
    }

    /**
     * {@code gettransaction txid false}; empty when the node answers -5, its error for a txid the
     * wallet does not know. Watch-only outputs are not included, as in {@link #receivedSince}.
     */
    @Override
    public Optional<NodeTransaction> transaction(String txid) {
        Objects.requireNonNull(txid, "txid");
        try {
            return Optional.of(answers.transaction(rpc.read("gettransaction", Arrays.asList(txid, false))));
        } catch (NodeCallFailedException e) {
            if (Objects.equals(e.rpcCode(), RPC_INVALID_ADDRESS_OR_KEY)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * {@code listsinceblock blockhash target_confirmations false}; a null block hash lists the
     * whole wallet. Entries of the {@code removed} list (reorganised away) are not reported: the
     * worker follows the transactions it tracks through {@link #transaction}.
     */
    @Override
    public ReceivedSince receivedSince(String blockHash, int targetConfirmations) {
        if (targetConfirmations < 1) {
            throw new IllegalArgumentException("targetConfirmations must be at least 1, was " + targetConfirmations);
        }
        return answers.receivedSince(rpc.read("listsinceblock", Arrays.asList(blockHash, targetConfirmations, false)));
    }

    /** {@code getblockcount}. */
    @Override
    public long blockCount() {
        return answers.blockCount(rpc.read("getblockcount", List.of()));
    }

    /** {@code getbalances}: the {@code mine.trusted} balance. */
    @Override
    public BigInteger spendableBalance() {
        return answers.trustedBalance(rpc.read("getbalances", List.of()));
    }

    /**
     * Funds, signs and checks a payment without sending it; see {@link PsbtSigner} for the calls.
     * Invalid outputs are refused before anything is called.
     */
    @Override
    public SignedTransaction sign(Map<String, BigInteger> outputs) {
        Map<String, BigDecimal> coins = coinsByAddress("walletcreatefundedpsbt", outputs);
        lockChanges.lock();
        try {
            return signer.sign(coins);
        } finally {
            lockChanges.unlock();
        }
    }

    /** {@code sendrawtransaction hex}; see {@link RawSender}. */
    @Override
    public String sendRaw(String raw) {
        return rawSender.send(raw);
    }

    /** {@code gettransaction txid false}, then {@code getmempoolentry txid}; see {@link BroadcastStatuses}. */
    @Override
    public BroadcastStatus status(String txid) {
        Objects.requireNonNull(txid, "txid");
        if (!AnswerFields.isHash(txid)) {
            throw new IllegalArgumentException("a txid is 64 hex digits, was " + txid);
        }
        return statuses.status(txid.toLowerCase(Locale.ROOT));
    }

    /** {@code listlockunspent}. */
    @Override
    public Set<Outpoint> lockedInputs() {
        return locks.locked();
    }

    /** {@code listlockunspent}, then {@code lockunspent true [...]} for those still locked; no call for none. */
    @Override
    public void unlock(Collection<Outpoint> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        if (inputs.isEmpty()) {
            return;
        }
        lockChanges.lock();
        try {
            locks.unlock(inputs);
        } finally {
            lockChanges.unlock();
        }
    }

    @Override
    public String toString() {
        return "BitcoindNode[" + properties.endpoint() + "]";
    }

    private Map<String, BigDecimal> coinsByAddress(String method, Map<String, BigInteger> outputs) {
        if (outputs == null || outputs.isEmpty()) {
            throw new IllegalArgumentException(method + " needs at least one output");
        }
        Map<String, BigDecimal> coins = new LinkedHashMap<>();
        for (Map.Entry<String, BigInteger> output : outputs.entrySet()) {
            String address = output.getKey();
            BigInteger amount = output.getValue();
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException(method + " output without an address");
            }
            if (amount == null || amount.signum() <= 0) {
                throw new IllegalArgumentException(method + " amount for " + address + " must be positive, was " + amount);
            }
            coins.put(address, amounts.toCoins(amount));
        }
        return coins;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
