package io.cryptoassets.worker.account;

import java.math.BigInteger;
import java.time.OffsetDateTime;

/**
 * A hold open at the moment {@code accounts show} looks at.
 *
 * @param expiresAt when the worker releases it, or null for never
 */
public record OpenHold(long transactionId, String holdId, BigInteger amount, OffsetDateTime createdAt,
                       OffsetDateTime expiresAt) {
}
