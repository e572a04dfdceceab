package io.cryptoassets.worker.chain.simulated;

import static io.cryptoassets.worker.chain.simulated.WalletRpc.RPC_DESERIALIZATION_ERROR;
import static io.cryptoassets.worker.chain.simulated.WalletRpc.RPC_INVALID_ADDRESS_OR_KEY;
import static io.cryptoassets.worker.chain.simulated.WalletRpc.RPC_INVALID_PARAMETER;
import static io.cryptoassets.worker.chain.simulated.WalletRpc.RPC_METHOD_NOT_FOUND;
import static io.cryptoassets.worker.chain.simulated.WalletRpc.RPC_TYPE_ERROR;
import static io.cryptoassets.worker.chain.simulated.WalletRpc.amount;
import static io.cryptoassets.worker.chain.simulated.WalletRpc.coins;
import static io.cryptoassets.worker.chain.simulated.WalletRpc.optionalBoolean;
import static io.cryptoassets.worker.chain.simulated.WalletRpc.requiredString;

import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.SignedTransaction;
import io.cryptoassets.worker.chain.simulated.WalletRpc.RpcError;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bitcoin Core's calls for a send signed before it leaves, answered from a {@link SimulatedChain}:
 * {@code walletcreatefundedpsbt} (outputs only; the node selects the inputs),
 * {@code walletprocesspsbt}, {@code finalizepsbt}, {@code decodepsbt},
 * {@code decoderawtransaction}, {@code testmempoolaccept}, {@code sendrawtransaction},
 * {@code getmempoolentry}, {@code listlockunspent} and {@code lockunspent}. A PSBT is a minimal
 * BIP 174 one ({@link Psbt}); a transaction is a real Bitcoin serialization without signatures.
 */
final class SignedSendRpc {

    static final int RPC_VERIFY_ALREADY_IN_CHAIN = -27;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SimulatedChain chain;

    SignedSendRpc(SimulatedChain chain) {
        this.chain = chain;
    }

    JsonNode call(String method, JsonNode params) throws RpcError {
        return switch (method) {
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
            default -> throw new RpcError(RPC_METHOD_NOT_FOUND, "Method not found");
        };
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
}
