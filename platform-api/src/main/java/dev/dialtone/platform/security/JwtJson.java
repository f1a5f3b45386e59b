package dev.dialtone.platform.security;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * One decoded JWT part (header or claims, RFC 7519 §7.2): a JSON object read strictly. A duplicate
 * member name, trailing content or anything but an object is refused. Nested objects and arrays are
 * skipped (no claim Dialtone reads has one) and remembered as {@link #NESTED}.
 */
final class JwtJson {
    /** The value of a member whose value is an object or an array. */
    static final Object NESTED = new Object();
    /** The value of a member whose value is JSON null. */
    static final Object NULL = new Object();

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(40)
                    .maxStringLength(4096).build())
            .build();

    private final Map<String, Object> members;

    private JwtJson(Map<String, Object> members) {
        this.members = members;
    }

    /** Parses {@code json}; an empty optional if it is not exactly one JSON object. */
    static Optional<JwtJson> parse(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Map<String, Object> members = new HashMap<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                Object value = switch (v) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT -> p.getNumberValue();
                    case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NULL -> NULL;
                    case START_OBJECT, START_ARRAY -> {
                        p.skipChildren();
                        yield NESTED;
                    }
                    default -> throw new IOException("unexpected " + v);
                };
                members.put(name, value);
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return Optional.empty();
            }
            return Optional.of(new JwtJson(members));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    boolean has(String name) {
        return members.containsKey(name);
    }

    Object get(String name) {
        return members.get(name);
    }

    /** A string member, or empty if absent or not a string. */
    Optional<String> string(String name) {
        return members.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }
}
