package io.cryptoassets.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A record the worker publishes. Delivery is at-least-once, so consumers de-duplicate on
 * {@link #eventId()}, which is also sent in the {@link ContractHeaders#EVENT_ID} header.
 */
public interface Event extends Message {

    /** Unique per event; a redelivered event carries the same id. */
    UUID eventId();

    /** When the worker decided what the event says, in UTC. */
    Instant occurredAt();
}
