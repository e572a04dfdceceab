package io.cryptoassets.contracts.request;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.FieldError;
import io.cryptoassets.contracts.MessageType;
import io.cryptoassets.contracts.schema.ContractSchemas;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies from the request topics: routes each by topic and {@code type} to its
 * JSON Schema, validates the raw JSON against it, and only then binds it to its record. The
 * schema is the only validation; properties it does not know are ignored.
 *
 * <p>Thread-safe; one instance serves any number of consumers.
 */
public final class RequestReader {

    private final JsonMapper mapper;
    private final ContractSchemas schemas;

    /** A reader using the standard mapper and the schemas of this release. */
    public RequestReader() {
        this(ContractJson.mapper(), ContractSchemas.standard());
    }

    RequestReader(JsonMapper mapper, ContractSchemas schemas) {
        this.mapper = mapper;
        this.schemas = schemas;
    }

    /**
     * Reads one record value from {@code topic}.
     *
     * @throws IllegalArgumentException if {@code topic} is not one of the request topics, which
     *                                  is a wiring mistake rather than a bad record
     */
    public ReadOutcome read(String topic, byte[] value) {
        List<MessageType> types = MessageType.onTopic(topic);
        if (types.isEmpty() || !types.get(0).isRequest()) {
            throw new IllegalArgumentException("not a request topic: " + topic);
        }
        if (value == null || value.length == 0) {
            return new ReadOutcome.Unreadable("empty record value");
        }
        JsonNode body;
        try {
            body = mapper.readTree(value);
        } catch (JacksonException e) {
            return new ReadOutcome.Unreadable("not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            return new ReadOutcome.Unreadable("not a JSON object");
        }
        JsonNode type = body.get("type");
        if (type == null || !type.isString()) {
            return new ReadOutcome.Unreadable("no string \"type\" property; " + expected(types));
        }
        Optional<MessageType> requestType = MessageType.request(topic, type.asString());
        if (requestType.isEmpty()) {
            return new ReadOutcome.Unreadable("unknown type \"" + type.asString() + "\" on " + topic + "; "
                    + expected(types));
        }
        return validateAndBind(requestType.get(), body);
    }

    private ReadOutcome validateAndBind(MessageType type, JsonNode body) {
        List<FieldError> errors = schemas.validate(type, body);
        if (!errors.isEmpty()) {
            return new ReadOutcome.Invalid(type.typeName(), uuid(body, errors), valid(body, "asset", errors),
                    valid(body, accountField(type), errors), errors);
        }
        try {
            return new ReadOutcome.Parsed(mapper.treeToValue(body, Request.class));
        } catch (JacksonException e) {
            // The schema should admit only bindable bodies; if not, the schema is too loose.
            return new ReadOutcome.Unreadable("conforms to " + type.schemaName()
                    + " but cannot be bound: " + e.getOriginalMessage());
        }
    }

    private static String accountField(MessageType type) {
        return switch (type) {
            case TRANSFER -> "fromAccountId";
            case DEPOSIT_OBSERVED, DEPOSIT_NOTIFIED -> null;
            default -> "accountId";
        };
    }

    /** The string value of {@code field} if present and not among the errors, else {@code null}. */
    private static String valid(JsonNode body, String field, List<FieldError> errors) {
        if (field == null) {
            return null;
        }
        JsonNode node = body.get(field);
        boolean faulty = errors.stream().anyMatch(error -> error.field().equals(field));
        return node != null && node.isString() && !faulty ? node.asString() : null;
    }

    private static UUID uuid(JsonNode body, List<FieldError> errors) {
        String requestId = valid(body, "requestId", errors);
        return requestId == null ? null : UUID.fromString(requestId);
    }

    private static String expected(List<MessageType> types) {
        return "expected one of " + types.stream().map(MessageType::typeName).toList();
    }
}
