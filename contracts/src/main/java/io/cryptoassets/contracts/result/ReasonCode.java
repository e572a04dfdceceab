package io.cryptoassets.contracts.result;

/**
 * Why a request was rejected, in order of precedence: when several apply, the result names the
 * first. The worker walks this order. A request that repeats an earlier one is answered as the
 * first time before anything else is looked at (as TigerBeetle answers a replayed id), so the
 * record of earlier requests comes first; then the message alone, the worker's configuration,
 * the asset's node (asked before the ledger, whose checks need its answer: the address it hands
 * out, the outputs of a transaction), the ledger's state, and last a failure of the worker itself.
 */
public enum ReasonCode {
    /** The requestId was already used by a request with different content; the first one stands. */
    REQUEST_ID_REUSED,
    /** The body fails its JSON Schema; {@code fieldErrors} names each offending field. */
    INVALID_REQUEST,
    /** The asset is not configured on this worker. */
    UNKNOWN_ASSET,
    /**
     * A {@code WithdrawalRequested} pays less than the asset's {@code min-withdrawal}, an amount the
     * network could refuse as dust. Decided from the message and the configuration alone, so it
     * applies to a withdrawal that would have been settled inside the ledger too; move small
     * amounts between accounts with a {@code Transfer}.
     */
    AMOUNT_BELOW_MINIMUM,
    /**
     * The asset's node does not know the transaction of a {@code DepositNotified}, or of a
     * {@code DepositObserved} for an asset whose deposits come from its node (which also raises
     * an UNVERIFIED_DEPOSIT alert). Nothing changes.
     */
    UNKNOWN_TRANSACTION,
    /** The asset's node could not be reached to create an address or look up a transaction. */
    NODE_UNAVAILABLE,
    /** An address in the request fails the asset's address validator (wrong network, checksum, format). */
    INVALID_ADDRESS,
    /** A {@code Transfer} (or one of its legs) names the same account as source and destination. */
    SAME_ACCOUNT,
    /** An account the request names does not exist for this asset. */
    UNKNOWN_ACCOUNT,
    /** {@code OpenAccount} names an accountId that an earlier request already opened for this asset. */
    ACCOUNT_EXISTS,
    /** A deposit pays an address that no account of this asset owns. */
    UNKNOWN_ADDRESS,
    /** {@code CreateAddress} registers an address that is already registered to an account. */
    ADDRESS_TAKEN,
    /**
     * {@code CancelWithdrawal} names no withdrawal of this account and asset: no such request or
     * transaction, a rejected withdrawal, another account's, or a request that was not a withdrawal.
     */
    UNKNOWN_WITHDRAWAL,
    /**
     * {@code CancelWithdrawal} names a withdrawal that already ended without being sent
     * ({@code failed} or {@code cancelled}, its amount refunded), or that was settled inside the
     * ledger as a transfer. Nothing changes.
     */
    WITHDRAWAL_ENDED,
    /**
     * {@code CancelWithdrawal} names a withdrawal that was sent, or whose broadcast was handed to the
     * node (being signed, signed, opened, sent, or broken and waiting for an operator): it may be on
     * the network, so it can no longer be taken back. Nothing changes.
     */
    ALREADY_BROADCAST,
    /**
     * A {@code WithdrawalRequested} pays an address that is not on the account's destination
     * allow-list (set by an operator with {@code policies}). Applies whether it would be sent or
     * settled inside the ledger. Nothing changes.
     */
    DESTINATION_NOT_ALLOWED,
    /**
     * A {@code WithdrawalRequested} would exceed a withdrawal limit: the maximum per withdrawal, or
     * a rolling-window amount or count of the account or of the whole asset. The result's
     * {@code limit} names which; the first exceeded in {@link PolicyLimit}'s order. Nothing changes.
     */
    LIMIT_EXCEEDED,
    /** The debited account's available balance is less than the amount. */
    INSUFFICIENT_BALANCE,
    /**
     * An {@code ApproveWithdrawal} or {@code RejectWithdrawal} names a withdrawal that is not
     * awaiting approval: approved already, never held, or ended. Nothing changes.
     */
    NOT_AWAITING_APPROVAL,
    /**
     * An {@code ApproveWithdrawal} or {@code RejectWithdrawal} came after the withdrawal's approval
     * deadline; the withdrawal is (or is about to be) failed and refunded. Nothing changes.
     */
    APPROVAL_EXPIRED,
    /** An {@code ApproveWithdrawal} comes from the principal that requested the withdrawal. Nothing changes. */
    APPROVER_NOT_ALLOWED,
    /**
     * An approver already decided on this withdrawal (with another requestId): an approver counts
     * once. Nothing changes.
     */
    APPROVER_ALREADY_DECIDED,
    /** A {@code CaptureHold} or {@code ReleaseHold} names a hold the account does not have. Nothing changes. */
    UNKNOWN_HOLD,
    /** A {@code PlaceHold} names a hold id the account already used (with another requestId). Nothing changes. */
    HOLD_EXISTS,
    /** A {@code CaptureHold} or {@code ReleaseHold} names a hold already captured or released. Nothing changes. */
    HOLD_SETTLED,
    /**
     * A {@code CaptureHold} or {@code ReleaseHold} names a hold past its expiry: it is released to
     * the account (by this request if the worker had not yet done so) and cannot be captured.
     */
    HOLD_EXPIRED,
    /** A {@code CaptureHold} asks for more than the hold reserves. Nothing changes. */
    CAPTURE_EXCEEDS_HOLD,
    /**
     * A {@code DepositObserved} contradicts what the ledger recorded for the same (txid, vout):
     * another amount or address. Nothing changes and a DEPOSIT_AMOUNT_MISMATCH alert is raised.
     * Only for assets whose deposits are reported: where the node is the source, its output is
     * recorded whatever the message claims.
     */
    DEPOSIT_MISMATCH,
    /**
     * Applying the request would take a balance to 10^78 or beyond, past what the ledger can
     * hold (amounts are integers below 10^78). Nothing changes.
     */
    AMOUNT_OUT_OF_RANGE,
    /**
     * The worker failed on this request for a reason of its own (a defect, or data it cannot
     * store), not because of the infrastructure, which it waits out. Nothing changes; the worker
     * raises a REQUEST_FAILED alert, and a resend with the same requestId gets this answer again.
     */
    INTERNAL_ERROR
}
