package dev.dialtone.platform.http.openapi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.ApiRoutes.Access;
import dev.dialtone.platform.http.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The OpenAPI 3 document of the HTTP API, written out operation by operation (it is the contract;
 * a test checks that it and the router agree), served at {@code /api/v1/openapi.json}.
 */
public final class OpenApiDocument {
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
    private static final java.util.Set<String> STRING_PARAMS = java.util.Set.of("method", "key_id", "session_id", "recording_id");
    private final JsonObject paths = new JsonObject();

    private OpenApiDocument() {
    }

    public static void register(ApiRoutes routes, String version) {
        String doc = build(version).encodePrettily();
        routes.add(HttpMethod.GET, "/api/v1/openapi.json", Access.PUBLIC, 0, call -> Reply.text(200, Reply.JSON, doc));
    }

    public static JsonObject build(String version) {
        OpenApiDocument d = new OpenApiDocument();
        String app = "/api/v1/applications/{application_id}";
        d.op("get", "/api/v1/health", "Health", "Readiness: database and live state", null, "Health", false);
        d.op("get", "/api/v1/openapi.json", "Meta", "This document", null, null, false);
        d.op("get", "/metrics", "Meta", "Prometheus metrics (text exposition format)", null, null, false);

        d.op("get", "/api/v1/accounts", "Accounts", "List accounts (the administrator sees all, others their own)", null, "AccountList", true);
        d.op("post", "/api/v1/accounts", "Accounts", "Create an account (administrator only); answers its API key once", "AccountInput",
                "AccountCreated", true);
        d.op("get", "/api/v1/accounts/{account_id}", "Accounts", "Get an account", null, "Account", true);
        d.op("delete", "/api/v1/accounts/{account_id}", "Accounts", "Delete an account and everything in it (administrator only)",
                null, null, true);

        d.op("get", "/api/v1/admin/password", "Accounts", "Whether the administrator's console password is set "
                + "(administrator only)", null, "AdminPassword", true);
        d.op("put", "/api/v1/admin/password", "Accounts", "Set or change the administrator's console password (administrator "
                + "only); console sessions opened with the old one end", "AdminPasswordInput", "AdminPassword", true);
        d.op("delete", "/api/v1/admin/password", "Accounts", "Remove the administrator's console password: password sign-in "
                + "stops (administrator only)", null, null, true);

        d.op("get", "/api/v1/applications", "Applications", "List applications (query: name, offset, limit)", null,
                "ApplicationList", true);
        d.op("post", "/api/v1/applications", "Applications", "Create an application", "ApplicationInput", "Application", true);
        d.op("get", app, "Applications", "Get an application", null, "Application", true);
        d.op("patch", app, "Applications", "Rename an application or change its settings", "ApplicationPatch", "Application", true);
        d.op("delete", app, "Applications", "Delete an application with its scenarios, rules, users and numbers", null, null, true);

        String sc = app + "/scenarios";
        d.op("get", sc, "Scenarios", "List scenarios (query: name, offset, limit)", null, "ScenarioList", true);
        d.op("post", sc, "Scenarios", "Create a scenario (version 1, active). JSON, or the raw script as application/javascript "
                + "with ?name=. A syntax error is refused with 400 carrying line and column", "ScenarioInput", "Scenario", true);
        d.op("get", sc + "/{scenario_id}", "Scenarios", "Get a scenario with its active source", null, "Scenario", true);
        d.op("patch", sc + "/{scenario_id}", "Scenarios", "Rename a scenario", "ScenarioPatch", "Scenario", true);
        d.op("delete", sc + "/{scenario_id}", "Scenarios", "Delete a scenario and all its versions", null, null, true);
        d.op("get", sc + "/{scenario_id}/versions", "Scenarios", "List a scenario's versions", null, "ScenarioVersions", true);
        d.op("post", sc + "/{scenario_id}/versions", "Scenarios", "Upload a new immutable version (activated unless activate=false)",
                "ScenarioUpload", "Scenario", true);
        d.op("get", sc + "/{scenario_id}/versions/{version}", "Scenarios", "Get one version with its source", null,
                "ScenarioVersion", true);
        d.op("put", sc + "/{scenario_id}/active-version", "Scenarios", "Activate a version (atomically)", "ActiveVersion",
                "Scenario", true);
        d.op("post", sc + "/{scenario_id}/rollback", "Scenarios", "Activate the version before the active one", null, "Scenario", true);

        String rules = app + "/rules";
        d.op("get", rules, "Rules", "List rules in order, with shadowed rules; ETag is the list version", null, "RuleList", true);
        d.op("post", rules, "Rules", "Create a rule (last, or at position)", "RuleInput", "Rule", true);
        d.op("get", rules + "/{rule_id}", "Rules", "Get a rule; ETag is its version", null, "Rule", true);
        d.op("patch", rules + "/{rule_id}", "Rules", "Change a rule; needs If-Match or version (stale: 412 or 409; none: 428)",
                "RulePatch", "Rule", true);
        d.op("delete", rules + "/{rule_id}", "Rules", "Delete a rule (optional If-Match)", null, null, true);
        d.op("put", rules + "/order", "Rules", "Reorder: every rule id in the new order; needs If-Match or version of the list "
                + "(stale: 412 or 409; none: 428)", "RuleOrder", "RuleList", true);
        d.op("get", rules + ":match", "Rules", "Dry-run: which rule a dialed string reaches and why the earlier ones do not "
                + "(query: dialed)", null, "DryRun", true);

        String users = app + "/users";
        d.op("get", users, "Users", "List application users (query: name, offset, limit)", null, "UserList", true);
        d.op("post", users, "Users", "Create a user", "UserInput", "User", true);
        d.op("get", users + "/{user_id}", "Users", "Get a user", null, "User", true);
        d.op("patch", users + "/{user_id}", "Users", "Change a user (optional If-Match or version)", "UserPatch", "User", true);
        d.op("delete", users + "/{user_id}", "Users", "Delete a user", null, null, true);

        d.op("get", app + "/sdk-origins", "Web SDK", "The page origins allowed to log in to this application through the web "
                + "SDK gateway (empty: any origin)", null, "SdkOrigins", true);
        d.op("put", app + "/sdk-origins", "Web SDK", "Replace the allowed page origins (scheme://host[:port]; at most 50; "
                + "empty: any origin). Logins from other origins get loginFailed 403", "SdkOrigins", "SdkOrigins", true);
        d.op("get", app + "/guest-access", "Web SDK", "Guest sign-up settings (404 when off): anyone who can reach the node "
                + "may create a short-lived user of this application with POST /sdk/guests", null, "GuestAccess", true);
        d.op("put", app + "/guest-access", "Web SDK", "Turn guest sign-up on or change it (user_prefix, max_guests, "
                + "ttl_seconds; all optional)", "GuestAccess", "GuestAccess", true);
        d.op("delete", app + "/guest-access", "Web SDK", "Turn guest sign-up off (existing guests stay until they expire)",
                null, null, true);
        d.op("get", "/api/v1/turn-credentials", "Web SDK", "Time-limited TURN credentials (TURN REST scheme: username "
                + "expiry:user, password base64(HMAC-SHA1(secret, username))) for the caller's pages (query: user); 404 when "
                + "the node has no TURN secret", null, "TurnCredentials", true);

        d.op("get", "/api/v1/phone-numbers", "Phone numbers", "List phone numbers (query: application_id)", null,
                "PhoneNumberList", true);
        d.op("post", "/api/v1/phone-numbers", "Phone numbers", "Register a number bound to an application", "PhoneNumberInput",
                "PhoneNumber", true);
        d.op("get", "/api/v1/phone-numbers/{number_id}", "Phone numbers", "Get a phone number", null, "PhoneNumber", true);
        d.op("patch", "/api/v1/phone-numbers/{number_id}", "Phone numbers", "Bind a number to another application",
                "PhoneNumberPatch", "PhoneNumber", true);
        d.op("delete", "/api/v1/phone-numbers/{number_id}", "Phone numbers", "Release a phone number", null, null, true);

        d.op("get", "/api/v1/sip-trunks", "SIP trunks", "List SIP trunks", null, "SipTrunkList", true);
        d.op("post", "/api/v1/sip-trunks", "SIP trunks", "Configure a SIP trunk", "SipTrunkInput", "SipTrunk", true);
        d.op("get", "/api/v1/sip-trunks/{trunk_id}", "SIP trunks", "Get a SIP trunk (never its password)", null, "SipTrunk", true);
        d.op("patch", "/api/v1/sip-trunks/{trunk_id}", "SIP trunks", "Change a SIP trunk (optional If-Match or version)",
                "SipTrunkPatch", "SipTrunk", true);
        d.op("delete", "/api/v1/sip-trunks/{trunk_id}", "SIP trunks", "Delete a SIP trunk", null, null, true);

        d.op("get", "/api/v1/calls", "Calls", "Call records (CDRs) of the account, oldest first (query: from, to as ISO-8601 "
                + "instants on the start time, application_id, number = from or to, offset, limit 1..1000); log_url links the "
                + "session log", null, "CallList", true);

        String keys = "/api/v1/service-keys";
        d.op("get", keys, "Service keys", "List the account's service-account keys (query: offset, limit)", null, "ServiceKeyList", true);
        d.op("post", keys, "Service keys", "Create a key pair; answers once the credentials file the original's API clients read "
                + "(the node keeps only the public key)", "ServiceKeyInput", "ServiceKeyCredentials", true);
        d.op("get", keys + "/{key_id}", "Service keys", "Get a key (never its private key)", null, "ServiceKey", true);
        d.op("patch", keys + "/{key_id}", "Service keys", "Rename a key or change its role (applies to the next request)",
                "ServiceKeyPatch", "ServiceKey", true);
        d.op("delete", keys + "/{key_id}", "Service keys", "Delete a key: JWTs it signed are refused from the next request on",
                null, null, true);

        d.op("get", app + "/sessions", "Sessions", "List the application's scenario sessions, newest first (query: from, to "
                + "as ISO-8601 instants on the start time; offset, limit)", null, "SessionList", true);
        d.op("post", rules + "/{rule_id}/sessions", "Sessions", "Start the rule's scenarios in a new session without a call "
                + "(the original's StartScenarios). Requests to access_url reach the session as AppEvents.HttpRequest and the "
                + "handler's return value is the response; any method; no API key (the URL's last segment is the credential); "
                + "a wrong token or an ended session answers 404", "SessionStartInput", "SessionStarted", true);
        d.op("get", "/api/v1/sessions/{session_id}", "Sessions", "Get a session: rule, scenarios, start, end and why it ended",
                null, "Session", true);
        d.op("get", "/api/v1/sessions/{session_id}/log", "Sessions", "A session's log in order: Logger.write lines, lifecycle "
                + "events, script errors and broken limits, with timestamps", null, "SessionLog", true);
        d.op("get", "/api/v1/live", "Sessions", "What runs now in your account: sessions and conferences", null, "Live", true);
        d.op("get", "/api/v1/live/stream", "Sessions", "The same as a text/event-stream: one 'event: live' with the Live JSON "
                + "on connect and after every change (at most every 500 ms), comment keep-alives every 15 s", null, "Live", true);
        d.content("get", "/api/v1/live/stream", "text/event-stream", "event: live, data: the Live JSON");
        d.op("get", "/api/v1/recordings/{recording_id}", "Sessions", "A finished recording (call.record(); the URL its "
                + "RecordStarted/RecordStopped events carry) of your account", null, "Live", true);
        d.content("get", "/api/v1/recordings/{recording_id}", "audio/wav", "16-bit PCM WAV, 8 kHz mono");

        String compatAuth = "authenticated by Authorization: Bearer <JWT> (RS256, signed by a service-account key: header kid, "
                + "claims iss = account_id, iat, exp) or by account_id or account_name plus api_key";
        for (String m : new String[] {"get", "post"}) {
            d.op(m, "/platform_api", "Compatible API", "The original platform's HTTP API as its official clients call it: method "
                    + "name in the cmd parameter, parameters in the query or a multipart/form-data or url-encoded body, "
                    + compatAuth, null, "CompatResult", false);
            d.op(m, "/platform_api/{method}", "Compatible API", "The original platform's HTTP API: method name in the path, "
                    + "parameters in the query (GET) or a form (POST), " + compatAuth, null, "CompatResult", false);
        }

        return new JsonObject()
                .put("openapi", "3.0.3")
                .put("info", new JsonObject().put("title", "Dialtone Platform API").put("version", version)
                        .put("description", "Native REST API of a Dialtone node. Errors are application/problem+json."))
                .put("paths", d.paths)
                .put("components", new JsonObject()
                        .put("schemas", Schemas.all())
                        .put("securitySchemes", new JsonObject().put("apiKey", new JsonObject().put("type", "http")
                                .put("scheme", "bearer").put("description", "Authorization: Bearer <api_key>"))
                                .put("serviceKeyJwt", new JsonObject().put("type", "http").put("scheme", "bearer")
                                        .put("bearerFormat", "JWT").put("description", "the compatible API (/platform_api) only: "
                                                + "an RS256 JWT signed by a service-account key, as the original's API clients send"))
                                .put("consoleSession", new JsonObject().put("type", "apiKey").put("in", "cookie")
                                        .put("name", "dialtone_console").put("description", "The admin console's session cookie "
                                                + "(__Host-dialtone_console over HTTPS), from POST /console/session with "
                                                + "{\"api_key\"} or {\"password\"}. It authenticates exactly as the API key "
                                                + "would; every request other than GET/HEAD must also send the session's CSRF "
                                                + "token in the X-CSRF-Token header (403 without it). Used only when no "
                                                + "Authorization header is sent."))));
    }

    /** Replaces an operation's success body by {@code mediaType} (a stream or a file rather than JSON). */
    private void content(String method, String path, String mediaType, String description) {
        JsonObject responses = paths.getJsonObject(path).getJsonObject(method).getJsonObject("responses");
        responses.put("200", new JsonObject().put("description", description).put("content", new JsonObject()
                .put(mediaType, new JsonObject().put("schema", new JsonObject().put("type", "string")))));
    }

    private void op(String method, String path, String tag, String summary, String requestSchema, String responseSchema,
                    boolean auth) {
        JsonObject op = new JsonObject().put("summary", summary).put("tags", new JsonArray().add(tag == null ? "Meta" : tag))
                .put("operationId", method + path.replaceAll("[^A-Za-z0-9]+", "_"));
        JsonArray params = new JsonArray();
        Matcher m = PARAM.matcher(path);
        while (m.find()) {
            params.add(new JsonObject().put("name", m.group(1)).put("in", "path").put("required", true)
                    .put("schema", new JsonObject().put("type", STRING_PARAMS.contains(m.group(1)) ? "string" : "integer")));
        }
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        if (requestSchema != null) {
            op.put("requestBody", new JsonObject().put("required", true).put("content", new JsonObject()
                    .put("application/json", new JsonObject().put("schema", Schemas.ref(requestSchema)))));
        }
        JsonObject responses = new JsonObject();
        String ok = responseSchema == null ? "204" : method.equals("post") && !path.endsWith("rollback")
                && !path.startsWith("/platform_api") ? "201" : "200";
        JsonObject success = new JsonObject().put("description", responseSchema == null ? "done" : "success");
        if (responseSchema != null) {
            success.put("content", new JsonObject().put(Reply.JSON, new JsonObject().put("schema", Schemas.ref(responseSchema))));
        }
        responses.put(ok, success);
        JsonObject problem = new JsonObject().put("content", new JsonObject()
                .put(Reply.PROBLEM_JSON, new JsonObject().put("schema", Schemas.ref("Problem"))));
        if (auth) {
            responses.put("400", problem.copy().put("description", "invalid input; detail says what to fix"));
            responses.put("401", problem.copy().put("description", "missing or wrong API key"));
            responses.put("404", problem.copy().put("description", "no such resource in your account"));
            op.put("security", new JsonArray().add(new JsonObject().put("apiKey", new JsonArray()))
                    .add(new JsonObject().put("consoleSession", new JsonArray())));
        }
        op.put("responses", responses);
        JsonObject item = paths.getJsonObject(path, new JsonObject());
        item.put(method, op);
        paths.put(path, item);
    }
}
