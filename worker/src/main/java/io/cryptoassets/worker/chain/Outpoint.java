package io.cryptoassets.worker.chain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An output of an earlier transaction, as an input of a new one: what a signed transaction
 * spends and what the node's wallet keeps locked until that transaction is settled. Written
 * {@code txid:vout} in the database and in logs.
 */
public record Outpoint(String txid, int vout) implements Comparable<Outpoint> {

    private static final Pattern TXID = Pattern.compile("[0-9a-f]{64}");

    public Outpoint {
        Objects.requireNonNull(txid, "txid");
        if (!TXID.matcher(txid).matches()) {
            throw new IllegalArgumentException("outpoint txid must be 64 lowercase hex digits, was " + txid);
        }
        if (vout < 0) {
            throw new IllegalArgumentException("outpoint vout must not be negative, was " + vout);
        }
    }

    /** Reads {@code txid:vout}. */
    public static Outpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("an outpoint is txid:vout, was " + text);
        }
        return new Outpoint(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }

    @Override
    public int compareTo(Outpoint other) {
        int byTxid = txid.compareTo(other.txid);
        return byTxid != 0 ? byTxid : Integer.compare(vout, other.vout);
    }

    @Override
    public String toString() {
        return txid + ":" + vout;
    }
}
