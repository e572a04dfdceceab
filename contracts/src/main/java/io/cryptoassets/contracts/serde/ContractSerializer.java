package io.cryptoassets.contracts.serde;

import io.cryptoassets.contracts.ContractHeaders;
import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Event;
import io.cryptoassets.contracts.FieldError;
import io.cryptoassets.contracts.Message;
import io.cryptoassets.contracts.MessageType;
import io.cryptoassets.contracts.schema.ContractSchemas;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.databind.JsonNode;

/**
 * Writes any contract record as its JSON body, for every topic. Usable by class name in producer
 * configuration ({@code value.serializer}).
 *
 * <p>The body is checked against its schema before it leaves, so a Java client learns of a bad
 * request at {@code send} (as a {@link SerializationException} naming the fields) rather than from
 * a rejection. When the producer passes headers, it sets {@link ContractHeaders#MESSAGE_TYPE} and,
 * for events, {@link ContractHeaders#EVENT_ID}.
 *
 * @param <T> the record type, any {@link Message} of the contract
 */
public class ContractSerializer<T extends Message> implements Serializer<T> {

    private final ContractSchemas schemas = ContractSchemas.standard();

    @Override
    public byte[] serialize(String topic, T message) {
        if (message == null) {
            return null;
        }
        MessageType type = MessageType.of(message.getClass()).orElseThrow(
                () -> new SerializationException("not a contract record: " + message.getClass().getName()));
        JsonNode body = ContractJson.mapper().valueToTree(message);
        List<FieldError> errors = schemas.validate(type, body);
        if (!errors.isEmpty()) {
            throw new SerializationException(type.typeName() + " does not conform to " + type.schemaResource()
                    + ": " + errors);
        }
        return ContractJson.mapper().writeValueAsBytes(body);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T message) {
        byte[] body = serialize(topic, message);
        if (message != null && headers != null) {
            replace(headers, ContractHeaders.MESSAGE_TYPE, message.messageType());
            if (message instanceof Event event) {
                replace(headers, ContractHeaders.EVENT_ID, event.eventId().toString());
            }
        }
        return body;
    }

    private static void replace(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
