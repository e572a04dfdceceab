package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.math.BigInteger;
import java.util.UUID;

/**
 * Move {@code amount} between two accounts of one asset inside the ledger, with no network
 * transaction and no fee. Schema: {@code schemas/transfer.schema.json}.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this release
 * @param requestId     idempotency key chosen by the client
 * @param asset         asset code of both accounts
 * @param fromAccountId the account to debit; also the record key
 * @param toAccountId   the account to credit; must differ from {@code fromAccountId}
 * @param amount        in the asset's smallest unit, greater than zero
 * @param label         optional free text kept with the transaction
 */
@JsonTypeName("Transfer")
public record Transfer(
        int schemaVersion,
        UUID requestId,
        String asset,
        String fromAccountId,
        String toAccountId,
        BigInteger amount,
        String label) implements AccountRequest {

    /** A request of the current schema version. */
    public Transfer(UUID requestId, String asset, String fromAccountId, String toAccountId,
                    BigInteger amount, String label) {
        this(SCHEMA_VERSION, requestId, asset, fromAccountId, toAccountId, amount, label);
    }

    @Override
    public String recordKey() {
        return fromAccountId;
    }
}
