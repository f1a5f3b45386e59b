package dev.dialtone.platform.http.openapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The component schemas of the OpenAPI document. */
final class Schemas {
    private Schemas() {
    }

    static JsonObject all() {
        JsonObject s = new JsonObject();
        s.put("Problem", obj(false, "RFC 9457 problem details; detail says what to fix",
                "type", str(), "title", str(), "status", integer(), "detail", str(), "field", str(),
                "line", integer(), "column", integer(), "current_version", integer()));
        s.put("Health", obj(false, null, "status", str(), "checks", new JsonObject().put("type", "object")));
        s.put("Account", obj(false, null, "id", integer(), "name", str(), "admin", bool(), "created_at", time()));
        s.put("AccountCreated", obj(false, "the API key is shown only in this answer",
                "id", integer(), "name", str(), "admin", bool(), "created_at", time(), "api_key", str()));
        s.put("AccountList", obj(false, null, "accounts", arrayOf("Account")));
        s.put("AccountInput", input(new String[] {"name"}, "name", str("4-40 characters: a-z, 0-9, '-', starting with a letter")));
        s.put("Application", obj(false, null, "id", integer(), "name", str(), "full_name", str(),
                "secure_record_storage", bool(), "rules_version", integer(), "created_at", time(), "modified_at", time()));
        s.put("ApplicationList", page("applications", "Application"));
        s.put("ApplicationInput", input(new String[] {"name"}, "name", str("2-64 characters: a-z, 0-9, '-', starting with a letter"),
                "secure_record_storage", bool()));
        s.put("ApplicationPatch", input(new String[0], "name", str(), "secure_record_storage", bool()));
        s.put("Scenario", obj(false, null, "id", integer(), "application_id", integer(), "name", str(),
                "active_version", integer(), "latest_version", integer(), "created_at", time(), "modified_at", time(),
                "source", str("the active version's source (single scenario only)")));
        s.put("ScenarioList", page("scenarios", "Scenario"));
        s.put("ScenarioInput", input(new String[] {"name", "source"}, "name", str(), "source",
                str("JavaScript, at most 262144 characters; syntax-checked, never run, at upload")));
        s.put("ScenarioPatch", input(new String[] {"name"}, "name", str()));
        s.put("ScenarioUpload", input(new String[] {"source"}, "source", str(), "activate", bool()));
        s.put("ScenarioVersion", obj(false, null, "version", integer(), "active", bool(), "size", integer(),
                "created_at", time(), "created_by", str("who uploaded it: account name and how it authenticated; null if unknown"),
                "source", str()));
        s.put("ScenarioVersions", obj(false, null, "id", integer(), "name", str(), "active_version", integer(),
                "latest_version", integer(), "versions", arrayOf("ScenarioVersion")));
        s.put("ActiveVersion", input(new String[] {"version"}, "version", integer()));
        s.put("Rule", obj(false, null, "id", integer(), "application_id", integer(), "name", str(), "pattern", str(),
                "exclude_pattern", str(), "position", integer(), "video_conference", bool(),
                "scenario_ids", ints(), "version", integer(), "shadowed", bool(), "shadowed_by", ints(),
                "created_at", time(), "modified_at", time()));
        s.put("Shadowed", obj(false, "a rule that can never match because earlier rules take every string it matches",
                "rule_id", integer(), "name", str(), "covered_by", ints()));
        s.put("RuleList", obj(false, "rules in order; version is also the ETag", "application_id", integer(), "version", integer(),
                "rules", arrayOf("Rule"), "shadowed", arrayOf("Shadowed")));
        s.put("RuleInput", input(new String[] {"name", "pattern"}, "name", str(), "pattern", str("RE2 syntax, whole-string match"),
                "exclude_pattern", str(), "video_conference", bool(), "scenario_ids", ints(),
                "position", integer("0-based place; default last")));
        s.put("RulePatch", input(new String[0], "name", str(), "pattern", str(), "exclude_pattern", str(),
                "video_conference", bool(), "scenario_ids", ints(), "position", integer(),
                "version", integer("the rule's version you last read, unless If-Match is sent")));
        s.put("RuleOrder", input(new String[] {"rule_ids"}, "rule_ids", ints(),
                "version", integer("the list version you last read, unless If-Match is sent")));
        s.put("DryRun", obj(false, null, "dialed", str(), "version", integer(), "matched", ref("Rule"), "scenario_ids", ints(),
                "steps", new JsonObject().put("type", "array").put("items", obj(false, null, "rule_id", integer(), "name", str(),
                        "verdict", new JsonObject().put("type", "string").put("enum", new JsonArray().add("matched")
                                .add("pattern_does_not_match").add("excluded")), "why", str(), "shadowed", bool())),
                "shadowed", arrayOf("Shadowed")));
        s.put("User", obj(false, null, "id", integer(), "application_id", integer(), "name", str(), "display_name", str(),
                "active", bool(), "custom_data", str(), "version", integer(), "created_at", time(), "modified_at", time()));
        s.put("UserList", page("users", "User"));
        s.put("UserInput", input(new String[] {"name", "password"}, "name", str("[a-z0-9][a-z0-9_-]{2,49}"),
                "display_name", str(), "password", str("8-128 characters; stored as an argon2id hash"),
                "active", bool(), "custom_data", str()));
        s.put("UserPatch", input(new String[0], "name", str(), "display_name", str(), "password", str(), "active", bool(),
                "custom_data", str(), "version", integer()));
        s.put("PhoneNumber", obj(false, null, "id", integer(), "number", str(), "application_id", integer(), "created_at", time()));
        s.put("PhoneNumberList", obj(false, null, "phone_numbers", arrayOf("PhoneNumber")));
        s.put("PhoneNumberInput", input(new String[] {"number", "application_id"}, "number", str(), "application_id", integer()));
        s.put("PhoneNumberPatch", input(new String[] {"application_id"}, "application_id", integer()));
        s.put("SipTrunk", obj(false, "the password is never returned", "id", integer(), "name", str(), "host", str(),
                "port", integer(), "transport", str(), "allowed_sources", strs(), "username", str(), "has_password", bool(),
                "version", integer(), "created_at", time(), "modified_at", time()));
        s.put("SipTrunkList", obj(false, null, "sip_trunks", arrayOf("SipTrunk")));
        s.put("SipTrunkInput", input(new String[] {"name", "host"}, "name", str(), "host", str(), "port", integer(),
                "transport", new JsonObject().put("type", "string").put("enum", new JsonArray().add("udp").add("tcp").add("tls")),
                "allowed_sources", strs(), "username", str(), "password", str("write-only; stored encrypted")));
        s.put("SipTrunkPatch", input(new String[0], "name", str(), "host", str(), "port", integer(), "transport", str(),
                "allowed_sources", strs(), "username", str(), "password", str(), "version", integer()));
        JsonObject role = new JsonObject().put("type", "string").put("enum", new JsonArray().add("owner").add("read_only"))
                .put("description", "owner: everything; read_only: the compatible API's Get* methods only");
        s.put("ServiceKey", obj(false, "a service-account key; its private key is never stored", "key_id", str(), "name", str(),
                "description", str(), "role", role, "created_at", time()));
        s.put("ServiceKeyList", page("service_keys", "ServiceKey"));
        s.put("ServiceKeyInput", input(new String[0], "name", str("1-50 characters; default key-<first 8 of key_id>"),
                "description", str(), "role", role.copy().put("default", "read_only")));
        s.put("ServiceKeyPatch", input(new String[0], "name", str(), "description", str(), "role", role));
        s.put("ServiceKeyCredentials", obj(false, "the credentials file of the original's API clients, shown only in this answer",
                "account_id", integer(), "key_id", str(), "private_key", str("PKCS#8 PEM RSA private key (2048 bits)")));
        s.put("AdminPassword", obj(false, "whether the administrator's console password is set (it is never returned)",
                "set", bool(), "changed_at", time()));
        s.put("AdminPasswordInput", input(new String[] {"password"}, "password",
                str("12-128 characters, no control characters; stored as an argon2id hash")));
        s.put("Call", obj(false, "the record of one call leg; ended_at, disconnect_reason and sip_code are null while it is live",
                "call_id", str("the leg's id"), "session_id", str(), "account_id", integer(), "application_id", integer(),
                "direction", str("inbound or outbound"), "client_type", str("pstn, sip, web or internal"), "from", str(),
                "to", str(), "trunk_id", integer(), "started_at", time(), "answered_at", time(), "ended_at", time(),
                "duration_ms", integer("answered time"), "disconnect_reason", str("remote-hangup, local-hangup, cancelled, "
                        + "rejected, failed, timeout or node-stopped"), "sip_code", integer(), "log_url", str()));
        s.put("CallList", page("calls", "Call"));
        s.put("Session", obj(false, "a scenario session; ended_at and end_reason are null while it runs",
                "session_id", str(), "account_id", integer(), "application_id", integer(), "rule_id", integer(),
                "scenarios", strs(), "started_at", time(), "ended_at", time(),
                "end_reason", str("terminated, idle: …, node stopped, stopped: <the limit or error>, …"), "log_url", str()));
        s.put("SessionList", page("sessions", "Session"));
        s.put("SessionLog", obj(false, "the session's log in order", "session_id", str(), "entries",
                new JsonObject().put("type", "array").put("items", obj(false, null, "at", time(), "kind",
                        new JsonObject().put("type", "string").put("enum", new JsonArray().add("LOG").add("LIFECYCLE")
                                .add("SCRIPT_ERROR").add("LIMIT")), "message", str()))));
        s.put("SessionStartInput", input(new String[0], "custom_data", str("VoxEngine.customData() in the session (at most 200 KiB)")));
        s.put("SessionStarted", obj(false, "requests to the access URLs reach the session as AppEvents.HttpRequest",
                "session_id", str(), "access_url", str(), "access_secure_url", str()));
        s.put("Live", obj(false, "what runs now in the account", "sessions", new JsonObject().put("type", "array").put("items",
                obj(false, null, "session_id", str(), "application_id", integer(), "rule_id", integer(), "started_at", time(),
                        "calls", integer())), "conferences", new JsonObject().put("type", "array").put("items",
                obj(false, "participants = the owning session's live calls", "name", str(), "application_id", integer(),
                        "session_id", str(), "participants", integer()))));
        s.put("CompatResult", obj(false, "the original platform's shape: result, or error {msg, code}",
                "result", new JsonObject(), "error", obj(false, null, "msg", str(), "code", integer())));
        JsonObject strings = new JsonObject().put("type", "array").put("items", str());
        s.put("SdkOrigins", input(new String[] {"origins"}, "origins", strings.copy().put("description",
                "page origins, scheme://host[:port]; empty: any origin")));
        s.put("GuestAccess", input(new String[0], "user_prefix", str("guest user names are <user_prefix>-<random>; 1-16 of a-z, 0-9"),
                "max_guests", integer("at most this many guests at once (1-10000, default 100)"),
                "ttl_seconds", integer("a guest is deleted this long after sign-up unless logged in (300-604800, default 43200)"),
                "sign_up_url", str("where pages sign up (read only)")));
        s.put("TurnCredentials", obj(false, "TURN REST API credentials", "username", str("expiry:user (expiry in Unix seconds)"),
                "password", str("base64(HMAC-SHA1(secret, username))"), "ttl", integer("seconds left"), "expires_at", time(),
                "uris", strings.copy(), "ice_servers", new JsonObject().put("type", "array").put("items",
                        new JsonObject().put("type", "object"))));
        return s;
    }

    static JsonObject ref(String name) {
        return new JsonObject().put("$ref", "#/components/schemas/" + name);
    }

    private static JsonObject obj(boolean closed, String description, Object... props) {
        JsonObject p = new JsonObject();
        for (int i = 0; i < props.length; i += 2) {
            p.put((String) props[i], props[i + 1]);
        }
        JsonObject o = new JsonObject().put("type", "object").put("properties", p);
        if (closed) {
            o.put("additionalProperties", false);
        }
        if (description != null) {
            o.put("description", description);
        }
        return o;
    }

    private static JsonObject input(String[] required, Object... props) {
        JsonObject o = obj(true, "unknown fields are refused with 400", props);
        if (required.length > 0) {
            o.put("required", new JsonArray(java.util.List.of((Object[]) required)));
        }
        return o;
    }

    private static JsonObject page(String field, String item) {
        return obj(false, null, field, arrayOf(item), "total", integer(), "offset", integer());
    }

    private static JsonObject arrayOf(String item) {
        return new JsonObject().put("type", "array").put("items", ref(item));
    }

    private static JsonObject str() {
        return new JsonObject().put("type", "string");
    }

    private static JsonObject str(String description) {
        return str().put("description", description);
    }

    private static JsonObject integer() {
        return new JsonObject().put("type", "integer").put("format", "int64");
    }

    private static JsonObject integer(String description) {
        return integer().put("description", description);
    }

    private static JsonObject bool() {
        return new JsonObject().put("type", "boolean");
    }

    private static JsonObject time() {
        return new JsonObject().put("type", "string").put("format", "date-time");
    }

    private static JsonObject ints() {
        return new JsonObject().put("type", "array").put("items", integer());
    }

    private static JsonObject strs() {
        return new JsonObject().put("type", "array").put("items", str());
    }
}
