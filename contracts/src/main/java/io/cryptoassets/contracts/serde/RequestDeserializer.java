package io.cryptoassets.contracts.serde;

import io.cryptoassets.contracts.request.ReadOutcome;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.RequestReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads one family of requests through {@link RequestReader}, so exactly what the worker accepts
 * deserializes and anything else fails with a {@link SerializationException} saying why. It reads
 * the family of its request topic whatever topic the record came from, so it also reads that
 * topic's dead letters.
 *
 * @param <T> the family, e.g. {@code AccountRequest}
 */
public abstract class RequestDeserializer<T extends Request> implements Deserializer<T> {

    private static final RequestReader READER = new RequestReader();

    private final String requestTopic;
    private final Class<T> family;

    protected RequestDeserializer(String requestTopic, Class<T> family) {
        this.requestTopic = requestTopic;
        this.family = family;
    }

    @Override
    public T deserialize(String topic, byte[] value) {
        if (value == null) {
            return null;
        }
        ReadOutcome outcome = READER.read(requestTopic, value);
        if (outcome instanceof ReadOutcome.Parsed parsed) {
            return family.cast(parsed.request());
        }
        if (outcome instanceof ReadOutcome.Invalid invalid) {
            throw new SerializationException("invalid " + invalid.type() + " on " + topic + ": " + invalid.errors());
        }
        throw new SerializationException(
                "unreadable record on " + topic + ": " + ((ReadOutcome.Unreadable) outcome).reason());
    }
}
