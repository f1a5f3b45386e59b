package dev.dialtone.platform.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.dialtone.platform.PlatformException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A JSON request body read strictly: a field of the wrong type or a field the endpoint does not
 * know is refused with a message naming the field. Call {@link #done()} after reading every field.
 */
public final class JsonInput {
    private final JsonObject json;
    private final Set<String> read = new LinkedHashSet<>();

    private JsonInput(JsonObject json) {
        this.json = json;
    }

    public static JsonInput parse(String body) throws PlatformException {
        if (body == null || body.isBlank()) {
            throw PlatformException.invalid(null, "the request needs a JSON object body");
        }
        Object value;
        try {
            value = io.vertx.core.json.Json.decodeValue(body);
        } catch (DecodeException e) {
            throw PlatformException.invalid(null, "the body is not valid JSON: " + shorten(e.getMessage()));
        }
        if (!(value instanceof JsonObject o)) {
            throw PlatformException.invalid(null, "the body must be a JSON object, not " + kind(value));
        }
        return new JsonInput(o);
    }

    public static JsonInput empty() {
        return new JsonInput(new JsonObject());
    }

    public boolean has(String field) {
        return json.containsKey(field);
    }

    public String requireString(String field) throws PlatformException {
        return optString(field).orElseThrow(() -> PlatformException.invalid(field, field + " is required"));
    }

    public Optional<String> optString(String field) throws PlatformException {
        Object v = take(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw wrongType(field, "a string", v);
        }
        return Optional.of(s);
    }

    public Optional<Boolean> optBoolean(String field) throws PlatformException {
        Object v = take(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Boolean b)) {
            throw wrongType(field, "true or false", v);
        }
        return Optional.of(b);
    }

    public Optional<Long> optLong(String field) throws PlatformException {
        Object v = take(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw wrongType(field, "an integer", v);
        }
        return Optional.of(((Number) v).longValue());
    }

    public long requireLong(String field) throws PlatformException {
        return optLong(field).orElseThrow(() -> PlatformException.invalid(field, field + " is required"));
    }

    public Optional<Integer> optInt(String field, int min, int max) throws PlatformException {
        Optional<Long> v = optLong(field);
        if (v.isPresent() && (v.get() < min || v.get() > max)) {
            throw PlatformException.invalid(field, field + " must be " + min + ".." + max);
        }
        return v.map(Long::intValue);
    }

    public Optional<List<Long>> optIdList(String field) throws PlatformException {
        Object v = take(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof JsonArray a)) {
            throw wrongType(field, "an array of ids", v);
        }
        List<Long> out = new ArrayList<>(a.size());
        for (Object e : a) {
            if (!(e instanceof Integer || e instanceof Long) || ((Number) e).longValue() <= 0) {
                throw PlatformException.invalid(field, field + " must be an array of positive integer ids; found " + kind(e));
            }
            out.add(((Number) e).longValue());
        }
        return Optional.of(out);
    }

    public Optional<List<String>> optStringList(String field) throws PlatformException {
        Object v = take(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof JsonArray a)) {
            throw wrongType(field, "an array of strings", v);
        }
        List<String> out = new ArrayList<>(a.size());
        for (Object e : a) {
            if (!(e instanceof String s)) {
                throw PlatformException.invalid(field, field + " must be an array of strings; found " + kind(e));
            }
            out.add(s);
        }
        return Optional.of(out);
    }

    /** Refuses fields that were not read. */
    public void done() throws PlatformException {
        for (String key : json.fieldNames()) {
            if (!read.contains(key)) {
                throw PlatformException.invalid(key, "unknown field '" + shorten(key) + "'; this endpoint accepts: "
                        + String.join(", ", read));
            }
        }
    }

    private Object take(String field) {
        read.add(field);
        return json.getValue(field);
    }

    private static PlatformException wrongType(String field, String expected, Object v) {
        return PlatformException.invalid(field, field + " must be " + expected + ", not " + kind(v));
    }

    private static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof JsonArray) {
            return "an array";
        }
        return "an object";
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
