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
 * <p>Three control calls that Bitcoin Core does not have let a test drive the chain from
 * outside: {@code sim_mine [n]}, {@code sim_pay [address, amount]} and {@code sim_listsends}.
 */
final class WalletRpc {

    /** Bitcoin's smallest unit: amounts on the wire are coins with this many decimals. */
    private static final int DECIMALS = 8;

    // Bitcoin Core's error codes (src/rpc/protocol.h).
    static final int RPC_METHOD_NOT_FOUND = -32601;
    static final int RPC_MISC_ERROR = -1;
    static final int RPC_TYPE_ERROR = -3;
    static final int RPC_INVALID_ADDRESS_OR_KEY = -5;
    static final int RPC_INVALID_PARAMETER = -8;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SimulatedChain chain;
    private final AddressParser addresses;

    WalletRpc(SimulatedChain chain) {
        this.chain = chain;
        this.addresses = AddressParser.getDefault(chain.network());
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
                case "sim_mine" -> mine(optionalInt(params, 0, 1));
                case "sim_pay" -> JSON.stringNode(chain.pay(address(requiredString(params, 0, "address")),
                        amount(params.path(1))));
                case "sim_listsends" -> sends();
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
        ObjectNode result = JSON.objectNode();
        BigInteger received = tx.received().stream().map(ReceivedOutput::amount).reduce(BigInteger.ZERO, BigInteger::add);
        result.put("amount", coins(received));
        if (tx.fee() != null) {
            result.put("fee", coins(tx.fee().negate()));
        }
        result.put("confirmations", tx.confirmations());
        result.put("txid", tx.txid());
        ArrayNode details = result.putArray("details");
        for (ReceivedOutput output : tx.received()) {
            details.add(receiveEntry(output));
        }
        return result;
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
    private static BigInteger amount(JsonNode value) throws RpcError {
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

    private static BigDecimal coins(BigInteger units) {
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

    private static Optional<String> optionalString(JsonNode params, int index) throws RpcError {
        JsonNode value = params.path(index);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw new RpcError(RPC_TYPE_ERROR, "Expected type string for parameter " + (index + 1));
        }
        return Optional.of(value.stringValue());
    }

    private static String requiredString(JsonNode params, int index, String name) throws RpcError {
        return optionalString(params, index)
                .orElseThrow(() -> new RpcError(RPC_INVALID_PARAMETER, "Missing required parameter " + name));
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
