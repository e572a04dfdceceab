package io.cryptoassets.contracts.alert;

/**
 * What an {@link Alert} is about. Each kind documents the {@code details} keys the worker sets,
 * and the severity it is raised with.
 */
public enum AlertKind {
    /**
     * A broadcast was opened but never closed: it may or may not have reached the network, so it
     * is never resent automatically; an operator resolves it. Details: {@code broadcastId},
     * {@code openedAt}.
     */
    BROKEN_BROADCAST(Severity.CRITICAL),
    /**
     * No worker has had an answer from the asset's node for the configured time; raised once per
     * outage. Details: {@code error} (the last failure seen), {@code since} (the last answer).
     */
    NODE_UNREACHABLE(Severity.WARNING),
    /**
     * The asset's node answers again after a {@link #NODE_UNREACHABLE}. Details: {@code since}
     * (when it had stopped answering).
     */
    NODE_RECOVERED(Severity.INFO),
    /**
     * A deposit was reported with another amount or address than recorded, or than the asset's
     * node shows for that output. Details: {@code txid}, {@code vout}, {@code recordedAmount},
     * {@code observedAmount}, {@code recordedAddress}, {@code observedAddress} when reported again;
     * {@code txid}, {@code claimedVout}, {@code claimedAddress}, {@code claimedAmount},
     * {@code nodeVout}, {@code nodeAddress}, {@code nodeAmount} when the node disagrees with the
     * message (the node's output is what is recorded; {@code none} where the node has no output).
     */
    DEPOSIT_AMOUNT_MISMATCH(Severity.CRITICAL),
    /**
     * A credited deposit left the chain in a reorganisation, or its node no longer knows it or
     * reports it conflicted; raised once per deposit, and the credit stands until an operator
     * decides. Details: {@code txid}, {@code vout}, {@code accountId}, {@code amount},
     * {@code confirmations}, and {@code transactionId} and {@code reason} when the node no longer
     * knows it ({@code unknown}) or reports it conflicted ({@code conflicted}).
     */
    CREDITED_DEPOSIT_REORGED(Severity.CRITICAL),
    /**
     * A {@code DepositObserved} named a transaction the asset's node does not know: it was
     * rejected {@code UNKNOWN_TRANSACTION} and credited nothing, but whoever can produce deposit
     * reports claimed money that the chain does not show. Details, as claimed: {@code txid},
     * {@code vout}, {@code address}, {@code amount}, {@code confirmations}.
     */
    UNVERIFIED_DEPOSIT(Severity.CRITICAL),
    /**
     * The ledger owes more (customer balances and withdrawals not yet sent) than the asset's node
     * wallet holds, in two checks in a row; raised once until the reserves are restored. Details:
     * {@code liabilities}, {@code hotWallet}, {@code shortfall}.
     */
    RESERVES_SHORTFALL(Severity.CRITICAL),
    /** The wallet holds what the ledger owes again after a shortfall. Details: {@code liabilities}, {@code hotWallet}. */
    RESERVES_RESTORED(Severity.INFO),
    /**
     * The worker failed on one request for a reason of its own and answered it
     * {@code INTERNAL_ERROR}; nothing was applied. Details: {@code requestId}, {@code messageType},
     * {@code cause}.
     */
    REQUEST_FAILED(Severity.CRITICAL),
    /**
     * A sent withdrawal transaction that the node now reports conflicted: another transaction
     * spending one of its inputs is in the best chain, or it was replaced. Raised once per
     * broadcast; its withdrawals may be unpaid, so an operator looks. Details: {@code broadcastId},
     * {@code txid}, {@code conflictingTxids} (comma-separated, may be empty), {@code replacedBy}
     * (when the node names a replacement).
     */
    BROADCAST_CONFLICTED(Severity.CRITICAL),
    /**
     * A sent withdrawal transaction fell out of the node's mempool unconfirmed; the worker sends
     * the same signed bytes again (same txid, so it cannot pay twice). Details: {@code broadcastId},
     * {@code txid}, {@code resent} ({@code true} or the node's refusal).
     */
    BROADCAST_DROPPED(Severity.WARNING),
    /**
     * A sent withdrawal transaction is still unconfirmed this many blocks after it was sent (the
     * fee may be too low). Raised once per broadcast. Details: {@code broadcastId}, {@code txid},
     * {@code sentAtHeight}, {@code height}.
     */
    BROADCAST_STUCK(Severity.WARNING),
    /**
     * The node's wallet cannot pay a withdrawal that waits to be sent (insufficient funds);
     * nothing fails, the withdrawal waits until the wallet is topped up. Raised once until a
     * send succeeds again. Details: {@code broadcastId}, {@code amount} (what the refused
     * broadcast pays), {@code error}.
     */
    HOT_WALLET_INSUFFICIENT(Severity.CRITICAL),
    /**
     * One withdrawal, alone in its broadcast, was refused by the node this many times for a
     * reason the worker does not understand; it keeps waiting and is retried. Details:
     * {@code broadcastId}, {@code transactionId}, {@code refusals}, {@code error}.
     */
    WITHDRAWAL_REFUSED(Severity.CRITICAL),
    /**
     * The node's wallet held more than the asset's {@code hot-wallet.max} (net of withdrawals
     * waiting), and the excess was sent to a cold-storage address. Raised once per sweep, when it
     * reached the node. Details: {@code broadcastId}, {@code txid}, {@code amount}, {@code address}.
     */
    COLD_SWEEP(Severity.INFO),
    /**
     * The node's wallet holds less than the asset's {@code hot-wallet.min} (net of withdrawals
     * waiting): an operator should top it up from cold storage. Raised once when it falls below,
     * again only after it was back above. Withdrawals keep waiting meanwhile. Details:
     * {@code balance}, {@code min}.
     */
    HOT_WALLET_LOW(Severity.WARNING);

    private final Severity defaultSeverity;

    AlertKind(Severity defaultSeverity) {
        this.defaultSeverity = defaultSeverity;
    }

    /** The severity this kind is raised with unless the worker knows better. */
    public Severity defaultSeverity() {
        return defaultSeverity;
    }
}
