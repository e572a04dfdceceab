package io.cryptoassets.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.request.ReadOutcome;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.RequestReader;
import io.cryptoassets.contracts.schema.ContractSchemas;
import io.cryptoassets.contracts.serde.ContractSerializer;
import io.cryptoassets.contracts.serde.TxUpdateDeserializer;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** A reader of this release keeps working when a later release adds fields or enum values. */
class ForwardCompatibilityTest {

    static Stream<Message> samples() {
        return Stream.concat(Samples.full().stream(), Samples.minimal().stream());
    }

    private static ObjectNode withUnknownFields(Message message) {
        MessageType type = MessageType.of(message.getClass()).orElseThrow();
        ObjectNode body = (ObjectNode) ContractJson.mapper()
                .readTree(new ContractSerializer<>().serialize(type.topic(), message));
        body.put("addedLater", "x");
        body.put("priority", 3);
        body.putObject("routing").put("region", "eu");
        body.putArray("tags").add("a");
        body.putNull("nothing");
        return body;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void unknownFieldsAreAllowedByTheSchemaAndIgnoredWhenRead(Message message) {
        MessageType type = MessageType.of(message.getClass()).orElseThrow();
        ObjectNode body = withUnknownFields(message);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);

        assertThat(ContractSchemas.standard().validate(type, body)).isEmpty();
        assertThat(Deserializers.forTopic(type.topic()).deserialize(type.topic(), bytes)).isEqualTo(message);
        if (type.isRequest()) {
            assertThat(new RequestReader().read(type.topic(), bytes)).isEqualTo(new ReadOutcome.Parsed((Request) message));
        }
    }

    @Test
    void anEnumValueAddedLaterReadsAsNullInsteadOfFailing() {
        ObjectNode body = withUnknownFields(Samples.full().stream()
                .filter(TxUpdate.class::isInstance).findFirst().orElseThrow());
        body.put("state", "refunded");

        TxUpdate update = new TxUpdateDeserializer()
                .deserialize(Topics.TXUPDATES, body.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(update.state()).isNull();
        assertThat(update.transactionType()).isNotNull();
    }
}
