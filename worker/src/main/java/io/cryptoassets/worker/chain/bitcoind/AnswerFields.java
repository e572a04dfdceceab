package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.Outpoint;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Typed reads of the fields of a node's answer. A field that is missing or of another type is a
 * {@link NodeCallFailedException} naming the call and the field: an answer is used as the node
 * documents it or not at all, never guessed at.
 */
final class AnswerFields {

    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");

    private AnswerFields() {
    }

    static boolean isHash(String text) {
        return text != null && HASH.matcher(text).matches();
    }

    /** A 64-digit txid or block hash, returned lowercase. */
    static String hash(String method, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || !isHash(value.stringValue())) {
            throw malformed(method, "'" + field + "' is not a 64-digit hex hash: " + value);
        }
        return value.stringValue().toLowerCase(Locale.ROOT);
    }

    /** Like {@link #hash} for a field the node leaves out when it does not apply; null then. */
    static String optionalHash(String method, JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : hash(method, node, field);
    }

    static String text(String method, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.stringValue().isEmpty()) {
            throw malformed(method, "'" + field + "' is not a non-empty string: " + value);
        }
        return value.stringValue();
    }

    static int integer(String method, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw malformed(method, "'" + field + "' is not an integer: " + value);
        }
        return value.intValue();
    }

    static boolean bool(String method, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw malformed(method, "'" + field + "' is not a boolean: " + value);
        }
        return value.booleanValue();
    }

    /**
     * An amount in coins converted exactly to the smallest unit. A {@code DoubleNode} here would
     * mean the number went through binary floating point: it is refused rather than trusted.
     */
    static BigInteger amount(CoinAmounts amounts, String method, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !(value.isBigDecimal() || value.isIntegralNumber())) {
            throw malformed(method, "'" + field + "' is not an exact decimal number: " + value);
        }
        BigDecimal coins = value.decimalValue();
        try {
            return amounts.toSmallestUnit(coins);
        } catch (IllegalArgumentException tooPrecise) {
            throw new NodeCallFailedException("bitcoind " + method + ": unexpected answer: '" + field + "': "
                    + tooPrecise.getMessage(), null, tooPrecise);
        }
    }

    /** The array in {@code field}; its elements must all be objects. */
    static Iterable<JsonNode> objects(String method, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw malformed(method, "'" + field + "' is not an array");
        }
        for (JsonNode element : value) {
            requireObject(method, element);
        }
        return value;
    }

    /** {@code {"txid": ..., "vout": n}}, the shape of an input in every answer that lists one. */
    static Outpoint outpoint(String method, JsonNode node) {
        requireObject(method, node);
        int vout = integer(method, node, "vout");
        if (vout < 0) {
            throw malformed(method, "negative 'vout': " + vout);
        }
        return new Outpoint(hash(method, node, "txid"), vout);
    }

    static void requireObject(String method, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw malformed(method, "expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
    }

    static void requireArray(String method, JsonNode node) {
        if (node == null || !node.isArray()) {
            throw malformed(method, "expected a JSON array, got " + (node == null ? "nothing" : node.getNodeType()));
        }
    }

    static NodeCallFailedException malformed(String method, String why) {
        return new NodeCallFailedException("bitcoind " + method + ": unexpected answer: " + why);
    }
}
