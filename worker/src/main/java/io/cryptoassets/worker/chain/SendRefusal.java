package io.cryptoassets.worker.chain;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why the node refused to build, sign or send a transaction, read from its error (Bitcoin Core's
 * codes and messages, which the simulated node and bitcoind-compatible daemons share). The
 * broadcaster decides by kind: an output refused for good fails that withdrawal alone, a wallet
 * that cannot pay waits for a top-up, inputs already spent are a conflict for an operator, and
 * anything else is bisected until the refused withdrawal is alone.
 *
 * @param kind    see {@link Kind}
 * @param address the output's address when the node named it (an invalid address), else null
 * @param message the node's words, for the withdrawal's {@code reason} and the alerts
 */
public record SendRefusal(Kind kind, String address, String message) {

    public enum Kind {
        /** An output below the node's dust threshold ("Transaction amount too small", "dust"). */
        DUST,
        /** An address the node does not accept (another network, malformed). */
        INVALID_ADDRESS,
        /** The wallet does not hold enough spendable coins for the outputs and the fee. */
        INSUFFICIENT_FUNDS,
        /** The transaction's inputs are spent by another transaction (mempool or chain). */
        INPUTS_SPENT,
        /** The network already has this very transaction: a send that already happened. */
        ALREADY_KNOWN,
        /** Anything else: not understood, so not blamed on any one output. */
        OTHER;

        /** Refused because of one output, for good: that withdrawal can never be sent as it is. */
        public boolean blamesAnOutput() {
            return this == DUST || this == INVALID_ADDRESS;
        }
    }

    /** Bitcoin Core's "Invalid Bitcoin address: X" (and its altcoin clones' "Invalid X address: Y"). */
    private static final Pattern INVALID_ADDRESS = Pattern.compile("invalid [a-z ]*address: *([A-Za-z0-9:]+)",
            Pattern.CASE_INSENSITIVE);

    public SendRefusal {
        Objects.requireNonNull(kind, "kind");
        message = message == null ? "" : message;
    }

    /**
     * Classifies a refusal of {@code walletcreatefundedpsbt}, {@code sendmany}, {@code testmempoolaccept}
     * or {@code sendrawtransaction}: the adapter's own classification when it made one
     * ({@link SendRefusedException}), else the node's code and words.
     */
    public static SendRefusal of(NodeCallFailedException e) {
        if (e instanceof SendRefusedException refused) {
            return refused.refusal();
        }
        return of(e.rpcCode(), e.getMessage());
    }

    /**
     * @param rpcCode the node's error code, or null (a {@code testmempoolaccept} reject-reason has none)
     * @param message the node's message or reject-reason
     */
    public static SendRefusal of(Integer rpcCode, String message) {
        String text = message == null ? "" : message;
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("already in block chain") || lower.contains("txn-already-known")
                || lower.contains("txn-already-in-mempool") || lower.contains("txn-same-nonwitness-data-in-mempool")
                || lower.contains("outputs already in utxo set")
                || Objects.equals(rpcCode, -27)) {
            return new SendRefusal(Kind.ALREADY_KNOWN, null, text);
        }
        if (lower.contains("insufficient funds")) {
            return new SendRefusal(Kind.INSUFFICIENT_FUNDS, null, text);
        }
        if (lower.contains("dust") || lower.contains("amount too small")) {
            return new SendRefusal(Kind.DUST, null, text);
        }
        Matcher invalid = INVALID_ADDRESS.matcher(text);
        if (invalid.find()) {
            return new SendRefusal(Kind.INVALID_ADDRESS, invalid.group(1), text);
        }
        if (lower.contains("invalid address") || lower.contains("invalid bitcoin address")) {
            return new SendRefusal(Kind.INVALID_ADDRESS, null, text);
        }
        if (lower.contains("txn-mempool-conflict") || lower.contains("missingorspent")
                || lower.contains("missing-inputs") || lower.contains("missing inputs")
                || (lower.contains("insufficient fee") && lower.contains("replac"))) {
            return new SendRefusal(Kind.INPUTS_SPENT, null, text);
        }
        return new SendRefusal(Kind.OTHER, null, text);
    }

    public Optional<String> namedAddress() {
        return Optional.ofNullable(address);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ": " + message;
    }
}
