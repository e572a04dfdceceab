package io.cryptoassets.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.schema.ContractSchemas;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Records and schemas describe the same messages, so neither can change without the other. */
class SchemaRecordAgreementTest {

    private static JsonNode schema(MessageType type) {
        return ContractSchemas.standard().document(type);
    }

    private static Set<String> components(MessageType type) {
        return Arrays.stream(type.recordClass().getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Set<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void theSchemaPropertiesAreTheRecordComponentsPlusTheRequestDiscriminator(MessageType type) {
        Set<String> expected = new LinkedHashSet<>(components(type));
        if (type.isRequest()) {
            expected.add("type");
        }

        assertThat(schema(type).get("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).containsAll(strings(schema(type).get("required")));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void requestsRequireATypeNamedAfterTheRecord(MessageType type) {
        JsonNode typeProperty = schema(type).get("properties").get("type");
        if (type.isRequest()) {
            assertThat(typeProperty.get("const").asString())
                    .isEqualTo(type.recordClass().getAnnotation(JsonTypeName.class).value())
                    .isEqualTo(type.recordClass().getSimpleName())
                    .isEqualTo(type.typeName());
            assertThat(strings(schema(type).get("required"))).contains("type");
        } else {
            assertThat(typeProperty).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everySchemaIsDocumentedIdentifiedAndOpenToNewProperties(MessageType type) {
        JsonNode schema = schema(type);

        assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("$id").asString())
                .isEqualTo("https://cryptoassets.io/schemas/v1/" + type.schemaName() + ".schema.json");
        assertThat(schema.get("title").asString()).isEqualTo(type.typeName());
        assertThat(schema.get("description").asString()).contains(type.topic());
        assertThat(schema.get("additionalProperties").asBoolean()).isTrue();
        assertThat(schema.get("properties").properties()).allSatisfy(property ->
                assertThat(property.getValue().path("description").asString()).as(property.getKey()).isNotBlank());
        assertThat(schema.get("properties").get("schemaVersion").get("const").asInt())
                .isEqualTo(Message.SCHEMA_VERSION);
        assertThat(strings(schema.get("required"))).contains("schemaVersion");
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void eachComponentHasTheJsonTypeItsJavaTypeIsWrittenAs(MessageType type) {
        JsonNode properties = schema(type).get("properties");
        for (RecordComponent component : type.recordClass().getRecordComponents()) {
            JsonNode property = properties.get(component.getName());
            Class<?> javaType = component.getType();
            String jsonType = property.get("type").asString();
            if (javaType == BigInteger.class) {
                assertThat(jsonType).as(component.getName()).isEqualTo("string");
                assertThat(property.get("pattern").asString()).as(component.getName()).startsWith("^").contains("[0-9]");
            } else if (javaType == UUID.class) {
                assertThat(property.get("format").asString()).as(component.getName()).isEqualTo("uuid");
            } else if (javaType == Instant.class) {
                assertThat(property.get("format").asString()).as(component.getName()).isEqualTo("date-time");
                assertThat(property.get("pattern").asString()).as(component.getName()).endsWith("Z$");
            } else if (javaType == int.class || javaType == long.class || javaType == Long.class) {
                assertThat(jsonType).as(component.getName()).isEqualTo("integer");
            } else if (javaType == boolean.class) {
                assertThat(jsonType).as(component.getName()).isEqualTo("boolean");
            } else if (javaType == String.class || javaType.isEnum()) {
                assertThat(jsonType).as(component.getName()).isEqualTo("string");
            } else if (javaType == List.class) {
                assertThat(jsonType).as(component.getName()).isEqualTo("array");
            } else if (javaType == Map.class || javaType.isRecord()) {
                assertThat(jsonType).as(component.getName()).isEqualTo("object");
            } else {
                throw new AssertionError("no JSON type known for " + javaType + " of " + component);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void anAbsentPrimitiveCanOnlyBeOneWithADefault(MessageType type) {
        Set<String> required = strings(schema(type).get("required"));
        for (RecordComponent component : type.recordClass().getRecordComponents()) {
            if (component.getType().isPrimitive() && !required.contains(component.getName())) {
                JsonNode defaultValue = schema(type).get("properties").get(component.getName()).get("default");
                assertThat(defaultValue).as(component.getName() + " reads as Java's default when absent").isNotNull();
                assertThat(defaultValue.asString()).isIn("false", "0");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void enumPropertiesListExactlyTheJavaEnumsWireValuesInOrder(MessageType type) {
        JsonNode properties = schema(type).get("properties");
        for (RecordComponent component : type.recordClass().getRecordComponents()) {
            if (component.getType().isEnum()) {
                List<String> wire = Arrays.stream(component.getType().getEnumConstants())
                        .map(constant -> ContractJson.mapper().valueToTree(constant).asString())
                        .toList();
                assertThat(strings(properties.get(component.getName()).get("enum")))
                        .as(component.getName()).containsExactlyElementsOf(wire);
            }
        }
    }

    @Test
    void resultsNameOnlyKnownRequestTypesAndReasonsInPrecedenceOrder() {
        JsonNode properties = schema(MessageType.REQUEST_RESULT).get("properties");

        assertThat(strings(properties.get("requestType").get("enum"))).containsExactlyElementsOf(
                Arrays.stream(MessageType.values()).filter(MessageType::isRequest).map(MessageType::typeName).toList());
        assertThat(strings(properties.get("reason").get("enum")))
                .containsExactlyElementsOf(Arrays.stream(ReasonCode.values()).map(Enum::name).toList());
    }

    /** A field means one thing everywhere: the same name has the same rules in every schema. */
    @Test
    void propertiesOfTheSameNameHaveTheSameRulesInEverySchema() {
        Map<String, JsonNode> rulesByName = new HashMap<>();
        for (MessageType type : MessageType.values()) {
            for (Map.Entry<String, JsonNode> property : schema(type).get("properties").properties()) {
                if (property.getKey().equals("type")) {
                    continue;
                }
                ObjectNode rules = ((ObjectNode) property.getValue()).deepCopy();
                rules.remove(List.of("description", "default"));
                JsonNode earlier = rulesByName.putIfAbsent(property.getKey(), rules);
                assertThat(earlier == null ? rules : earlier).as(type + "." + property.getKey()).isEqualTo(rules);
            }
        }
    }
}
