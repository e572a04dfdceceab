package io.cryptoassets.contracts;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;
import java.util.TimeZone;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Jackson configuration that writes and reads contract bodies exactly as the schemas describe.
 *
 * <ul>
 *   <li>{@link BigInteger} amounts are JSON strings of digits: a JSON number would lose precision
 *       in JavaScript and in any parser that reads numbers as doubles.</li>
 *   <li>{@code Instant}s are ISO-8601 strings in UTC ending in {@code Z}.</li>
 *   <li>Unknown properties are ignored and unknown enum values read as {@code null}, so a consumer
 *       keeps working when a later release adds fields or values (the versioning policy).</li>
 *   <li>{@code null} fields are left out rather than written as {@code null}; an absent primitive
 *       reads as its default ({@code false}, 0), which is the schema default of the optional
 *       {@code forceExternal} (required numbers are guaranteed present by the schemas).</li>
 *   <li>A body with a duplicated property or trailing content is not JSON: parsers in other
 *       languages would disagree on what it says.</li>
 * </ul>
 */
public final class ContractJson {

    private static final JsonMapper MAPPER = builder().build();

    private ContractJson() {
    }

    /** The shared, immutable, thread-safe mapper. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** A builder preconfigured like {@link #mapper()}, for callers that need to add to it. */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .withConfigOverride(BigInteger.class,
                        override -> override.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .defaultTimeZone(TimeZone.getTimeZone("UTC"))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .changeDefaultPropertyInclusion(
                        inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL));
    }
}
