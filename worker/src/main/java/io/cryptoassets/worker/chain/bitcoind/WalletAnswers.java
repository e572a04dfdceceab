package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.chain.ReceivedSince;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads the results of Bitcoin Core's wallet calls into the port's types. Anything unexpected is
 * a {@link NodeCallFailedException} (these are all reads), never a guess: an amount that is not an
 * exact decimal, has more decimals than the asset, or a missing field.
 *
 * <p>Only outputs of category {@code receive} are reported as received. The coinbase categories
 * ({@code generate}, {@code immature}, {@code orphan}) are left out on purpose: a coinbase output
 * cannot be spent for 100 blocks and disappears for good if its block is reorganised away, so
 * crediting it after a few confirmations like a payment would credit money that may never exist.
 * A custodial deposit address is not a mining payout address.
 */
final class WalletAnswers {

    private static final Logger log = LoggerFactory.getLogger(WalletAnswers.class);

    /** Most confirmations first is oldest block first; the mempool (0) comes last. */
    private static final Comparator<ReceivedOutput> OLDEST_FIRST = Comparator
            .comparingInt(ReceivedOutput::confirmations).reversed()
            .thenComparing(ReceivedOutput::txid)
            .thenComparingInt(ReceivedOutput::vout);

    private final CoinAmounts amounts;

    WalletAnswers(CoinAmounts amounts) {
        this.amounts = amounts;
    }

    /** {@code getnewaddress}: the address string. */
    String address(JsonNode result) {
        if (result == null || !result.isString() || result.stringValue().isBlank()) {
            throw AnswerFields.malformed("getnewaddress", "the result is not an address");
        }
        return result.stringValue();
    }

    /** {@code sendmany}: the txid, or null when the result is not one. */
    static String txidOrNull(JsonNode result) {
        if (result == null || !result.isString() || !AnswerFields.isHash(result.stringValue())) {
            return null;
        }
        return result.stringValue().toLowerCase(Locale.ROOT);
    }

    /** {@code getblockcount}: the height. */
    long blockCount(JsonNode result) {
        if (result == null || !result.isIntegralNumber() || !result.canConvertToLong() || result.longValue() < 0) {
            throw AnswerFields.malformed("getblockcount", "the result is not a block height");
        }
        return result.longValue();
    }

    /** {@code getbalances}: {@code mine.trusted}, the wallet's spendable balance. */
    BigInteger trustedBalance(JsonNode result) {
        String method = "getbalances";
        AnswerFields.requireObject(method, result);
        JsonNode mine = result.get("mine");
        AnswerFields.requireObject(method, mine);
        return AnswerFields.amount(amounts, method, mine, "trusted");
    }

    /**
     * {@code gettransaction}: the transaction's confirmations (negative for a conflicted one, which
     * the port reports as 0 and conflicted), its fee made positive, and its {@code receive} details.
     */
    NodeTransaction transaction(JsonNode result) {
        String method = "gettransaction";
        AnswerFields.requireObject(method, result);
        String txid = AnswerFields.hash(method, result, "txid");
        int nodeConfirmations = AnswerFields.integer(method, result, "confirmations");
        int confirmations = Math.max(0, nodeConfirmations);
        BigInteger fee = paidFee(method, result);
        List<ReceivedOutput> received = new ArrayList<>();
        for (JsonNode detail : AnswerFields.objects(method, result, "details")) {
            if (isReceive(detail)) {
                receivedOutput(method, txid, confirmations, detail, received);
            }
        }
        received.sort(Comparator.comparingInt(ReceivedOutput::vout));
        return new NodeTransaction(txid, nodeConfirmations, fee, received);
    }

    /** {@code listsinceblock}: the {@code receive} entries, oldest block first, and {@code lastblock}. */
    ReceivedSince receivedSince(JsonNode result) {
        String method = "listsinceblock";
        AnswerFields.requireObject(method, result);
        String lastBlock = AnswerFields.hash(method, result, "lastblock");
        List<ReceivedOutput> received = new ArrayList<>();
        for (JsonNode entry : AnswerFields.objects(method, result, "transactions")) {
            if (isReceive(entry)) {
                String txid = AnswerFields.hash(method, entry, "txid");
                int confirmations = Math.max(0, AnswerFields.integer(method, entry, "confirmations"));
                receivedOutput(method, txid, confirmations, entry, received);
            }
        }
        // Bitcoin Core lists wallet transactions in no particular order; the port promises block order.
        received.sort(OLDEST_FIRST);
        return new ReceivedSince(received, lastBlock);
    }

    private void receivedOutput(String method, String txid, int confirmations, JsonNode entry,
            List<ReceivedOutput> into) {
        int vout = AnswerFields.integer(method, entry, "vout");
        JsonNode address = entry.get("address");
        if (address == null || !address.isString() || address.stringValue().isBlank()) {
            // Only outputs to a script without an address form (bare multisig, non-standard) come
            // without one; no deposit address can match them, so there is nothing to report.
            log.warn("{}: output {}:{} received without an address is not reported", method, txid, vout);
            return;
        }
        BigInteger amount = AnswerFields.amount(amounts, method, entry, "amount");
        if (amount.signum() < 0) {
            throw AnswerFields.malformed(method, "negative amount received in " + txid + ":" + vout);
        }
        into.add(new ReceivedOutput(txid, vout, address.stringValue(), amount, confirmations));
    }

    /**
     * The fee the wallet paid, made positive, or null: Bitcoin Core reports it as a negative number
     * in {@code gettransaction}, and not at all for a pure receive.
     */
    BigInteger paidFee(String method, JsonNode result) {
        JsonNode fee = result.get("fee");
        if (fee == null || fee.isNull()) {
            return null;
        }
        BigInteger paid = AnswerFields.amount(amounts, method, result, "fee").negate();
        if (paid.signum() < 0) {
            throw AnswerFields.malformed(method, "positive fee " + fee + " (the node reports fees paid as negative numbers)");
        }
        return paid;
    }

    private static boolean isReceive(JsonNode entry) {
        JsonNode category = entry.get("category");
        return category != null && category.isString() && "receive".equals(category.stringValue());
    }
}
