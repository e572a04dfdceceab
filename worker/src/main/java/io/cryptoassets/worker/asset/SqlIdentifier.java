package io.cryptoassets.worker.asset;

import java.util.regex.Pattern;

/**
 * A PostgreSQL identifier (schema name) that is safe to splice into SQL text.
 *
 * <p>Identifiers cannot be bound as parameters, so schema names are the one thing the
 * worker puts into SQL by concatenation. They come only from configuration and must match
 * {@code [a-z_][a-z0-9_]*} (at most 63 characters, PostgreSQL's limit) before any SQL sees them.
 */
public record SqlIdentifier(String value) {

    private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public SqlIdentifier {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not a safe SQL identifier: it must match [a-z_][a-z0-9_]* (max 63 chars)");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
