package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.UUID;

/**
 * Give an account a new receiving address. The result's {@code address} is the one assigned.
 * Schema: {@code schemas/create-address.schema.json}.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this release
 * @param requestId     idempotency key chosen by the client
 * @param asset         asset code
 * @param accountId     the account that will own the address; also the record key
 * @param address       optional address the client derived itself (e.g. from an xpub) to register;
 *                      without it the worker asks the asset's node for a new one
 */
@JsonTypeName("CreateAddress")
public record CreateAddress(int schemaVersion, UUID requestId, String asset, String accountId, String address)
        implements AccountRequest {

    /** A request of the current schema version. */
    public CreateAddress(UUID requestId, String asset, String accountId, String address) {
        this(SCHEMA_VERSION, requestId, asset, accountId, address);
    }

    @Override
    public String recordKey() {
        return accountId;
    }
}
