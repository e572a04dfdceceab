package io.cryptoassets.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * asyncapi.yaml describes what Topics, MessageType, ContractHeaders and the README's topic table
 * say, and nothing they do not: a topic or message added to the code but not to the document, a
 * reference to a schema that was renamed, or a direction that contradicts the README fails here.
 */
class AsyncApiDocumentTest {

    private static final Path DOCUMENT = Path.of("asyncapi.yaml");
    private static final JsonNode API = read();
    // | `cryptoassets.withdrawal-requests` | in | ... : the topic (or <topic>-dlt) and its direction.
    private static final Pattern TOPIC_ROW = Pattern.compile("^\\| `([^`]+)`[^|]*\\| ([a-z]+)[^|]*\\|", Pattern.MULTILINE);

    @Test
    void isAnAsyncApi3Document() {
        assertThat(API.path("asyncapi").asString()).isEqualTo("3.0.0");
    }

    @Test
    void describesEveryTopicWithItsMessagesAndADeadLetterTopicPerRequestTopic() {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        for (MessageType type : MessageType.values()) {
            expected.computeIfAbsent(type.topic(), topic -> new HashSet<>()).add(type.typeName());
            if (type.isRequest()) {
                expected.put(Topics.dlt(type.topic()), Set.of("DeadLetter"));
            }
        }

        Map<String, Set<String>> described = new LinkedHashMap<>();
        API.path("channels").forEach(channel -> described.put(channel.path("address").asString(),
                new HashSet<>(channel.path("messages").propertyNames())));

        assertThat(described).isEqualTo(expected);
        assertThat(described.keySet()).containsAll(topicConstants());
    }

    @Test
    void everyMessageTypeHasItsSchemaAsPayloadAndAKeyThatNamesOneOfItsFields() throws IOException {
        for (MessageType type : MessageType.values()) {
            JsonNode message = API.path("components").path("messages").path(type.typeName());
            assertThat(message.path("name").asString()).as(type.typeName()).isEqualTo(type.typeName());
            String schemaReference = message.path("payload").path("schema").path("$ref").asString();
            assertThat(schemaReference).as(type.typeName()).isEqualTo("src/main/resources/" + type.schemaResource());

            String keyField = message.path("bindings").path("kafka").path("key").path("description").asString()
                    .split(":")[0];
            JsonNode schema = ContractJson.mapper()
                    .readTree(Files.readString(Path.of(schemaReference), StandardCharsets.UTF_8));
            assertThat(schema.path("properties").has(keyField)).as("%s key %s is a field", type.typeName(), keyField)
                    .isTrue();
        }
    }

    @Test
    void everyReferenceResolves() {
        List<String> references = new ArrayList<>();
        collectReferences(API, references);

        assertThat(references).isNotEmpty();
        for (String reference : references) {
            if (reference.startsWith("#/")) {
                assertThat(API.at(reference.substring(1)).isMissingNode()).as("%s resolves", reference).isFalse();
            } else {
                assertThat(Path.of(reference)).as("%s exists", reference).isRegularFile();
            }
        }
    }

    @Test
    void directionsFromTheApplicationsViewMatchTheReadme() throws IOException {
        Map<String, String> readmeDirection = new LinkedHashMap<>();
        Matcher row = TOPIC_ROW.matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        while (row.find()) {
            readmeDirection.put(row.group(1), row.group(2));
        }
        assertThat(readmeDirection).containsKeys(topicConstants().toArray(String[]::new));

        Map<String, Set<String>> actions = new LinkedHashMap<>();
        API.path("operations").forEach(operation -> {
            String channel = operation.path("channel").path("$ref").asString();
            String address = API.at(channel.substring(1)).path("address").asString();
            actions.computeIfAbsent(address, a -> new HashSet<>()).add(operation.path("action").asString());
        });
        assertThat(actions.keySet()).as("every channel has an operation")
                .containsExactlyInAnyOrderElementsOf(channelAddresses());
        actions.forEach((address, action) -> {
            String direction = address.endsWith(Topics.DLT_SUFFIX)
                    ? readmeDirection.get("<topic>" + Topics.DLT_SUFFIX) : readmeDirection.get(address);
            // in: the worker reads it, so the application sends; out: the application receives.
            assertThat(action).as(address).containsExactly(direction.equals("in") ? "send" : "receive");
        });
    }

    @Test
    void describesEveryHeaderOfTheContract() throws IllegalAccessException {
        Set<String> described = new HashSet<>();
        API.path("components").path("schemas").forEach(schema -> described.addAll(schema.path("properties").propertyNames()));

        Set<String> headers = new HashSet<>();
        for (Field field : ContractHeaders.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                headers.add((String) field.get(null));
            }
        }
        assertThat(described).isEqualTo(headers);
        JsonNode eventHeaders = API.path("components").path("schemas").path("eventHeaders");
        for (MessageType type : MessageType.values()) {
            String headersReference = API.path("components").path("messages").path(type.typeName())
                    .path("headers").path("$ref").asString();
            assertThat(headersReference).as(type.typeName())
                    .isEqualTo(type.isRequest() ? "#/components/schemas/requestHeaders" : "#/components/schemas/eventHeaders");
        }
        assertThat(eventHeaders.path("required").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder(ContractHeaders.EVENT_ID, ContractHeaders.MESSAGE_TYPE);
    }

    private static Set<String> topicConstants() {
        return Arrays.stream(Topics.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(AsyncApiDocumentTest::value)
                .filter(value -> value.startsWith("cryptoassets."))
                .collect(Collectors.toSet());
    }

    private static Set<String> channelAddresses() {
        Set<String> addresses = new HashSet<>();
        API.path("channels").forEach(channel -> addresses.add(channel.path("address").asString()));
        return addresses;
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(field + " is public", e);
        }
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject() && node.has("$ref")) {
            references.add(node.path("$ref").asString());
        }
        node.forEach(child -> collectReferences(child, references));
    }

    private static JsonNode read() {
        try {
            return new YAMLMapper().readTree(Files.readString(DOCUMENT, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DOCUMENT.toAbsolutePath(), e);
        }
    }
}
