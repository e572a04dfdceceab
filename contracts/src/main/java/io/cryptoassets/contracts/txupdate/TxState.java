package io.cryptoassets.contracts.txupdate;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a transaction is in its life; lowercase on the wire. Each transaction type has its own
 * path, and confirmations keep being reported in the last state until the asset's tracking limit:
 * <ul>
 *   <li>deposit: {@code incoming} then {@code credited};</li>
 *   <li>broadcast: {@code pending} then {@code broadcasted}, with {@code awaiting_approval} first
 *       for a withdrawal above its approval threshold; or, instead of being sent,
 *       {@code failed} (the node refused its output for good) or {@code cancelled} (a
 *       {@code CancelWithdrawal} or an operator), both refunded to the account;</li>
 *   <li>internal: {@code internal} only, settled when accepted;</li>
 *   <li>hold: {@code held}, then exactly one of {@code captured}, {@code released} or {@code expired}.</li>
 * </ul>
 */
public enum TxState {
    /**
     * A withdrawal accepted and debited, held until enough approvers approve it; then
     * {@code pending}. Rejected, or not approved before its deadline, it ends {@code failed} and is
     * refunded. It may be cancelled meanwhile.
     */
    @JsonProperty("awaiting_approval") AWAITING_APPROVAL,
    /** A withdrawal accepted and debited, waiting to be broadcast. */
    @JsonProperty("pending") PENDING,
    /** A withdrawal sent to the network; {@code txid} is known and confirmations count up. */
    @JsonProperty("broadcasted") BROADCASTED,
    /** A deposit seen on the network with fewer confirmations than the asset needs to credit it. */
    @JsonProperty("incoming") INCOMING,
    /** A deposit that reached the asset's confirmation threshold and was credited, exactly once. */
    @JsonProperty("credited") CREDITED,
    /** A transfer between two accounts of this ledger, settled at once. */
    @JsonProperty("internal") INTERNAL,
    /**
     * A withdrawal that will never be sent: the node refused its output for good (dust, an
     * address not of its network). Its amount went back to the account with a ledger entry;
     * {@code detail} says why. Final.
     */
    @JsonProperty("failed") FAILED,
    /** A withdrawal cancelled before it was sent; its amount went back to the account. Final. */
    @JsonProperty("cancelled") CANCELLED,
    /** A hold placed: its amount is reserved, out of the account's available balance. */
    @JsonProperty("held") HELD,
    /** A hold captured (all or part, by a transfer or a withdrawal); any remainder was released. Final. */
    @JsonProperty("captured") CAPTURED,
    /** A hold released by a {@code ReleaseHold}: its amount is available again. Final. */
    @JsonProperty("released") RELEASED,
    /** A hold that reached its expiry and was released by the worker: its amount is available again. Final. */
    @JsonProperty("expired") EXPIRED
}
