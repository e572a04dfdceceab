package io.cryptoassets.contracts.deadletter;

import io.cryptoassets.contracts.ContractHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The diagnosis a dead letter carries in its headers. The dead letter itself keeps the original
 * key, value and headers byte for byte, so it can be replayed to {@link #originalTopic()} once
 * the cause is fixed.
 *
 * <p>{@code detail} and {@code exceptionClass} are cut to {@link #MAX_TEXT_BYTES} UTF-8 bytes,
 * ending with a marker that gives the full length: they often quote the bad record, and a
 * diagnosis as large as the record could make the dead letter itself too large to send.
 *
 * @param reason            why it was dead-lettered
 * @param detail            what exactly is wrong, for humans
 * @param exceptionClass    the exception behind it, if any, else {@code null}
 * @param originalTopic     where the record was first produced
 * @param originalPartition its partition there
 * @param originalOffset    its offset there
 */
public record DeadLetter(DeadLetterReason reason, String detail, String exceptionClass,
                         String originalTopic, int originalPartition, long originalOffset) {

    /** The most UTF-8 bytes a {@code detail} or {@code exceptionClass} header value takes, marker included. */
    public static final int MAX_TEXT_BYTES = 512;

    public DeadLetter {
        detail = bounded(detail, MAX_TEXT_BYTES);
        exceptionClass = bounded(exceptionClass, MAX_TEXT_BYTES);
    }

    /**
     * {@code text} if its UTF-8 form has at most {@code maxBytes} bytes, otherwise its longest
     * prefix that fits together with a marker {@code "...[cut, N bytes]"} naming the full UTF-8
     * length; never splits a character. Null stays null.
     */
    public static String bounded(String text, int maxBytes) {
        if (text == null) {
            return null;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= maxBytes) {
            return text;
        }
        String marker = "...[cut, " + utf8.length + " bytes]";
        int end = Math.max(0, maxBytes - marker.length());
        // Back up to the first byte of a character: continuation bytes look like 10xxxxxx.
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8) + marker;
    }

    /** Writes the diagnosis into {@code headers}, replacing any earlier one (a letter dead twice). */
    public void writeTo(Headers headers) {
        put(headers, ContractHeaders.DLT_REASON, reason.name());
        put(headers, ContractHeaders.DLT_DETAIL, detail);
        put(headers, ContractHeaders.DLT_EXCEPTION, exceptionClass);
        put(headers, ContractHeaders.DLT_ORIGINAL_TOPIC, originalTopic);
        put(headers, ContractHeaders.DLT_ORIGINAL_PARTITION, Integer.toString(originalPartition));
        put(headers, ContractHeaders.DLT_ORIGINAL_OFFSET, Long.toString(originalOffset));
    }

    /** The diagnosis in {@code headers}, or empty if they carry none (or a malformed one). */
    public static Optional<DeadLetter> readFrom(Headers headers) {
        String reason = get(headers, ContractHeaders.DLT_REASON);
        String topic = get(headers, ContractHeaders.DLT_ORIGINAL_TOPIC);
        String partition = get(headers, ContractHeaders.DLT_ORIGINAL_PARTITION);
        String offset = get(headers, ContractHeaders.DLT_ORIGINAL_OFFSET);
        if (reason == null || topic == null || partition == null || offset == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DeadLetter(DeadLetterReason.valueOf(reason),
                    get(headers, ContractHeaders.DLT_DETAIL), get(headers, ContractHeaders.DLT_EXCEPTION),
                    topic, Integer.parseInt(partition), Long.parseLong(offset)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String get(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
