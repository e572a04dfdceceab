package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.UUID;

/**
 * Ask for an account's balance. Answered by a {@code RequestResult} with {@code balance} and the
 * account's {@code sequence} at that moment, so the answer lines up with the account's
 * {@code TxUpdate}s; it changes nothing in the ledger. Like every request it is answered once per
 * {@code requestId}: to ask again, send a new one. Schema: {@code schemas/get-balance.schema.json}.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this release
 * @param requestId     idempotency key chosen by the client; a new one for every question
 * @param asset         asset code of the account
 * @param accountId     the account asked about; also the record key
 */
@JsonTypeName("GetBalance")
public record GetBalance(int schemaVersion, UUID requestId, String asset, String accountId)
        implements AccountRequest {

    /** A request of the current schema version. */
    public GetBalance(UUID requestId, String asset, String accountId) {
        this(SCHEMA_VERSION, requestId, asset, accountId);
    }

    @Override
    public String recordKey() {
        return accountId;
    }
}
