package io.cryptoassets.contracts.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.FieldError;
import io.cryptoassets.contracts.MessageType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas shipped in this jar under {@code schemas/}, the single source of the field
 * rules: the worker, Java clients and clients in other languages all validate with these files.
 *
 * <p>Schemas are loaded and compiled once; validation is thread-safe.
 */
public final class ContractSchemas {

    private static final ContractSchemas STANDARD = load();

    private final Map<MessageType, JsonNode> documents;
    private final Map<MessageType, Schema> schemas;

    private ContractSchemas(Map<MessageType, JsonNode> documents, Map<MessageType, Schema> schemas) {
        this.documents = documents;
        this.schemas = schemas;
    }

    /** The schemas of this release. */
    public static ContractSchemas standard() {
        return STANDARD;
    }

    /** The schema document of {@code type}, as shipped. */
    public JsonNode document(MessageType type) {
        return documents.get(type);
    }

    /**
     * How {@code body} fails the schema of {@code type}: one error per offending field, ordered by
     * field, with every rule it breaks in its message; empty when it conforms. Properties the
     * schema does not know are allowed (forward compatibility).
     */
    public List<FieldError> validate(MessageType type, JsonNode body) {
        Map<String, Set<String>> messagesByField = new TreeMap<>();
        for (Error error : schemas.get(type).validate(body)) {
            FieldError fieldError = SchemaErrors.toFieldError(error);
            messagesByField.computeIfAbsent(fieldError.field(), field -> new LinkedHashSet<>())
                    .add(fieldError.message());
        }
        return messagesByField.entrySet().stream()
                .map(entry -> new FieldError(entry.getKey(), String.join("; ", entry.getValue())))
                .toList();
    }

    private static ContractSchemas load() {
        // 2020-12 treats "format" as an annotation only; the patterns carry the rules, so every
        // language's validator agrees with this one.
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Map<MessageType, JsonNode> documents = new EnumMap<>(MessageType.class);
        Map<MessageType, Schema> schemas = new EnumMap<>(MessageType.class);
        for (MessageType type : MessageType.values()) {
            JsonNode document = readResource(type.schemaResource());
            Schema schema = registry.getSchema(document);
            schema.initializeValidators();
            documents.put(type, document);
            schemas.put(type, schema);
        }
        return new ContractSchemas(documents, schemas);
    }

    private static JsonNode readResource(String resource) {
        try (InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema missing from the classpath: " + resource);
            }
            return ContractJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }
}
