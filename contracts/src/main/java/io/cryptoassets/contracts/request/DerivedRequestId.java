package io.cryptoassets.contracts.request;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Name-based UUIDs (RFC 9562 version 5, SHA-1) for requests sent without a {@code requestId}.
 *
 * <p>Version 5 rather than Java's built-in version 3 because every other client language has it
 * with a namespace ({@code uuid.uuid5} in Python, {@code uuid.NewSHA1} in Go, {@code v5} in the
 * Node {@code uuid} package), so a client can predict the id its result will carry. The name is
 * the type name and the fields joined by {@code |}, a character no field may contain; an absent
 * field is the empty string.
 */
public final class DerivedRequestId {

    /** The namespace of every derived request id. */
    public static final UUID NAMESPACE = UUID.fromString("5c1ce462-3454-4562-b9ce-266ad691ee29");

    private DerivedRequestId() {
    }

    /** The version 5 UUID of {@code type|field1|field2...} in {@link #NAMESPACE}. */
    public static UUID of(String type, Object... fields) {
        String name = Stream.concat(Stream.of(type), Stream.of(fields))
                .map(field -> Objects.toString(field, ""))
                .collect(Collectors.joining("|"));
        return uuid5(NAMESPACE, name);
    }

    static UUID uuid5(UUID namespace, String name) {
        MessageDigest sha1 = sha1();
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        ByteBuffer hash = ByteBuffer.wrap(sha1.digest(name.getBytes(StandardCharsets.UTF_8)));
        long high = hash.getLong();
        long low = hash.getLong();
        high = (high & ~0xF000L) | 0x5000L; // version 5
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // RFC variant
        return new UUID(high, low);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }
}
