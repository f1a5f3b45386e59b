package dev.dialtone.platform.sdk.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/**
 * The headers a page may pass into a call: as the SDK does before sending, only {@code X-…} and
 * {@code VI-CallData}, with string values (a {@code null} {@code VI-CallData}, which the SDK sends when
 * no custom data was given, is dropped); at most {@link #MAX_HEADERS}, each value at most
 * {@link #MAX_VALUE} characters.
 */
public final class SdkHeaders {
    public static final int MAX_HEADERS = 32;
    public static final int MAX_VALUE = 8192;

    private SdkHeaders() {
    }

    public static Map<String, String> from(JsonObject raw) throws Frame.MalformedFrame {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw) {
            String name = e.getKey();
            boolean wanted = name.length() > 2 && name.length() <= 128
                    && (name.regionMatches(true, 0, "X-", 0, 2) || name.equalsIgnoreCase("VI-CallData"));
            if (!wanted || e.getValue() == null) {
                continue;
            }
            Object v = e.getValue();
            String value = v instanceof String s ? s : v instanceof Number || v instanceof Boolean ? v.toString() : null;
            if (value == null) {
                throw new Frame.MalformedFrame("header " + name + " must have a string value");
            }
            if (value.length() > MAX_VALUE) {
                throw new Frame.MalformedFrame("header " + name + " is longer than " + MAX_VALUE + " characters");
            }
            if (out.size() == MAX_HEADERS) {
                throw new Frame.MalformedFrame("more than " + MAX_HEADERS + " headers");
            }
            out.put(name.equalsIgnoreCase("VI-CallData") ? "VI-CallData" : name, value);
        }
        return out;
    }

    public static JsonObject toJson(Map<String, String> headers) {
        JsonObject o = new JsonObject();
        headers.forEach(o::put);
        return o;
    }
}
