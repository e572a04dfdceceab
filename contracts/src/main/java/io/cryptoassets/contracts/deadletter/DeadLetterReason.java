package io.cryptoassets.contracts.deadletter;

/** Why a request went to its dead-letter topic; the value of the {@code cryptoassets-dlt-reason} header. */
public enum DeadLetterReason {
    /** The value could not be routed to a schema: empty, not JSON, not an object, or an unknown {@code type}. */
    UNREADABLE,
    /** The value fails its schema and has no valid {@code requestId}, so no result could be matched to it. */
    INVALID_REQUEST
}
