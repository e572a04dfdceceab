package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.chain.SendRefusedException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Sends a signed transaction: {@code sendrawtransaction hex}, at most once per call, bounded by the
 * send timeout like {@code sendmany}. Its txid is computed from the bytes before anything leaves,
 * so an answer that never comes can be settled by asking for that txid.
 */
final class RawSender {

    /**
     * Bitcoin Core's reason when the mempool holds a transaction with this txid and another witness:
     * same inputs, same outputs, so the payment this txid stands for is on its way.
     */
    private static final String SAME_TXID_IN_MEMPOOL = "txn-same-nonwitness-data-in-mempool";

    private final JsonRpcClient rpc;

    RawSender(JsonRpcClient rpc) {
        this.rpc = rpc;
    }

    /**
     * @throws IllegalArgumentException the text is not a whole serialized transaction; nothing was sent
     * @throws SendRefusedException     the node refused it (an error object it uses for verdicts)
     */
    String send(String raw) {
        RawTransaction transaction = RawTransaction.parse(raw);
        JsonNode result;
        try {
            result = rpc.send("sendrawtransaction", List.of(transaction.hex()));
        } catch (NodeCallFailedException e) {
            if (alreadySent(e)) {
                return transaction.txid();
            }
            throw NodeRefusals.classify(e);
        }
        String answered = WalletAnswers.txidOrNull(result);
        if (!transaction.txid().equals(answered)) {
            // It took something; whatever it says, the bytes it was given have only one txid.
            throw rpc.unreadableSendResult("sendrawtransaction",
                    "the result is not the txid " + transaction.txid() + ": " + abbreviate(String.valueOf(result)));
        }
        return transaction.txid();
    }

    /**
     * The node already has this very transaction: in a block (-27, "Transaction already in block
     * chain" or "Transaction outputs already in utxo set"), or in the mempool, which Bitcoin Core
     * (v22+) answers with the txid and older versions with "txn-already-known" or
     * "txn-already-in-mempool".
     */
    private static boolean alreadySent(NodeCallFailedException e) {
        if (e.rpcCode() == null) {
            return false;
        }
        String message = JsonRpcClient.nodeMessage(e);
        return SendRefusal.of(e.rpcCode(), message).kind() == SendRefusal.Kind.ALREADY_KNOWN
                || message.contains(SAME_TXID_IN_MEMPOOL);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
