package dev.dialtone.platform.sdk.internal;

import java.util.Objects;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One message of the web SDK protocol (WEBSDK-PROTOCOL.md §2): a WebSocket text frame holding
 * {@code {"name": <string>, "params": [<positional args>]}}, in both directions.
 */
public record Frame(String name, JsonArray params) {
    /** Longest message name accepted (the protocol's longest is about 30 characters). */
    public static final int MAX_NAME = 64;

    public Frame {
        Objects.requireNonNull(name, "name");
        params = params == null ? new JsonArray() : params;
    }

    public static Frame of(String name, Object... params) {
        JsonArray a = new JsonArray();
        for (Object p : params) {
            a.add(p);
        }
        return new Frame(name, a);
    }

    /** Parses a client frame; the exception's message says what is wrong (safe to send back and log). */
    public static Frame parse(String text) throws MalformedFrame {
        JsonObject o;
        try {
            o = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new MalformedFrame("not a JSON object");
        }
        if (o.containsKey("service")) {
            throw new MalformedFrame("the messaging service (frames with \"service\") is not supported by this gateway");
        }
        Object name = o.getValue("name");
        if (!(name instanceof String n) || n.isEmpty() || n.length() > MAX_NAME) {
            throw new MalformedFrame("\"name\" must be a string of 1.." + MAX_NAME + " characters");
        }
        Object params = o.getValue("params");
        if (params != null && !(params instanceof JsonArray)) {
            throw new MalformedFrame("\"params\" of " + n + " must be an array");
        }
        return new Frame(n, (JsonArray) params);
    }

    public String encode() {
        return new JsonObject().put("name", name).put("params", params).encode();
    }

    /** The string at {@code index}. */
    public String string(int index) throws MalformedFrame {
        Object v = index < params.size() ? params.getValue(index) : null;
        if (!(v instanceof String s)) {
            throw new MalformedFrame(name + ": parameter " + index + " must be a string");
        }
        return s;
    }

    /** The string at {@code index}, or {@code def} if it is missing or null. */
    public String optString(int index, String def) throws MalformedFrame {
        Object v = index < params.size() ? params.getValue(index) : null;
        if (v == null) {
            return def;
        }
        if (!(v instanceof String s)) {
            throw new MalformedFrame(name + ": parameter " + index + " must be a string");
        }
        return s;
    }

    /** The object at {@code index}, or an empty object if it is missing or null. */
    public JsonObject optObject(int index) throws MalformedFrame {
        Object v = index < params.size() ? params.getValue(index) : null;
        if (v == null) {
            return new JsonObject();
        }
        if (!(v instanceof JsonObject o)) {
            throw new MalformedFrame(name + ": parameter " + index + " must be an object");
        }
        return o;
    }

    /** Raised for a frame that does not follow the protocol. */
    public static final class MalformedFrame extends Exception {
        public MalformedFrame(String message) {
            super(message, null, false, false);
        }
    }
}
