package io.cryptoassets.worker.outbox;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Event;
import java.util.Objects;
import java.util.UUID;

/**
 * One row for the outbox: the event's id, destination topic, Kafka key, type and JSON body.
 *
 * @param key the record key; never null (an event without its own key borrows the request's)
 */
public record OutboxMessage(UUID eventId, String topic, String key, String type, String payload) {

    public OutboxMessage {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
    }

    /** The event as a row, keyed by its own record key, or {@code fallbackKey} when it has none. */
    public static OutboxMessage of(String topic, Event event, String fallbackKey) {
        String key = event.recordKey() != null ? event.recordKey() : fallbackKey;
        return new OutboxMessage(event.eventId(), topic, key, event.messageType(),
                ContractJson.mapper().writeValueAsString(event));
    }
}
