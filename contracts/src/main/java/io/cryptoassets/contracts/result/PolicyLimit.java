package io.cryptoassets.contracts.result;

/**
 * Which withdrawal limit a {@link ReasonCode#LIMIT_EXCEEDED} result hit, in the order the worker
 * checks them: when several would be exceeded, the result names the first.
 */
public enum PolicyLimit {
    /** The largest amount one withdrawal may pay (the account's, else the asset's). */
    MAX_PER_WITHDRAWAL,
    /** The amount the account may send off the wallet within the rolling window. */
    ACCOUNT_WINDOW_AMOUNT,
    /** The number of withdrawals the account may send off the wallet within the rolling window. */
    ACCOUNT_WINDOW_COUNT,
    /** The amount all accounts of the asset together may send off the wallet within the rolling window. */
    ASSET_WINDOW_AMOUNT,
    /** The number of withdrawals all accounts of the asset together may send within the rolling window. */
    ASSET_WINDOW_COUNT
}
