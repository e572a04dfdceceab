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
    /** The asset's node did not answer. Details: {@code error}. */
    NODE_UNREACHABLE(Severity.WARNING),
    /**
     * A deposit was reported again with a different amount than recorded. Details: {@code txid},
     * {@code vout}, {@code recordedAmount}, {@code observedAmount}.
     */
    DEPOSIT_AMOUNT_MISMATCH(Severity.CRITICAL),
    /**
     * A credited deposit left the chain in a reorganisation; the credit stands until an operator
     * decides. Details: {@code txid}, {@code vout}, {@code transactionId}, {@code accountId}.
     */
    CREDITED_DEPOSIT_REORGED(Severity.CRITICAL),
    /**
     * The worker failed on one request for a reason of its own and answered it
     * {@code INTERNAL_ERROR}; nothing was applied. Details: {@code requestId}, {@code messageType},
     * {@code cause}.
     */
    REQUEST_FAILED(Severity.CRITICAL);

    private final Severity defaultSeverity;

    AlertKind(Severity defaultSeverity) {
        this.defaultSeverity = defaultSeverity;
    }

    /** The severity this kind is raised with unless the worker knows better. */
    public Severity defaultSeverity() {
        return defaultSeverity;
    }
}
