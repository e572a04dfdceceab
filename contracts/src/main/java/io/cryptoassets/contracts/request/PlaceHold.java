package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * Reserve {@code amount} of an account for a later {@link CaptureHold} or {@link ReleaseHold}: the
 * balance stays, the available balance goes down by the amount, and no ledger entry is written.
 * Refused with INSUFFICIENT_BALANCE when the available balance is less. A hold settles exactly
 * once: captured, released, or expired at {@code expiresAt}. Schema: {@code schemas/place-hold.schema.json}.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this release
 * @param requestId     idempotency key chosen by the client
 * @param asset         asset code of the account
 * @param accountId     the account whose funds are held; also the record key
 * @param holdId        the client's name for the hold, unique per account (HOLD_EXISTS)
 * @param amount        in the asset's smallest unit, greater than zero
 * @param expiresAt     optional: when the worker releases the hold if it was not settled before
 *                      (state {@code expired}); must be after the worker's decision time
 * @param label         optional free text kept with the hold
 */
@JsonTypeName("PlaceHold")
public record PlaceHold(
        int schemaVersion,
        UUID requestId,
        String asset,
        String accountId,
        String holdId,
        BigInteger amount,
        Instant expiresAt,
        String label) implements AccountRequest {

    /** A request of the current schema version. */
    public PlaceHold(UUID requestId, String asset, String accountId, String holdId, BigInteger amount,
                     Instant expiresAt, String label) {
        this(SCHEMA_VERSION, requestId, asset, accountId, holdId, amount, expiresAt, label);
    }

    @Override
    public String recordKey() {
        return accountId;
    }
}
