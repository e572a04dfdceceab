package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.math.BigInteger;
import java.util.UUID;

/**
 * A chain watcher reports one transaction output paying an address, at some number of
 * confirmations. Report it again as confirmations grow; the worker credits it once it reaches
 * the asset's threshold. Schema: {@code schemas/deposit-observed.schema.json}.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this release
 * @param requestId     optional idempotency key; see {@link #idempotencyKey()}
 * @param asset         asset code
 * @param txid          the transaction id, lowercase hex
 * @param vout          the output index within the transaction
 * @param address       the receiving address; also the record key
 * @param amount        the output's value in the smallest unit, greater than zero
 * @param confirmations confirmations seen so far; 0 while unconfirmed
 * @param blockHash     optional hash of the block holding the transaction, lowercase hex
 */
@JsonTypeName("DepositObserved")
public record DepositObserved(
        int schemaVersion,
        UUID requestId,
        String asset,
        String txid,
        int vout,
        String address,
        BigInteger amount,
        int confirmations,
        String blockHash) implements DepositRequest {

    /** An observation of the current schema version. */
    public DepositObserved(UUID requestId, String asset, String txid, int vout, String address,
                           BigInteger amount, int confirmations, String blockHash) {
        this(SCHEMA_VERSION, requestId, asset, txid, vout, address, amount, confirmations, blockHash);
    }

    /**
     * {@code requestId}, or when absent the version 5 UUID of
     * {@code DepositObserved|asset|txid|vout|address|amount|confirmations|blockHash}
     * (see {@link DerivedRequestId}): the same observation sent twice is one request.
     */
    @Override
    public UUID idempotencyKey() {
        return requestId != null ? requestId
                : DerivedRequestId.of("DepositObserved", asset, txid, vout, address, amount, confirmations, blockHash);
    }

    @Override
    public String recordKey() {
        return address;
    }
}
