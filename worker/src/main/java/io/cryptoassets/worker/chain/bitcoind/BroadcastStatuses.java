package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.BroadcastStatus;
import io.cryptoassets.worker.chain.BroadcastStatus.State;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Where a transaction this wallet signed stands: the wallet's view ({@code gettransaction txid
 * false}) and, for an unconfirmed one, the mempool's ({@code getmempoolentry txid}).
 * <ul>
 *   <li>confirmations above 0: {@code CONFIRMED}</li>
 *   <li>confirmations below 0 (a conflicting transaction is in the chain) or a
 *       {@code replaced_by_txid}: {@code CONFLICTED}</li>
 *   <li>0, in the mempool: {@code IN_MEMPOOL}; 0, abandoned or not in the mempool: {@code DROPPED}</li>
 *   <li>unknown to the wallet (-5): {@code IN_MEMPOOL} when the mempool holds it (a wallet
 *       restored from a backup does not know what it sent since), else {@code UNKNOWN}</li>
 * </ul>
 */
final class BroadcastStatuses {

    /** Bitcoin Core's RPC_INVALID_ADDRESS_OR_KEY: gettransaction's and getmempoolentry's "not found". */
    private static final int NOT_FOUND = -5;

    private final JsonRpcClient rpc;
    private final CoinAmounts amounts;
    private final WalletAnswers walletAnswers;

    BroadcastStatuses(JsonRpcClient rpc, CoinAmounts amounts, WalletAnswers walletAnswers) {
        this.rpc = rpc;
        this.amounts = amounts;
        this.walletAnswers = walletAnswers;
    }

    BroadcastStatus status(String txid) {
        String method = "gettransaction";
        JsonNode tx;
        try {
            tx = rpc.read(method, List.of(txid, false));
        } catch (NodeCallFailedException e) {
            if (!Objects.equals(e.rpcCode(), NOT_FOUND)) {
                throw e;
            }
            return mempoolEntry(txid)
                    .map(entry -> new BroadcastStatus(State.IN_MEMPOOL, 0, mempoolFee(entry), List.of(), null))
                    .orElseGet(BroadcastStatus::unknown);
        }
        AnswerFields.requireObject(method, tx);
        if (!AnswerFields.hash(method, tx, "txid").equals(txid)) {
            throw AnswerFields.malformed(method, "asked for " + txid + ", answered " + tx.get("txid"));
        }
        int confirmations = AnswerFields.integer(method, tx, "confirmations");
        BigInteger fee = walletAnswers.paidFee(method, tx);
        List<String> conflicts = hashes(method, tx, "walletconflicts");
        String replacedBy = AnswerFields.optionalHash(method, tx, "replaced_by_txid");
        if (confirmations > 0) {
            return new BroadcastStatus(State.CONFIRMED, confirmations, fee, conflicts, replacedBy);
        }
        if (confirmations < 0 || replacedBy != null) {
            return new BroadcastStatus(State.CONFLICTED, 0, fee, conflicts, replacedBy);
        }
        // An abandoned transaction is by definition out of the mempool (abandontransaction refuses
        // one that is in it); sending it again clears the mark.
        State state = !abandoned(method, tx) && mempoolEntry(txid).isPresent() ? State.IN_MEMPOOL : State.DROPPED;
        return new BroadcastStatus(state, 0, fee, conflicts, null);
    }

    /** {@code getmempoolentry}; empty on -5, "Transaction not in mempool". */
    private Optional<JsonNode> mempoolEntry(String txid) {
        String method = "getmempoolentry";
        try {
            JsonNode entry = rpc.read(method, List.of(txid));
            AnswerFields.requireObject(method, entry);
            return Optional.of(entry);
        } catch (NodeCallFailedException e) {
            if (Objects.equals(e.rpcCode(), NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code fees.base} of a mempool entry (v21 and later), positive; null when absent. */
    private BigInteger mempoolFee(JsonNode entry) {
        JsonNode fees = entry.get("fees");
        if (fees == null || !fees.isObject() || !fees.has("base")) {
            return null;
        }
        return AnswerFields.amount(amounts, "getmempoolentry", fees, "base");
    }

    /** Bitcoin Core marks an abandoned transaction on its {@code send} details. */
    private static boolean abandoned(String method, JsonNode tx) {
        for (JsonNode detail : AnswerFields.objects(method, tx, "details")) {
            JsonNode abandoned = detail.get("abandoned");
            if (abandoned != null && abandoned.isBoolean() && abandoned.booleanValue()) {
                return true;
            }
        }
        return false;
    }

    private static List<String> hashes(String method, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw AnswerFields.malformed(method, "'" + field + "' is not an array");
        }
        List<String> hashes = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isString() || !AnswerFields.isHash(element.stringValue())) {
                throw AnswerFields.malformed(method, "'" + field + "' holds " + element + ", not a txid");
            }
            hashes.add(element.stringValue().toLowerCase(Locale.ROOT));
        }
        return hashes;
    }
}
