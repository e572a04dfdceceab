package io.cryptoassets.worker.tracing;

import java.util.regex.Pattern;

/**
 * The W3C {@code traceparent} value: {@code version-traceid-parentid-flags} in lower-case hex.
 * Only valid values are carried on: a malformed header from a client must not end up in the
 * outbox and on every event it causes. A value of a future version is read as version 00 reads
 * it (its first four fields) and passed on as version 00, as the specification asks.
 */
public final class Traceparent {

    /** Length of a version-00 value: 2 + 1 + 32 + 1 + 16 + 1 + 2. */
    static final int LENGTH = 55;

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String NO_TRACE = "0".repeat(32);
    private static final String NO_PARENT = "0".repeat(16);

    private Traceparent() {
    }

    /** {@code value} when it is a valid traceparent (of a future version: as version 00), else null. */
    public static String validOrNull(String value) {
        if (value == null || value.length() < LENGTH) {
            return null;
        }
        String version = value.substring(0, 2);
        if (value.length() > LENGTH && (version.equals("00") || value.charAt(LENGTH) != '-')) {
            return null;
        }
        String fields = value.substring(0, LENGTH);
        if (!FORMAT.matcher(fields).matches() || version.equals("ff")
                || fields.substring(3, 35).equals(NO_TRACE) || fields.substring(36, 52).equals(NO_PARENT)) {
            return null;
        }
        return version.equals("00") ? fields : "00" + fields.substring(2);
    }

    /** The trace id of a valid traceparent. */
    public static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }
}
