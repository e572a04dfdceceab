package io.cryptoassets.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.request.ReadOutcome;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.RequestReader;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.schema.ContractSchemas;
import io.cryptoassets.contracts.serde.ContractSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The README's examples are read, validated and parsed here, so the documentation cannot go stale. */
class ReadmeExamplesTest {

    /** Maven runs tests in the module's directory. */
    private static final Path README = Path.of("README.md");
    private static final Pattern MARKER = Pattern.compile("<!-- example: (\\S+) -->");
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\S+) -->\\R```json\\R(.*?)```",
            Pattern.DOTALL);

    record Example(String schemaName, String json) {
        @Override
        public String toString() {
            return schemaName;
        }
    }

    static String readme() throws IOException {
        return Files.readString(README, StandardCharsets.UTF_8);
    }

    static List<Example> examples() throws IOException {
        List<Example> examples = new ArrayList<>();
        Matcher matcher = EXAMPLE.matcher(readme());
        while (matcher.find()) {
            examples.add(new Example(matcher.group(1), matcher.group(2)));
        }
        return examples;
    }

    private static MessageType typeOf(Example example) {
        return Arrays.stream(MessageType.values())
                .filter(type -> type.schemaName().equals(example.schemaName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("example names unknown schema " + example.schemaName()));
    }

    @Test
    void everyMarkerNamesAKnownSchemaAndIsDirectlyFollowedByAJsonBlock() throws IOException {
        List<String> markers = MARKER.matcher(readme()).results().map(result -> result.group(1)).toList();

        assertThat(markers).hasSameSizeAs(examples());
        assertThat(markers).allSatisfy(name -> assertThat(Arrays.stream(MessageType.values())
                .map(MessageType::schemaName)).as("schema named by marker").contains(name));
    }

    @Test
    void everyRecordHasAnExample() throws IOException {
        List<String> documented = examples().stream().map(Example::schemaName).toList();

        assertThat(documented).containsAll(Arrays.stream(MessageType.values()).map(MessageType::schemaName).toList());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theExampleConformsToItsSchemaAndReadsAsItsRecord(Example example) {
        MessageType type = typeOf(example);
        JsonNode body = ContractJson.mapper().readTree(example.json());
        byte[] bytes = example.json().getBytes(StandardCharsets.UTF_8);

        assertThat(ContractSchemas.standard().validate(type, body)).isEmpty();
        Message message = Deserializers.forTopic(type.topic()).deserialize(type.topic(), bytes);
        assertThat(message).isInstanceOf(type.recordClass());
        if (type.isRequest()) {
            ReadOutcome outcome = new RequestReader().read(type.topic(), bytes);
            assertThat(outcome).isEqualTo(new ReadOutcome.Parsed((Request) message));
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theExampleIsExactlyWhatTheSerializerWrites(Example example) {
        MessageType type = typeOf(example);
        Message message = Deserializers.forTopic(type.topic())
                .deserialize(type.topic(), example.json().getBytes(StandardCharsets.UTF_8));

        byte[] written = new ContractSerializer<>().serialize(type.topic(), message);

        assertThat(ContractJson.mapper().readTree(written)).isEqualTo(ContractJson.mapper().readTree(example.json()));
    }

    @Test
    void theDerivedRequestIdsQuotedInTheReadmeAreTheOnesTheRecordsDerive() throws IOException {
        for (Example example : examples()) {
            MessageType type = typeOf(example);
            if (type == MessageType.DEPOSIT_OBSERVED || type == MessageType.DEPOSIT_NOTIFIED) {
                Request request = (Request) Deserializers.forTopic(type.topic())
                        .deserialize(type.topic(), example.json().getBytes(StandardCharsets.UTF_8));
                assertThat(request.requestId()).isNull();
                assertThat(readme()).contains(request.idempotencyKey().toString());
            }
        }
    }

    @Test
    void theReasonCodeTableListsEveryCodeInPrecedenceOrder() throws IOException {
        String section = readme().split("## Reason codes")[1].split("\n## ")[0];
        List<String> documented = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\|").matcher(section).results()
                .map(result -> result.group(1)).toList();

        assertThat(documented).containsExactlyElementsOf(Arrays.stream(ReasonCode.values()).map(Enum::name).toList());
    }
}
