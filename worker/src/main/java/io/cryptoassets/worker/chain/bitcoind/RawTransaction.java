package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.Outpoint;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bitcoinj.core.Transaction;

/**
 * What a signed transaction's bytes say by themselves: its txid and the outputs it spends. The
 * txid is the double SHA-256 of the serialization without witnesses, so it is known before the
 * transaction is sent and whatever the node answers; bitcoinj reads the serialization (segwit or
 * not) instead of a hand-written parser.
 *
 * @param hex    the whole transaction, lowercase
 * @param txid   its transaction id, lowercase, in the byte order the node writes it
 * @param inputs the outputs it spends, in input order
 */
record RawTransaction(String hex, String txid, List<Outpoint> inputs) {

    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");

    /**
     * @throws IllegalArgumentException the text is not one whole serialized transaction
     */
    static RawTransaction parse(String hex) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a raw transaction is an even number of hex digits");
        }
        String lower = hex.toLowerCase(Locale.ROOT);
        ByteBuffer bytes = ByteBuffer.wrap(HexFormat.of().parseHex(lower));
        Transaction transaction;
        List<Outpoint> inputs;
        try {
            transaction = Transaction.read(bytes);
            inputs = transaction.getInputs().stream()
                    .map(input -> new Outpoint(input.getOutpoint().hash().toString(),
                            Math.toIntExact(input.getOutpoint().index())))
                    .toList();
        } catch (RuntimeException notATransaction) {
            // bitcoinj's ProtocolException, a buffer underflow, or an outpoint no wallet output can
            // have (a coinbase's index 0xffffffff): all mean these bytes are not a spendable transaction.
            throw new IllegalArgumentException("not a serialized transaction: " + notATransaction.getMessage(),
                    notATransaction);
        }
        if (bytes.hasRemaining()) {
            throw new IllegalArgumentException(bytes.remaining() + " bytes after the end of the transaction");
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a transaction without inputs cannot be sent");
        }
        return new RawTransaction(lower, transaction.getTxId().toString(), inputs);
    }
}
