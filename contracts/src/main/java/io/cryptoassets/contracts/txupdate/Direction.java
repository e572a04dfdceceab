package io.cryptoassets.contracts.txupdate;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which way the money moves for the account a {@link TxUpdate} is addressed to. Amounts are
 * always positive; this says whether they add to or take from the balance, which matters for
 * internal transactions, where both accounts receive an update.
 */
public enum Direction {
    /** Credits the account. */
    @JsonProperty("in") IN,
    /** Debits the account. */
    @JsonProperty("out") OUT
}
