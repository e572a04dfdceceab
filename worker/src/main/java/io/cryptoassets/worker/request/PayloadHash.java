package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.request.Request;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of what a request asks for, to tell a replay (same id, same request) from a reused
 * id (same id, different request). A valid request is hashed in its canonical form, written
 * back from its record, so field order, white space and unknown fields make no difference; an
 * invalid one is hashed byte for byte.
 */
final class PayloadHash {

    private PayloadHash() {
    }

    static byte[] of(IncomingRequest incoming) {
        if (incoming instanceof IncomingRequest.Valid valid) {
            return sha256(ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(valid.request()));
        }
        return sha256(((IncomingRequest.Invalid) incoming).value());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
