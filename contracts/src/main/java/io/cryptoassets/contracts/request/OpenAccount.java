package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.UUID;

/**
 * Open an account named by the client, so the client can use it without waiting for a reply.
 * Schema: {@code schemas/open-account.schema.json}.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this release
 * @param requestId     idempotency key chosen by the client
 * @param asset         asset code; an account holds one asset
 * @param accountId     the new account's id, unique per asset; also the record key
 * @param name          optional human-readable name
 */
@JsonTypeName("OpenAccount")
public record OpenAccount(int schemaVersion, UUID requestId, String asset, String accountId, String name)
        implements AccountRequest {

    /** A request of the current schema version. */
    public OpenAccount(UUID requestId, String asset, String accountId, String name) {
        this(SCHEMA_VERSION, requestId, asset, accountId, name);
    }

    @Override
    public String recordKey() {
        return accountId;
    }
}
