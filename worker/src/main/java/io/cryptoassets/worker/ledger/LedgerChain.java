package io.cryptoassets.worker.ledger;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash chain of an account's ledger entries. An entry's hash is
 * {@code SHA-256(previous || UTF-8(content))}, where {@code previous} is the hash of the
 * account's entry before it (no bytes for the first hashed entry) and {@code content} is
 * <pre>v1|ASSET|hex(UTF-8(account id))|transaction id|network transaction id|amount|balance after|created_at</pre>
 * with absent ids as empty fields, amounts as signed decimal integers and {@code created_at} in
 * microseconds since the epoch, as PostgreSQL stores it. Audit recomputes the same bytes in SQL
 * ({@code sha256}, {@code convert_to}); the two must change together, under a new version tag.
 */
public final class LedgerChain {

    private static final HexFormat HEX = HexFormat.of();

    private LedgerChain() {
    }

    /** The hash of one entry that follows {@code previous} (null: the chain starts here). */
    public static byte[] hash(byte[] previous, String asset, String accountId, Long transactionId,
                              Long networkTransactionId, BigInteger amount, BigInteger balanceAfter, Instant createdAt) {
        String content = String.join("|", "v1", asset, HEX.formatHex(accountId.getBytes(StandardCharsets.UTF_8)),
                transactionId == null ? "" : transactionId.toString(),
                networkTransactionId == null ? "" : networkTransactionId.toString(),
                amount.toString(), balanceAfter.toString(),
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, createdAt)));
        MessageDigest sha256 = sha256();
        if (previous != null) {
            sha256.update(previous);
        }
        return sha256.digest(content.getBytes(StandardCharsets.UTF_8));
    }

    /** A timestamp as PostgreSQL will store it, so the hash covers the stored value. */
    public static Instant storable(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    /** Hex for binding: {@code decode(:hash, 'hex')} in SQL. */
    public static String hex(byte[] hash) {
        return hash == null ? null : HEX.formatHex(hash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
