package io.cryptoassets.contracts.serde;

import io.cryptoassets.contracts.ContractJson;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import tools.jackson.core.JacksonException;

/**
 * Reads the worker's outgoing records as a tolerant reader: it binds without validating, ignores
 * properties it does not know and reads enum values it does not know as {@code null}, so a
 * consumer keeps working when a later release adds to the contract. Check {@code schemaVersion}
 * if you rely on a field's meaning.
 *
 * @param <T> the record type
 */
public abstract class ContractDeserializer<T> implements Deserializer<T> {

    private final Class<T> recordClass;

    protected ContractDeserializer(Class<T> recordClass) {
        this.recordClass = recordClass;
    }

    @Override
    public T deserialize(String topic, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return ContractJson.mapper().readValue(value, recordClass);
        } catch (JacksonException e) {
            throw new SerializationException("cannot read " + recordClass.getSimpleName() + " from " + topic
                    + ": " + e.getOriginalMessage(), e);
        }
    }
}
