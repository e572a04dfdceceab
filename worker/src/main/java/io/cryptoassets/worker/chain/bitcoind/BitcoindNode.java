package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.ReceivedSince;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The node port for a Bitcoin Core wallet (and nodes that keep its wallet RPC), over JSON-RPC:
 * {@code getnewaddress}, {@code sendmany}, {@code gettransaction}, {@code listsinceblock} and
 * {@code getblockcount}, nothing else.
 *
 * <p>Thread-safe. Every call is bounded by the configured timeouts and none is retried here;
 * {@code sendmany} in particular is sent at most once per {@link #send} call.
 */
public final class BitcoindNode implements NodePort {

    /** Bitcoin Core's RPC_INVALID_ADDRESS_OR_KEY, "Invalid or non-wallet transaction id" from gettransaction. */
    static final int RPC_INVALID_ADDRESS_OR_KEY = -5;

    private final BitcoindProperties properties;
    private final CoinAmounts amounts;
    private final WalletAnswers answers;
    private final JsonRpcClient rpc;

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
        Map<String, BigDecimal> coins = coinsByAddress(outputs);
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
    public String toString() {
        return "BitcoindNode[" + properties.endpoint() + "]";
    }

    private Map<String, BigDecimal> coinsByAddress(Map<String, BigInteger> outputs) {
        if (outputs == null || outputs.isEmpty()) {
            throw new IllegalArgumentException("sendmany needs at least one output");
        }
        Map<String, BigDecimal> coins = new LinkedHashMap<>();
        for (Map.Entry<String, BigInteger> output : outputs.entrySet()) {
            String address = output.getKey();
            BigInteger amount = output.getValue();
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("sendmany output without an address");
            }
            if (amount == null || amount.signum() <= 0) {
                throw new IllegalArgumentException("sendmany amount for " + address + " must be positive, was " + amount);
            }
            coins.put(address, amounts.toCoins(amount));
        }
        return coins;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
