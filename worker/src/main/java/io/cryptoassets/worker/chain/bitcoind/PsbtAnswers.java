package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.Outpoint;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the answers of the calls that build and check a signed transaction, in the shapes Bitcoin
 * Core documents for them (v0.17 and later for the PSBT calls).
 */
final class PsbtAnswers {

    /** {@code walletcreatefundedpsbt}: the funded, unsigned PSBT and the fee it pays, positive. */
    record Funded(String psbt, BigInteger fee) {
    }

    /** One entry of {@code testmempoolaccept}: whether the node's mempool would take the transaction. */
    record Verdict(String txid, boolean allowed, String rejectReason) {
    }

    private final CoinAmounts amounts;

    PsbtAnswers(CoinAmounts amounts) {
        this.amounts = amounts;
    }

    /** {@code {"psbt": base64, "fee": coins, "changepos": n}}. */
    Funded funded(JsonNode result) {
        String method = "walletcreatefundedpsbt";
        AnswerFields.requireObject(method, result);
        BigInteger fee = AnswerFields.amount(amounts, method, result, "fee");
        if (fee.signum() < 0) {
            throw AnswerFields.malformed(method, "negative fee " + result.get("fee"));
        }
        return new Funded(AnswerFields.text(method, result, "psbt"), fee);
    }

    /** {@code decodepsbt}: the inputs of the unsigned transaction ({@code tx.vin[].txid/vout}). */
    List<Outpoint> inputs(JsonNode result) {
        String method = "decodepsbt";
        AnswerFields.requireObject(method, result);
        JsonNode tx = result.get("tx");
        AnswerFields.requireObject(method, tx);
        List<Outpoint> inputs = new ArrayList<>();
        for (JsonNode vin : AnswerFields.objects(method, tx, "vin")) {
            inputs.add(AnswerFields.outpoint(method, vin));
        }
        if (inputs.isEmpty() || new HashSet<>(inputs).size() != inputs.size()) {
            throw AnswerFields.malformed(method, "the funded transaction does not spend distinct inputs: " + inputs);
        }
        return List.copyOf(inputs);
    }

    /**
     * {@code walletprocesspsbt}: the signed PSBT. Incomplete means the wallet holds no key for some
     * input (a watch-only wallet): a fault of the node's setup, not of the payment.
     */
    String signedPsbt(JsonNode result) {
        String method = "walletprocesspsbt";
        AnswerFields.requireObject(method, result);
        if (!AnswerFields.bool(method, result, "complete")) {
            throw new NodeCallFailedException("bitcoind " + method + ": the wallet could not sign every input;"
                    + " it must hold the private keys (not a watch-only wallet) and be unlocked");
        }
        return AnswerFields.text(method, result, "psbt");
    }

    /** {@code finalizepsbt} with extraction: the network serialization, hex. */
    String networkHex(JsonNode result) {
        String method = "finalizepsbt";
        AnswerFields.requireObject(method, result);
        if (!AnswerFields.bool(method, result, "complete")) {
            throw new NodeCallFailedException("bitcoind " + method + ": the signed transaction could not be finalized");
        }
        return AnswerFields.text(method, result, "hex");
    }

    /** {@code testmempoolaccept} for one transaction: {@code [{"txid", "allowed", "reject-reason"}]}. */
    Verdict verdict(JsonNode result) {
        String method = "testmempoolaccept";
        AnswerFields.requireArray(method, result);
        if (result.size() != 1) {
            throw AnswerFields.malformed(method, result.size() + " results for one transaction");
        }
        JsonNode entry = result.get(0);
        AnswerFields.requireObject(method, entry);
        String txid = AnswerFields.hash(method, entry, "txid");
        boolean allowed = AnswerFields.bool(method, entry, "allowed");
        if (allowed) {
            return new Verdict(txid, true, null);
        }
        JsonNode reason = entry.get("reject-reason");
        JsonNode packageError = entry.get("package-error");
        String why = reason != null && reason.isString() ? reason.stringValue()
                : packageError != null && packageError.isString() ? packageError.stringValue()
                : "rejected without a reason";
        return new Verdict(txid, false, why);
    }
}
