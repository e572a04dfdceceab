package io.cryptoassets.contracts.txupdate;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What kind of ledger transaction a {@link TxUpdate} is about; lowercase on the wire. */
public enum TransactionType {
    /** Funds received from the network to one of the account's addresses. */
    @JsonProperty("deposit") DEPOSIT,
    /** A withdrawal sent to the network in a broadcast (one network transaction may carry several). */
    @JsonProperty("broadcast") BROADCAST,
    /** Funds moved between two accounts of this ledger without touching the network. */
    @JsonProperty("internal") INTERNAL,
    /**
     * Funds of the account reserved by a {@code PlaceHold}: they stay in its balance but not in its
     * available balance until the hold is captured, released or expires. Moves no funds itself; a
     * capture moves them with an {@code internal} or {@code broadcast} transaction of its own.
     */
    @JsonProperty("hold") HOLD
}
