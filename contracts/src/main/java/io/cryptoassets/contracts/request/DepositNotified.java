package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.UUID;

/**
 * A bare notice that a transaction concerns the wallet, like Bitcoin Core's {@code -walletnotify}
 * hook: the worker looks the transaction up on the asset's node and handles each output paying
 * one of its addresses as an observed deposit. Schema: {@code schemas/deposit-notified.schema.json}.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this release
 * @param requestId     optional idempotency key; see {@link #idempotencyKey()}
 * @param asset         asset code
 * @param txid          the transaction id, lowercase hex; also the record key
 */
@JsonTypeName("DepositNotified")
public record DepositNotified(int schemaVersion, UUID requestId, String asset, String txid)
        implements DepositRequest {

    /** A notice of the current schema version. */
    public DepositNotified(UUID requestId, String asset, String txid) {
        this(SCHEMA_VERSION, requestId, asset, txid);
    }

    /**
     * {@code requestId}, or when absent the version 5 UUID of {@code DepositNotified|asset|txid}:
     * a repeated notice is answered as a replay, so send a fresh {@code requestId} to force a
     * new look-up (confirmations are followed by the worker anyway).
     */
    @Override
    public UUID idempotencyKey() {
        return requestId != null ? requestId : DerivedRequestId.of("DepositNotified", asset, txid);
    }

    @Override
    public String recordKey() {
        return txid;
    }
}
