package dev.dialtone.scenario.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The arguments of one API call from a script, read leniently: a missing or mistyped argument reads
 * as the default, because the sandbox is untrusted and must not be able to crash the node's handler.
 */
record CommandArgs(JsonArray array) {

    private Object at(int i) {
        return i < array.size() ? array.getValue(i) : null;
    }

    String str(int i) {
        return str(i, null);
    }

    String str(int i, String def) {
        Object v = at(i);
        return v instanceof String s ? s : v == null ? def : String.valueOf(v);
    }

    boolean bool(int i, boolean def) {
        return at(i) instanceof Boolean b ? b : def;
    }

    double num(int i, double def) {
        return at(i) instanceof Number n ? n.doubleValue() : def;
    }

    int integer(int i, int def) {
        return at(i) instanceof Number n ? n.intValue() : def;
    }

    long lng(int i) {
        return at(i) instanceof Number n ? n.longValue() : -1;
    }

    JsonObject obj(int i) {
        return at(i) instanceof JsonObject o ? o : null;
    }

    JsonObject obj(int i, JsonObject def) {
        JsonObject o = obj(i);
        return o == null ? def : o;
    }
}
