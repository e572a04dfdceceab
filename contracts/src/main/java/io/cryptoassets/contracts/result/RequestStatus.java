package io.cryptoassets.contracts.result;

/** Whether the worker applied a request. */
public enum RequestStatus {
    /** Applied; its effects are committed (and show as {@code TxUpdate}s where money moves). */
    ACCEPTED,
    /** Not applied and never will be; {@code reason} says why. Resend with a new requestId after fixing it. */
    REJECTED
}
