package io.cryptoassets.contracts.result;

/**
 * Why a request was rejected, in order of precedence: when several apply, the result names the
 * first. The order follows what each check needs, cheapest and most certain first: the message
 * alone, then the worker's configuration, then the inbox of earlier requests (so a reused
 * requestId is reported before anything that depends on ledger state, as TigerBeetle does), then
 * ledger state, and last the asset's node, the only check with a cost outside the ledger.
 */
public enum ReasonCode {
    /** The body fails its JSON Schema; {@code fieldErrors} names each offending field. */
    INVALID_REQUEST,
    /** The asset is not configured on this worker. */
    UNKNOWN_ASSET,
    /** An address in the request fails the asset's address validator (wrong network, checksum, format). */
    INVALID_ADDRESS,
    /** A {@code Transfer} names the same account as source and destination. */
    SAME_ACCOUNT,
    /** The requestId was already used by a request with different content; the first one stands. */
    REQUEST_ID_REUSED,
    /** An account the request names does not exist for this asset. */
    UNKNOWN_ACCOUNT,
    /** {@code OpenAccount} names an accountId that an earlier request already opened for this asset. */
    ACCOUNT_EXISTS,
    /** A deposit pays an address that no account of this asset owns. */
    UNKNOWN_ADDRESS,
    /** {@code CreateAddress} registers an address that is already registered to an account. */
    ADDRESS_TAKEN,
    /** The debited account's available balance is less than the amount. */
    INSUFFICIENT_BALANCE,
    /**
     * A {@code DepositObserved} contradicts what the ledger recorded for the same (txid, vout):
     * another amount or address. Nothing changes and a DEPOSIT_AMOUNT_MISMATCH alert is raised.
     */
    DEPOSIT_MISMATCH,
    /** The node does not know the notified transaction, or it pays none of this ledger's addresses. */
    UNKNOWN_TRANSACTION,
    /** The asset's node could not be reached to create an address or look up a transaction. */
    NODE_UNAVAILABLE
}
