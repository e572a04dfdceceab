package io.cryptoassets.contracts;

/**
 * One reason a request failed its JSON Schema.
 *
 * @param field   the offending field as a path from the body's root, e.g. {@code amount};
 *                a missing required field is named by itself
 * @param message what is wrong with it, for humans
 */
public record FieldError(String field, String message) {
}
