package io.cryptoassets.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.schema.ContractSchemas;
import io.cryptoassets.contracts.serde.ContractSerializer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class SerdeRoundTripTest {

    private final ContractSerializer<Message> serializer = new ContractSerializer<>();

    static Stream<Message> samples() {
        return Stream.concat(Samples.full().stream(), Samples.minimal().stream());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyRecordReadsBackEqualThroughItsTopicsSerde(Message message) {
        MessageType type = MessageType.of(message.getClass()).orElseThrow();

        byte[] bytes = serializer.serialize(type.topic(), message);
        Message read = Deserializers.forTopic(type.topic()).deserialize(type.topic(), bytes);

        assertThat(read).isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void theBodyUsesOnlyPropertiesItsSchemaNamesAndConformsToIt(Message message) {
        MessageType type = MessageType.of(message.getClass()).orElseThrow();

        JsonNode body = ContractJson.mapper().readTree(serializer.serialize(type.topic(), message));

        JsonNode schema = ContractSchemas.standard().document(type);
        Set<String> written = new HashSet<>(body.propertyNames());
        assertThat(schema.get("properties").propertyNames()).containsAll(written);
        assertThat(ContractSchemas.standard().validate(type, body)).isEmpty();
        assertThat(body.get("schemaVersion").intValue()).isEqualTo(1);
        assertThat(body.toString()).doesNotContain("null");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void amountsAreStringsAndTimesAreUtcStrings(Message message) {
        MessageType type = MessageType.of(message.getClass()).orElseThrow();

        JsonNode body = ContractJson.mapper().readTree(serializer.serialize(type.topic(), message));

        for (String field : List.of("amount", "fee")) {
            if (body.has(field)) {
                assertThat(body.get(field).isString()).as(field).isTrue();
            }
        }
        if (body.has("occurredAt")) {
            assertThat(body.get("occurredAt").asString()).isEqualTo("2025-03-01T12:00:00.123456789Z");
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void theSerializerNamesTheTypeAndEventInHeaders(Message message) {
        MessageType type = MessageType.of(message.getClass()).orElseThrow();
        RecordHeaders headers = new RecordHeaders();
        headers.add(ContractHeaders.MESSAGE_TYPE, "stale".getBytes(StandardCharsets.UTF_8));

        serializer.serialize(type.topic(), headers, message);

        assertThat(headers.headers(ContractHeaders.MESSAGE_TYPE)).singleElement()
                .extracting(header -> new String(header.value(), StandardCharsets.UTF_8))
                .isEqualTo(type.typeName());
        if (message instanceof Event event) {
            assertThat(new String(headers.lastHeader(ContractHeaders.EVENT_ID).value(), StandardCharsets.UTF_8))
                    .isEqualTo(event.eventId().toString());
        } else {
            assertThat(headers.lastHeader(ContractHeaders.EVENT_ID)).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void requestsCarryTheirTypeNameAsDiscriminator(Message message) {
        MessageType type = MessageType.of(message.getClass()).orElseThrow();

        JsonNode body = ContractJson.mapper().readTree(serializer.serialize(type.topic(), message));

        if (type.isRequest()) {
            assertThat(body.get("type").asString()).isEqualTo(message.getClass().getSimpleName());
        } else {
            assertThat(body.has("type")).isFalse();
        }
    }
}
