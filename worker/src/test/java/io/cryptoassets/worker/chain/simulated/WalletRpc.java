package io.cryptoassets.worker.chain.simulated;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.chain.ReceivedSince;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.exceptions.AddressFormatException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wallet calls of Bitcoin Core that the worker's adapter makes, answered from a
 * {@link SimulatedChain} in the node's shapes: amounts as exact decimals in coins with eight
 * digits, fees paid as negative numbers, errors with the node's codes. Only what the adapter reads
 * is filled in ({@code gettransaction} lists only {@code receive} details, for instance).
 *
 * <p>Sends signed before they leave take Bitcoin Core's path too: see {@link SignedSendRpc}.
 *
 * <p>Control calls that Bitcoin Core does not have let a test drive the chain from outside:
 * {@code sim_mine [n]}, {@code sim_pay [address, amount]}, {@code sim_listsends}, and the
 * network's doings to one transaction {@code sim_drop [txid]}, {@code sim_doublespend [txid]}
 * and {@code sim_replace [txid]} (see {@link SimulatedChain#dropFromMempool},
 * {@link SimulatedChain#doubleSpend}, {@link SimulatedChain#replace}).
 */
final class WalletRpc {

    /** Bitcoin's smallest unit: amounts on the wire are coins with this many decimals. */
    static final int DECIMALS = 8;

    // Bitcoin Core's error codes (src/rpc/protocol.h).
    static final int RPC_METHOD_NOT_FOUND = -32601;
    static final int RPC_MISC_ERROR = -1;
    static final int RPC_TYPE_ERROR = -3;
    static final int RPC_INVALID_ADDRESS_OR_KEY = -5;
    static final int RPC_INVALID_PARAMETER = -8;
    static final int RPC_DESERIALIZATION_ERROR = -22;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SimulatedChain chain;
    private final AddressParser addresses;
    private final SignedSendRpc signedSends;

    WalletRpc(SimulatedChain chain) {
        this.chain = chain;
        this.addresses = AddressParser.getDefault(chain.network());
        this.signedSends = new SignedSendRpc(chain);
    }

    /** An error object the node answers with: the call had no effect. */
    static final class RpcError extends Exception {

        final int code;

        RpcError(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    JsonNode call(String method, JsonNode params) throws RpcError {
        try {
            return switch (method) {
                case "getnewaddress" -> JSON.stringNode(chain.newAddress(optionalString(params, 0).orElse("")));
                case "getblockcount" -> JSON.numberNode(chain.blockCount());
                case "getbalances" -> balances();
                case "gettransaction" -> transaction(requiredString(params, 0, "txid"));
                case "listsinceblock" -> receivedSince(optionalString(params, 0).orElse(null), optionalInt(params, 1, 1));
                case "sendmany" -> JSON.stringNode(chain.send(outputs(params)));
                case "walletcreatefundedpsbt", "walletprocesspsbt", "finalizepsbt", "decodepsbt", "decoderawtransaction",
                     "testmempoolaccept", "sendrawtransaction", "getmempoolentry", "listlockunspent", "lockunspent" ->
                        signedSends.call(method, params);
                case "sim_mine" -> mine(optionalInt(params, 0, 1));
                case "sim_pay" -> JSON.stringNode(chain.pay(address(requiredString(params, 0, "address")),
                        amount(params.path(1))));
                case "sim_listsends" -> sends();
                case "sim_drop" -> chainEvent(() -> {
                    chain.dropFromMempool(requiredTxid(params));
                    return JSON.booleanNode(true);
                });
                case "sim_doublespend" -> chainEvent(() -> JSON.stringNode(chain.doubleSpend(requiredTxid(params))));
                case "sim_replace" -> chainEvent(() -> JSON.stringNode(chain.replace(requiredTxid(params))));
                default -> throw new RpcError(RPC_METHOD_NOT_FOUND, "Method not found");
            };
        } catch (NodeCallFailedException e) {
            throw new RpcError(e.rpcCode() == null ? RPC_MISC_ERROR : e.rpcCode(), e.getMessage());
        }
    }

    private JsonNode transaction(String txid) throws RpcError {
        Optional<NodeTransaction> seen = chain.transaction(txid);
        if (seen.isEmpty()) {
            throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid or non-wallet transaction id");
        }
        NodeTransaction tx = seen.get();
        SimulatedChain.TransactionView view = chain.view(txid).orElseThrow();
        ObjectNode result = JSON.objectNode();
        BigInteger received = tx.received().stream().map(ReceivedOutput::amount).reduce(BigInteger.ZERO, BigInteger::add);
        result.put("amount", coins(received));
        if (tx.fee() != null) {
            result.put("fee", coins(tx.fee().negate()));
        }
        // Negative when a block holds a conflicting transaction, as Bitcoin Core counts.
        result.put("confirmations", view.nodeConfirmations());
        if (view.blockHash() != null) {
            result.put("blockhash", view.blockHash());
            result.put("blockheight", view.blockHeight());
        }
        result.put("txid", tx.txid());
        result.put("wtxid", view.raw().wtxid());
        ArrayNode conflicts = result.putArray("walletconflicts");
        view.walletConflicts().forEach(conflicts::add);
        if (view.replacedBy() != null) {
            result.put("replaced_by_txid", view.replacedBy());
        }
        if (view.replaces() != null) {
            result.put("replaces_txid", view.replaces());
        }
        ArrayNode details = result.putArray("details");
        for (ReceivedOutput output : tx.received()) {
            details.add(receiveEntry(output));
        }
        result.put("hex", view.raw().hex());
        return result;
    }

    /** A test-driven event on the chain; what it cannot do is an error object, not a crashed handler. */
    private static JsonNode chainEvent(ChainEvent event) throws RpcError {
        try {
            return event.happen();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new RpcError(RPC_MISC_ERROR, e.getMessage());
        }
    }

    @FunctionalInterface
    private interface ChainEvent {
        JsonNode happen() throws RpcError;
    }

    private static String requiredTxid(JsonNode params) throws RpcError {
        String txid = requiredString(params, 0, "txid");
        if (!txid.matches("[0-9a-f]{64}")) {
            throw new RpcError(RPC_INVALID_PARAMETER, "txid must be of length 64 (not " + txid.length() + ", for '"
                    + txid + "')");
        }
        return txid;
    }

    private JsonNode receivedSince(String blockHash, int targetConfirmations) {
        ReceivedSince since = chain.receivedSince(blockHash, targetConfirmations);
        ObjectNode result = JSON.objectNode();
        ArrayNode transactions = result.putArray("transactions");
        for (ReceivedOutput output : since.received()) {
            transactions.add(receiveEntry(output).put("confirmations", output.confirmations()).put("txid", output.txid()));
        }
        result.putArray("removed");
        result.put("lastblock", since.lastBlock());
        return result;
    }

    private static ObjectNode receiveEntry(ReceivedOutput output) {
        ObjectNode entry = JSON.objectNode();
        entry.put("address", output.address());
        entry.put("category", "receive");
        entry.put("amount", coins(output.amount()));
        entry.put("vout", output.vout());
        return entry;
    }

    /** {@code sendmany "" {address: amount, ...}}: checked like the node does before anything is sent. */
    private Map<String, BigInteger> outputs(JsonNode params) throws RpcError {
        JsonNode amounts = params.path(1);
        if (!amounts.isObject() || amounts.isEmpty()) {
            throw new RpcError(RPC_TYPE_ERROR, "Expected type object for amounts");
        }
        Map<String, BigInteger> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> output : amounts.properties()) {
            outputs.put(address(output.getKey()), amount(output.getValue()));
        }
        return outputs;
    }

    private String address(String address) throws RpcError {
        try {
            addresses.parseAddress(address);
            return address;
        } catch (AddressFormatException e) {
            throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address: " + address);
        }
    }

    /** An amount in coins, as a JSON number or string, to the smallest unit; never rounded. */
    static BigInteger amount(JsonNode value) throws RpcError {
        BigDecimal coins;
        try {
            coins = value.isString() ? new BigDecimal(value.stringValue()) : value.isNumber() ? value.decimalValue() : null;
        } catch (NumberFormatException e) {
            coins = null;
        }
        if (coins == null || coins.signum() <= 0) {
            throw new RpcError(RPC_TYPE_ERROR, "Invalid amount");
        }
        try {
            return coins.movePointRight(DECIMALS).toBigIntegerExact();
        } catch (ArithmeticException tooPrecise) {
            throw new RpcError(RPC_TYPE_ERROR, "Invalid amount: more than " + DECIMALS + " decimals");
        }
    }

    static BigDecimal coins(BigInteger units) {
        return new BigDecimal(units).movePointLeft(DECIMALS).setScale(DECIMALS);
    }

    /** As Bitcoin Core 0.19+ answers: the wallet's own balances by trust, in coins. */
    private JsonNode balances() {
        ObjectNode result = JSON.objectNode();
        ObjectNode mine = result.putObject("mine");
        mine.put("trusted", coins(chain.spendableBalance()));
        mine.put("untrusted_pending", coins(BigInteger.ZERO));
        mine.put("immature", coins(BigInteger.ZERO));
        return result;
    }

    private JsonNode mine(int blocks) throws RpcError {
        if (blocks < 1) {
            throw new RpcError(RPC_INVALID_PARAMETER, "blocks must be at least 1");
        }
        chain.mine(blocks);
        return JSON.numberNode(chain.height());
    }

    private JsonNode sends() {
        ArrayNode result = JSON.arrayNode();
        for (SimulatedSend send : chain.sends()) {
            ObjectNode entry = result.addObject();
            entry.put("txid", send.txid());
            entry.put("fee", coins(send.fee()));
            ObjectNode outputs = entry.putObject("outputs");
            send.outputs().forEach((address, amount) -> outputs.put(address, coins(amount)));
        }
        return result;
    }

    static Optional<String> optionalString(JsonNode params, int index) throws RpcError {
        JsonNode value = params.path(index);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw new RpcError(RPC_TYPE_ERROR, "Expected type string for parameter " + (index + 1));
        }
        return Optional.of(value.stringValue());
    }

    static String requiredString(JsonNode params, int index, String name) throws RpcError {
        return optionalString(params, index)
                .orElseThrow(() -> new RpcError(RPC_INVALID_PARAMETER, "Missing required parameter " + name));
    }

    static boolean optionalBoolean(JsonNode params, int index, boolean fallback) throws RpcError {
        JsonNode value = params.path(index);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new RpcError(RPC_TYPE_ERROR, "Expected type bool for parameter " + (index + 1));
        }
        return value.booleanValue();
    }

    private static int optionalInt(JsonNode params, int index, int fallback) throws RpcError {
        JsonNode value = params.path(index);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new RpcError(RPC_TYPE_ERROR, "Expected type number for parameter " + (index + 1));
        }
        return value.intValue();
    }
}
