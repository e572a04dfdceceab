package io.cryptoassets.worker.outbox;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Event;
import java.util.Objects;
import java.util.UUID;

/**
 * One row for the outbox: the event's id, destination topic, Kafka key, type and JSON body, and
 * the trace context of the request that caused it.
 *
 * @param key         the record key; never null (an event without its own key borrows the request's)
 * @param traceparent W3C trace context sent on as the record's {@code traceparent} header; null for none
 */
public record OutboxMessage(UUID eventId, String topic, String key, String type, String payload, String traceparent) {

    public OutboxMessage {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
    }

    /** A row no request's trace reaches. */
    public OutboxMessage(UUID eventId, String topic, String key, String type, String payload) {
        this(eventId, topic, key, type, payload, null);
    }

    /** This row as caused by a request with {@code traceparent} (null: none). */
    public OutboxMessage tracedBy(String traceparent) {
        return new OutboxMessage(eventId, topic, key, type, payload, traceparent);
    }

    /** The event as a row, keyed by its own record key, or {@code fallbackKey} when it has none. */
    public static OutboxMessage of(String topic, Event event, String fallbackKey) {
        String key = event.recordKey() != null ? event.recordKey() : fallbackKey;
        return new OutboxMessage(event.eventId(), topic, key, event.messageType(),
                ContractJson.mapper().writeValueAsString(event));
    }
}
