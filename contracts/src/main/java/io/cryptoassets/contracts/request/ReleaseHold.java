package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.UUID;

/**
 * Settle a hold by giving its amount back to the account's available balance (state
 * {@code released}). Schema: {@code schemas/release-hold.schema.json}.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this release
 * @param requestId     idempotency key chosen by the client
 * @param asset         asset code of the account
 * @param accountId     the account that placed the hold; also the record key
 * @param holdId        the hold to release
 */
@JsonTypeName("ReleaseHold")
public record ReleaseHold(int schemaVersion, UUID requestId, String asset, String accountId, String holdId)
        implements AccountRequest {

    /** A request of the current schema version. */
    public ReleaseHold(UUID requestId, String asset, String accountId, String holdId) {
        this(SCHEMA_VERSION, requestId, asset, accountId, holdId);
    }

    @Override
    public String recordKey() {
        return accountId;
    }
}
