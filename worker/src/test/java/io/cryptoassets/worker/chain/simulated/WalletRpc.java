package io.cryptoassets.worker.chain.simulated;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.chain.ReceivedSince;
import io.cryptoassets.worker.chain.SignedTransaction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>Signed sends take Bitcoin Core's path: {@code walletcreatefundedpsbt} (outputs only; the
 * node selects the inputs), {@code walletprocesspsbt}, {@code finalizepsbt}, {@code decodepsbt},
 * {@code decoderawtransaction}, {@code testmempoolaccept}, {@code sendrawtransaction},
 * {@code getmempoolentry}, {@code listlockunspent} and {@code lockunspent}. A PSBT is a minimal
 * BIP 174 one ({@link Psbt}) and a transaction is a real Bitcoin serialization without signatures.
 *
 * <p>Control calls that Bitcoin Core does not have let a test drive the chain from outside:
 * {@code sim_mine [n]}, {@code sim_pay [address, amount]}, {@code sim_listsends}, and the
 * network's doings to one transaction {@code sim_drop [txid]}, {@code sim_doublespend [txid]}
 * and {@code sim_replace [txid]} (see {@link SimulatedChain#dropFromMempool},
 * {@link SimulatedChain#doubleSpend}, {@link SimulatedChain#replace}).
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
    static final int RPC_DESERIALIZATION_ERROR = -22;
    static final int RPC_VERIFY_ALREADY_IN_CHAIN = -27;

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
                case "walletcreatefundedpsbt" -> fundedPsbt(params);
                case "walletprocesspsbt" -> processedPsbt(requiredString(params, 0, "psbt"));
                case "finalizepsbt" -> finalizedPsbt(requiredString(params, 0, "psbt"), optionalBoolean(params, 1, true));
                case "decodepsbt" -> decodedPsbt(requiredString(params, 0, "psbt"));
                case "decoderawtransaction" -> decoded(rawTransaction(requiredString(params, 0, "hexstring")));
                case "testmempoolaccept" -> testMempoolAccept(params.path(0));
                case "sendrawtransaction" -> sendRaw(requiredString(params, 0, "hexstring"));
                case "getmempoolentry" -> mempoolEntry(requiredString(params, 0, "txid"));
                case "listlockunspent" -> outpoints(List.copyOf(chain.lockedInputs()));
                case "lockunspent" -> lockUnspent(params);
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

    /**
     * {@code walletcreatefundedpsbt [] [{address: amount}, ...] locktime {lockUnspents}}: the node
     * chooses the inputs (none may be given), adds change and keeps the inputs locked when asked.
     */
    private JsonNode fundedPsbt(JsonNode params) throws RpcError {
        if (!params.path(0).isMissingNode() && !params.path(0).isNull() && !params.path(0).isEmpty()) {
            throw new RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, the simulated node selects every input itself");
        }
        Map<String, BigInteger> outputs = new LinkedHashMap<>();
        JsonNode given = params.path(1);
        List<JsonNode> entries = new ArrayList<>();
        if (given.isArray()) {
            given.forEach(entries::add);
        } else if (given.isObject()) {
            entries.add(given);
        } else {
            throw new RpcError(RPC_TYPE_ERROR, "Expected type array for outputs");
        }
        for (JsonNode entry : entries) {
            for (Map.Entry<String, JsonNode> output : entry.properties()) {
                if (outputs.put(output.getKey(), amount(output.getValue())) != null) {
                    throw new RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, duplicated address: " + output.getKey());
                }
            }
        }
        boolean lockUnspents = params.path(3).path("lockUnspents").asBoolean(false);
        SignedTransaction signed = chain.sign(outputs);
        if (!lockUnspents) {
            chain.release(signed.inputs());
        }
        RawTransaction raw = RawTransaction.parse(signed.raw(), chain.network());
        int changePosition = -1;
        for (int vout = 0; vout < raw.outputs().size(); vout++) {
            if (chain.isChangeAddress(raw.outputs().get(vout).address())) {
                changePosition = vout;
            }
        }
        ObjectNode result = JSON.objectNode();
        result.put("psbt", Psbt.of(raw));
        result.put("fee", coins(signed.fee()));
        result.put("changepos", changePosition);
        return result;
    }

    /** {@code walletprocesspsbt}: nothing to sign in the simulation, so complete as it is. */
    private JsonNode processedPsbt(String psbt) throws RpcError {
        RawTransaction raw = psbtTransaction(psbt);
        ObjectNode result = JSON.objectNode();
        result.put("psbt", psbt);
        result.put("complete", true);
        result.put("hex", raw.hex());
        return result;
    }

    private JsonNode finalizedPsbt(String psbt, boolean extract) throws RpcError {
        RawTransaction raw = psbtTransaction(psbt);
        ObjectNode result = JSON.objectNode();
        if (extract) {
            result.put("hex", raw.hex());
        } else {
            result.put("psbt", psbt);
        }
        result.put("complete", true);
        return result;
    }

    /** {@code decodepsbt}: the transaction and one (empty) map per input and output; no fee, as no input holds its UTXO. */
    private JsonNode decodedPsbt(String psbt) throws RpcError {
        RawTransaction raw = psbtTransaction(psbt);
        ObjectNode result = JSON.objectNode();
        result.set("tx", decoded(raw));
        result.putObject("unknown");
        ArrayNode inputs = result.putArray("inputs");
        raw.inputs().forEach(input -> inputs.addObject());
        ArrayNode outputs = result.putArray("outputs");
        raw.outputs().forEach(output -> outputs.addObject());
        return result;
    }

    private static ObjectNode decoded(RawTransaction raw) {
        ObjectNode result = JSON.objectNode();
        result.put("txid", raw.txid());
        result.put("hash", raw.wtxid());
        result.put("version", raw.version());
        result.put("size", raw.size());
        result.put("vsize", raw.vsize());
        result.put("weight", raw.weight());
        result.put("locktime", raw.lockTime());
        ArrayNode vin = result.putArray("vin");
        for (Outpoint input : raw.inputs()) {
            vin.addObject().put("txid", input.txid()).put("vout", input.vout());
        }
        ArrayNode vout = result.putArray("vout");
        for (int n = 0; n < raw.outputs().size(); n++) {
            RawTransaction.Output output = raw.outputs().get(n);
            ObjectNode entry = vout.addObject().put("value", coins(output.amount())).put("n", n);
            ObjectNode script = entry.putObject("scriptPubKey");
            if (output.address() != null) {
                script.put("address", output.address());
            }
        }
        return result;
    }

    /** {@code testmempoolaccept [hex, ...]}: per transaction, whether the mempool would take it now, and why not. */
    private JsonNode testMempoolAccept(JsonNode rawTransactions) throws RpcError {
        if (!rawTransactions.isArray() || rawTransactions.isEmpty()) {
            throw new RpcError(RPC_TYPE_ERROR, "Expected type array for rawtxs");
        }
        ArrayNode result = JSON.arrayNode();
        for (JsonNode hex : rawTransactions) {
            RawTransaction raw = rawTransaction(hex.asString(""));
            ObjectNode entry = result.addObject().put("txid", raw.txid()).put("wtxid", raw.wtxid());
            ChainState.Verdict verdict = chain.verdict(raw);
            if (verdict == ChainState.Verdict.ACCEPTABLE) {
                BigInteger in = chain.inputTotal(raw);
                entry.put("allowed", true).put("vsize", raw.vsize());
                if (in != null) {
                    entry.putObject("fees").put("base", coins(in.subtract(raw.outputTotal())));
                }
            } else {
                entry.put("allowed", false).put("reject-reason", rejectReason(verdict));
            }
        }
        return result;
    }

    private static String rejectReason(ChainState.Verdict verdict) {
        return switch (verdict) {
            case IN_MEMPOOL -> "txn-already-in-mempool";
            case CONFIRMED -> "txn-already-known";
            case MEMPOOL_CONFLICT -> "txn-mempool-conflict";
            case MISSING_INPUTS -> "missing-inputs";
            case OUTPUTS_EXCEED_INPUTS -> "bad-txns-in-belowout";
            case ACCEPTABLE -> throw new IllegalArgumentException("an acceptable transaction has no reject reason");
        };
    }

    /**
     * {@code sendrawtransaction}: the txid, also when the mempool already has it; Bitcoin Core's -27
     * when a block has it, -25 or -26 when another transaction spent an input.
     */
    private JsonNode sendRaw(String hex) throws RpcError {
        RawTransaction raw = rawTransaction(hex);
        if (chain.view(raw.txid()).filter(view -> view.blockHash() != null).isPresent()) {
            throw new RpcError(RPC_VERIFY_ALREADY_IN_CHAIN, "Transaction outputs already in utxo set");
        }
        return JSON.stringNode(chain.sendRaw(hex));
    }

    private JsonNode mempoolEntry(String txid) throws RpcError {
        SimulatedChain.TransactionView view = chain.view(txid).filter(SimulatedChain.TransactionView::inMempool)
                .orElseThrow(() -> new RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Transaction not in mempool"));
        ObjectNode result = JSON.objectNode();
        result.put("vsize", view.raw().vsize());
        result.put("weight", view.raw().weight());
        if (view.fee() != null) {
            result.putObject("fees").put("base", coins(view.fee()));
        }
        ArrayNode depends = result.putArray("depends");
        view.mempoolParents().forEach(depends::add);
        ArrayNode spentBy = result.putArray("spentby");
        view.mempoolChildren().forEach(spentBy::add);
        result.put("wtxid", view.raw().wtxid());
        return result;
    }

    /** {@code lockunspent unlock [{txid, vout}, ...] persistent}. */
    private JsonNode lockUnspent(JsonNode params) throws RpcError {
        JsonNode unlock = params.path(0);
        if (!unlock.isBoolean()) {
            throw new RpcError(RPC_TYPE_ERROR, "Expected type bool for unlock");
        }
        List<Outpoint> outpoints = new ArrayList<>();
        for (JsonNode entry : params.path(1)) {
            String txid = entry.path("txid").asString("");
            if (!entry.path("vout").isIntegralNumber()) {
                throw new RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, missing vout key");
            }
            int vout = entry.path("vout").intValue();
            if (vout < 0) {
                throw new RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, vout cannot be negative");
            }
            outpoints.add(outpoint(txid, vout));
        }
        chain.lockUnspent(unlock.booleanValue(), outpoints, optionalBoolean(params, 2, false));
        return JSON.booleanNode(true);
    }

    private static Outpoint outpoint(String txid, int vout) throws RpcError {
        try {
            return new Outpoint(txid, vout);
        } catch (IllegalArgumentException e) {
            throw new RpcError(RPC_INVALID_PARAMETER, "txid must be of length 64 (not " + txid.length() + ", for '"
                    + txid + "')");
        }
    }

    private static JsonNode outpoints(List<Outpoint> outpoints) {
        ArrayNode result = JSON.arrayNode();
        outpoints.forEach(o -> result.addObject().put("txid", o.txid()).put("vout", o.vout()));
        return result;
    }

    private RawTransaction rawTransaction(String hex) throws RpcError {
        try {
            return RawTransaction.parse(hex, chain.network());
        } catch (IllegalArgumentException e) {
            throw new RpcError(RPC_DESERIALIZATION_ERROR, "TX decode failed " + e.getMessage());
        }
    }

    private RawTransaction psbtTransaction(String psbt) throws RpcError {
        try {
            return RawTransaction.parse(HexFormat.of().formatHex(Psbt.transactionOf(psbt)), chain.network());
        } catch (IllegalArgumentException e) {
            throw new RpcError(RPC_DESERIALIZATION_ERROR, "TX decode failed " + e.getMessage());
        }
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

    private static boolean optionalBoolean(JsonNode params, int index, boolean fallback) throws RpcError {
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
