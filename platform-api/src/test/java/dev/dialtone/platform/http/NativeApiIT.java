package dev.dialtone.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.core.AccountId;
import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The native REST API against a real node and a real PostgreSQL. */
class NativeApiIT {
    private static final BracketChecker CHECKER = new BracketChecker();
    private static TestNode node;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(CHECKER);
        key = node.createAccount("native");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static JsonObject json(HttpResponse<String> r) {
        return new JsonObject(r.body());
    }

    private static long createApp(String name) throws Exception {
        HttpResponse<String> r = node.post(key, "/api/v1/applications", "{\"name\":\"" + name + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).getLong("id");
    }

    @Test
    void anApplicationHoldsAtMostTheRuleCap() throws Exception {
        long app = createApp("rule-cap-app");
        String rules = "/api/v1/applications/" + app + "/rules";
        for (int i = 0; i < dev.dialtone.platform.service.RuleService.MAX_RULES_PER_APPLICATION; i++) {
            HttpResponse<String> r = node.post(key, rules, "{\"name\":\"r" + i + "\",\"pattern\":\"n" + i + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        HttpResponse<String> over = node.post(key, rules, "{\"name\":\"one-too-many\",\"pattern\":\"x\"}");
        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(json(over).getString("detail")).contains("already has 1000 rules");
        assertThat(json(node.get(key, rules)).getJsonArray("rules")).hasSize(1000);
    }

    @Test
    void healthIsPublicAndUp() throws Exception {
        HttpResponse<String> r = node.get(null, "/api/v1/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).getString("status")).isEqualTo("UP");
    }

    @Test
    void applicationsCrud() throws Exception {
        long id = createApp("crud-app");
        assertThat(json(node.get(key, "/api/v1/applications/" + id)).getString("full_name"))
                .isEqualTo("crud-app.native.dialtone.local");
        HttpResponse<String> dup = node.post(key, "/api/v1/applications", "{\"name\":\"crud-app\"}");
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(dup.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(node.patch(key, "/api/v1/applications/" + id, "{\"name\":\"crud-renamed\"}")).getString("name"))
                .isEqualTo("crud-renamed");
        assertThat(json(node.get(key, "/api/v1/applications?name=renamed")).getJsonArray("applications")).hasSize(1);
        assertThat(node.delete(key, "/api/v1/applications/" + id).statusCode()).isEqualTo(204);
        assertThat(node.get(key, "/api/v1/applications/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void scenarioVersionsAreImmutableAndActivationAtomic() throws Exception {
        long app = createApp("scen-app");
        String base = "/api/v1/applications/" + app + "/scenarios";
        HttpResponse<String> created = node.send(node.request(key, base + "?name=greeter")
                .header("Content-Type", "application/javascript")
                .POST(HttpRequest.BodyPublishers.ofString("say('v1');")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = json(created).getLong("id");
        HttpResponse<String> v2 = node.post(key, base + "/" + id + "/versions", "{\"source\":\"say('v2');\"}");
        assertThat(json(v2).getInteger("active_version")).isEqualTo(2);
        node.post(key, base + "/" + id + "/versions", "{\"source\":\"say('v3');\",\"activate\":false}");
        JsonObject s = json(node.get(key, base + "/" + id));
        assertThat(s.getInteger("active_version")).isEqualTo(2);
        assertThat(s.getInteger("latest_version")).isEqualTo(3);
        assertThat(s.getString("source")).isEqualTo("say('v2');");
        assertThat(json(node.get(key, base + "/" + id + "/versions/1")).getString("source")).isEqualTo("say('v1');");
        assertThat(json(node.put(key, base + "/" + id + "/active-version", "{\"version\":3}")).getInteger("active_version"))
                .isEqualTo(3);
        assertThat(json(node.post(key, base + "/" + id + "/rollback", "")).getInteger("active_version")).isEqualTo(2);
        assertThat(json(node.get(key, base + "/" + id + "/versions")).getJsonArray("versions")).hasSize(3);
        assertThat(node.put(key, base + "/" + id + "/active-version", "{\"version\":9}").statusCode()).isEqualTo(404);
        // Each version that became the active one was handed to the engine to parse ahead of its sessions; v3 only
        // once it was activated.
        assertThat(CHECKER.prepared()).filteredOn(p -> p.startsWith("greeter: "))
                .containsExactly("greeter: say('v1');", "greeter: say('v2');", "greeter: say('v3');", "greeter: say('v2');");
        // Renamed, its sessions run it under the new name: the active version is parsed as that.
        assertThat(json(node.patch(key, base + "/" + id, "{\"name\":\"welcomer\"}")).getString("name")).isEqualTo("welcomer");
        assertThat(CHECKER.prepared()).filteredOn(p -> p.startsWith("welcomer: ")).containsExactly("welcomer: say('v2');");
    }

    @Test
    void syntaxErrorIsRefusedWithLineAndColumn() throws Exception {
        long app = createApp("syntax-app");
        HttpResponse<String> r = node.post(key, "/api/v1/applications/" + app + "/scenarios",
                new JsonObject().put("name", "broken").put("source", "function f() {\n  call(1));\n}").encode());
        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject p = json(r);
        assertThat(p.getInteger("line")).isEqualTo(2);
        assertThat(p.getInteger("column")).isEqualTo(10);
        assertThat(p.getString("detail")).contains("line 2, column 10");
        assertThat(json(node.get(key, "/api/v1/applications/" + app + "/scenarios")).getJsonArray("scenarios")).isEmpty();
    }

    @Test
    void scenarioSourceLimitIs256KiCharacters() throws Exception {
        long app = createApp("big-app");
        String ok = "x".repeat(256 * 1024 - 2) + ";\n";
        HttpResponse<String> r = node.post(key, "/api/v1/applications/" + app + "/scenarios",
                new JsonObject().put("name", "big").put("source", ok).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        HttpResponse<String> tooBig = node.post(key, "/api/v1/applications/" + app + "/scenarios",
                new JsonObject().put("name", "bigger").put("source", ok + "y").encode());
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(json(tooBig).getString("detail")).contains("limit is 262144");
    }

    @Test
    void rulesOrderMatchAndShadowing() throws Exception {
        long app = createApp("rules-app");
        String base = "/api/v1/applications/" + app + "/rules";
        long scenario = json(node.post(key, "/api/v1/applications/" + app + "/scenarios",
                "{\"name\":\"conf\",\"source\":\"x();\"}")).getLong("id");
        long conf = json(node.post(key, base, "{\"name\":\"conf\",\"pattern\":\"conf_[0-9]+\",\"exclude_pattern\":\"conf_0+\","
                + "\"scenario_ids\":[" + scenario + "]}")).getLong("id");
        long any = json(node.post(key, base, "{\"name\":\"any\",\"pattern\":\".*\"}")).getLong("id");
        long first = json(node.post(key, base, "{\"name\":\"vip\",\"pattern\":\"\\\\+1555.*\",\"position\":0}")).getLong("id");

        HttpResponse<String> list = node.get(key, base);
        JsonArray rules = json(list).getJsonArray("rules");
        assertThat(rules.stream().map(o -> ((JsonObject) o).getLong("id")).toList()).containsExactly(first, conf, any);
        assertThat(list.headers().firstValue("ETag")).hasValue("\"" + json(list).getLong("version") + "\"");

        JsonObject dry = json(node.get(key, base + ":match?dialed=conf_42"));
        assertThat(dry.getJsonObject("matched").getLong("id")).isEqualTo(conf);
        assertThat(dry.getJsonArray("scenario_ids").getList()).containsExactly((int) scenario);
        assertThat(dry.getJsonArray("steps")).hasSize(2);
        assertThat(dry.getJsonArray("steps").getJsonObject(0).getString("verdict")).isEqualTo("pattern_does_not_match");

        JsonObject excluded = json(node.get(key, base + ":match?dialed=conf_000"));
        assertThat(excluded.getJsonArray("steps").getJsonObject(1).getString("verdict")).isEqualTo("excluded");
        assertThat(excluded.getJsonObject("matched").getLong("id")).isEqualTo(any);
        JsonObject whole = json(node.get(key, base + ":match?dialed=xconf_1"));
        assertThat(whole.getJsonObject("matched").getLong("id")).isEqualTo(any);

        assertThat(node.get(key, base + ":match").statusCode()).isEqualTo(400);
    }

    @Test
    void ruleUpdatesNeedTheCurrentVersion() throws Exception {
        long app = createApp("version-app");
        String base = "/api/v1/applications/" + app + "/rules";
        long id = json(node.post(key, base, "{\"name\":\"r\",\"pattern\":\"1\"}")).getLong("id");
        assertThat(node.patch(key, base + "/" + id, "{\"pattern\":\"2\"}").statusCode()).isEqualTo(428);
        HttpResponse<String> ok = node.send(node.request(key, base + "/" + id).header("If-Match", "\"1\"")
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"pattern\":\"2\"}"))
                .build());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().firstValue("ETag")).hasValue("\"2\"");
        HttpResponse<String> stale = node.send(node.request(key, base + "/" + id).header("If-Match", "\"1\"")
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"pattern\":\"3\"}"))
                .build());
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).getInteger("current_version")).isEqualTo(2);
        assertThat(node.patch(key, base + "/" + id, "{\"pattern\":\"3\",\"version\":1}").statusCode()).isEqualTo(409);
        assertThat(json(node.get(key, base + "/" + id)).getString("pattern")).isEqualTo("2");
        assertThat(node.patch(key, base + "/" + id, "{\"pattern\":\"3\",\"version\":2}").statusCode()).isEqualTo(200);
    }

    @Test
    void staleReorderIsRefusedNeverApplied() throws Exception {
        long app = createApp("reorder-app");
        String base = "/api/v1/applications/" + app + "/rules";
        long a = json(node.post(key, base, "{\"name\":\"a\",\"pattern\":\"a\"}")).getLong("id");
        long b = json(node.post(key, base, "{\"name\":\"b\",\"pattern\":\"b\"}")).getLong("id");
        long version = json(node.get(key, base)).getLong("version");
        HttpResponse<String> ok = node.put(key, base + "/order", "{\"rule_ids\":[" + b + "," + a + "],\"version\":" + version + "}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        HttpResponse<String> stale = node.put(key, base + "/order", "{\"rule_ids\":[" + a + "," + b + "],\"version\":" + version + "}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(node.get(key, base)).getJsonArray("rules").getJsonObject(0).getLong("id")).isEqualTo(b);
        assertThat(node.put(key, base + "/order", "{\"rule_ids\":[" + a + "]}").statusCode()).isEqualTo(428);
        long now = json(node.get(key, base)).getLong("version");
        HttpResponse<String> incomplete = node.put(key, base + "/order", "{\"rule_ids\":[" + a + "],\"version\":" + now + "}");
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(json(incomplete).getString("detail")).contains("missing");
        assertThat(node.delete(key, base + "/" + a).statusCode()).isEqualTo(204);
        assertThat(json(node.get(key, base)).getJsonArray("rules")).hasSize(1);
    }

    @Test
    void invalidRegexIsRefusedWithTheReason() throws Exception {
        long app = createApp("regex-app");
        HttpResponse<String> r = node.post(key, "/api/v1/applications/" + app + "/rules", "{\"name\":\"bad\",\"pattern\":\"conf_(\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).getString("field")).isEqualTo("pattern");
        assertThat(json(r).getString("detail")).contains("not a valid regular expression").contains("missing ')' for the group opened at character 6");
        HttpResponse<String> backref = node.post(key, "/api/v1/applications/" + app + "/rules",
                "{\"name\":\"bad\",\"pattern\":\"a\",\"exclude_pattern\":\"(a)\\\\1\"}");
        assertThat(backref.statusCode()).isEqualTo(400);
        assertThat(json(backref).getString("field")).isEqualTo("exclude_pattern");
        HttpResponse<String> tooLong = node.post(key, "/api/v1/applications/" + app + "/rules",
                new JsonObject().put("name", "long").put("pattern", "a".repeat(600)).encode());
        assertThat(json(tooLong).getString("detail")).contains("limit is 512");
    }

    @Test
    void usersCrudNeverReturnsPasswords() throws Exception {
        long app = createApp("users-app");
        String base = "/api/v1/applications/" + app + "/users";
        HttpResponse<String> c = node.post(key, base, "{\"name\":\"alice\",\"display_name\":\"Alice A.\",\"password\":\"s3cret-Passw0rd\"}");
        assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
        assertThat(c.body()).doesNotContain("s3cret").doesNotContain("argon2");
        long id = json(c).getLong("id");
        assertThat(node.post(key, base, "{\"name\":\"alice\",\"password\":\"another-password\"}").statusCode()).isEqualTo(409);
        assertThat(node.post(key, base, "{\"name\":\"Bob\",\"password\":\"another-password\"}").statusCode()).isEqualTo(400);
        assertThat(node.post(key, base, "{\"name\":\"bob\",\"password\":\"short\"}").statusCode()).isEqualTo(400);
        JsonObject changed = json(node.patch(key, base + "/" + id, "{\"display_name\":\"Alice B.\",\"password\":\"new-Passw0rd!\"}"));
        assertThat(changed.getString("display_name")).isEqualTo("Alice B.");
        assertThat(json(node.get(key, base)).getJsonArray("users")).hasSize(1);
        var hash = node.node().services().database().dsl().fetchValue("select password_hash from app_users where id = " + id);
        assertThat(hash.toString()).startsWith("$argon2id$");
        assertThat(node.delete(key, base + "/" + id).statusCode()).isEqualTo(204);
    }

    @Test
    void phoneNumbersAreBoundToApplications() throws Exception {
        long a = createApp("num-a");
        long b = createApp("num-b");
        HttpResponse<String> c = node.post(key, "/api/v1/phone-numbers", "{\"number\":\"+493012345\",\"application_id\":" + a + "}");
        assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
        long id = json(c).getLong("id");
        assertThat(node.post(key, "/api/v1/phone-numbers", "{\"number\":\"+493012345\",\"application_id\":" + b + "}").statusCode())
                .isEqualTo(409);
        assertThat(node.post(key, "/api/v1/phone-numbers", "{\"number\":\"12ab\",\"application_id\":" + b + "}").statusCode())
                .isEqualTo(400);
        assertThat(json(node.patch(key, "/api/v1/phone-numbers/" + id, "{\"application_id\":" + b + "}")).getLong("application_id"))
                .isEqualTo(b);
        assertThat(json(node.get(key, "/api/v1/phone-numbers?application_id=" + b)).getJsonArray("phone_numbers")).hasSize(1);
        assertThat(node.delete(key, "/api/v1/phone-numbers/" + id).statusCode()).isEqualTo(204);
    }

    @Test
    void trunkPasswordIsEncryptedAtRestAndNeverReturned() throws Exception {
        HttpResponse<String> c = node.post(key, "/api/v1/sip-trunks", "{\"name\":\"carrier\",\"host\":\"sip.example.net\","
                + "\"transport\":\"tcp\",\"allowed_sources\":[\"192.0.2.10\",\"198.51.100.77/24\"],\"username\":\"acme\","
                + "\"password\":\"trunk-Secret-42\"}");
        assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
        assertThat(c.body()).doesNotContain("trunk-Secret-42");
        JsonObject t = json(c);
        assertThat(t.getBoolean("has_password")).isTrue();
        assertThat(t.getJsonArray("allowed_sources").getList()).containsExactly("192.0.2.10/32", "198.51.100.0/24");
        long id = t.getLong("id");
        Object stored = node.node().services().database().dsl().fetchValue("select digest_password_enc from sip_trunks where id = " + id);
        assertThat(stored.toString()).startsWith("v1:").doesNotContain("trunk-Secret-42");
        long owner = ((Number) node.node().services().database().dsl()
                .fetchValue("select account_id from sip_trunks where id = " + id)).longValue();
        assertThat(node.node().services().trunks().digestPassword(new AccountId(owner), id)).hasValue("trunk-Secret-42");
        assertThat(node.get(key, "/api/v1/sip-trunks/" + id).body()).doesNotContain("trunk-Secret-42");
        assertThat(node.post(key, "/api/v1/sip-trunks", "{\"name\":\"x\",\"host\":\"h\",\"allowed_sources\":[\"example.com\"]}")
                .statusCode()).isEqualTo(400);
        assertThat(node.post(key, "/api/v1/sip-trunks", "{\"name\":\"x\",\"host\":\"h\",\"transport\":\"sctp\"}").statusCode())
                .isEqualTo(400);
        assertThat(json(node.patch(key, "/api/v1/sip-trunks/" + id, "{\"port\":5080,\"version\":1}")).getInteger("port"))
                .isEqualTo(5080);
        assertThat(node.patch(key, "/api/v1/sip-trunks/" + id, "{\"port\":5081,\"version\":1}").statusCode()).isEqualTo(409);
        assertThat(node.node().services().trunks().digestPassword(new AccountId(owner), id)).isEqualTo(Optional.of("trunk-Secret-42"));
    }

    @Test
    void badInputGetsProblemsThatSayWhatToFix() throws Exception {
        HttpResponse<String> malformed = node.post(key, "/api/v1/applications", "{\"name\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).getString("detail")).contains("not valid JSON");
        HttpResponse<String> wrongType = node.post(key, "/api/v1/applications", "{\"name\": 42}");
        assertThat(json(wrongType).getString("detail")).isEqualTo("name must be a string, not a number");
        HttpResponse<String> unknown = node.post(key, "/api/v1/applications", "{\"name\":\"ok-name\",\"colour\":\"red\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).getString("field")).isEqualTo("colour");
        HttpResponse<String> array = node.post(key, "/api/v1/applications", "[1,2]");
        assertThat(json(array).getString("detail")).contains("must be a JSON object");
        HttpResponse<String> control = node.post(key, "/api/v1/applications/" + createApp("ctl-app") + "/rules",
                "{\"name\":\"evil\\u0007name\",\"pattern\":\"1\"}");
        assertThat(control.statusCode()).isEqualTo(400);
        assertThat(json(control).getString("detail")).contains("U+0007");
        HttpResponse<String> huge = node.post(key, "/api/v1/applications", "{\"name\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> badId = node.get(key, "/api/v1/applications/abc");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(node.get(key, "/api/v1/nothing-here").statusCode()).isEqualTo(404);
        HttpResponse<String> text = node.send(node.request(key, "/api/v1/applications").header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<a/>")).build());
        assertThat(json(text).getString("detail")).contains("application/json");
    }

    @Test
    void missingOrWrongKeysAre401() throws Exception {
        for (String path : new String[] {"/api/v1/applications", "/api/v1/accounts", "/api/v1/sip-trunks", "/api/v1/phone-numbers"}) {
            HttpResponse<String> none = node.get(null, path);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(node.get("dt_wrong", path).statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> basic = node.send(node.request(null, "/api/v1/applications").header("Authorization", "Basic YTpi").GET().build());
        assertThat(basic.statusCode()).isEqualTo(401);
    }

    @Test
    void onlyTheAdministratorManagesAccounts() throws Exception {
        assertThat(node.post(key, "/api/v1/accounts", "{\"name\":\"sneaky\"}").statusCode()).isEqualTo(403);
        JsonArray mine = json(node.get(key, "/api/v1/accounts")).getJsonArray("accounts");
        assertThat(mine).hasSize(1);
        assertThat(mine.getJsonObject(0).getString("name")).isEqualTo("native");
        String otherKey = node.createAccount("deleted-later");
        assertThat(node.get(otherKey, "/api/v1/applications").statusCode()).isEqualTo(200);
        long otherId = json(node.get(otherKey, "/api/v1/accounts")).getJsonArray("accounts").getJsonObject(0).getLong("id");
        assertThat(node.delete(node.adminKey(), "/api/v1/accounts/" + otherId).statusCode()).isEqualTo(204);
        assertThat(node.get(otherKey, "/api/v1/applications").statusCode()).isEqualTo(401);
    }

    @Test
    void concurrentReordersWithTheSameVersionLetExactlyOneWin() throws Exception {
        long app = createApp("race-app");
        String base = "/api/v1/applications/" + app + "/rules";
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(json(node.post(key, base, "{\"name\":\"r" + i + "\",\"pattern\":\"" + i + "\"}")).getLong("id"));
        }
        long version = json(node.get(key, base)).getLong("version");
        int clients = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            java.util.List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int c = 0; c < clients; c++) {
                java.util.List<Long> order = new java.util.ArrayList<>(ids);
                java.util.Collections.rotate(order, c + 1);
                String body = "{\"rule_ids\":" + new JsonArray(new java.util.ArrayList<Object>(order)).encode() + "}";
                answers.add(pool.submit(() -> node.send(node.request(key, base + "/order").header("If-Match", "\"" + version + "\"")
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build())));
            }
            int won = 0;
            int refused = 0;
            for (var f : answers) {
                int status = f.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode();
                if (status == 200) {
                    won++;
                } else if (status == 412) {
                    refused++;
                }
            }
            assertThat(won).isEqualTo(1);
            assertThat(refused).isEqualTo(clients - 1);
            assertThat(json(node.get(key, base)).getLong("version")).isEqualTo(version + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void openApiDocumentsEveryRouteAndNothingElse() throws Exception {
        HttpResponse<String> r = node.get(null, "/api/v1/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject paths = json(r).getJsonObject("paths");
        java.util.Set<String> documented = new java.util.TreeSet<>();
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
            }
        }
        java.util.Set<String> served = new java.util.TreeSet<>();
        node.node().routes().forEach(s -> served.add(s.method() + " " + s.template()));
        assertThat(served).isNotEmpty();
        assertThat(documented).isEqualTo(served);
        for (String op : documented) {
            String[] mp = op.split(" ", 2);
            String concrete = mp[1].replaceAll("\\{method}", "GetRules").replaceAll("\\{[a-z_]+}", "999999");
            HttpResponse<String> probe = node.send(node.request(null, concrete)
                    .method(mp[0], HttpRequest.BodyPublishers.noBody()).build());
            assertThat(probe.statusCode()).as(op + " is served").isNotIn(404, 405);
        }
    }

    @Test
    void metricsHaveRouteTemplatesJvmAndPool() throws Exception {
        createApp("metrics-app");
        String metrics = node.get(null, "/metrics").body();
        assertThat(metrics).contains("http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/applications\",status=\"201\"}");
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
        // Thread counts, but no per-state gauges: each of those takes a thread dump, a safepoint that stalls the mixer.
        assertThat(metrics).contains("jvm_threads_live_threads", "jvm_threads_daemon_threads", "jvm_threads_started_threads_total")
                .doesNotContain("jvm_threads_states");
        assertThat(metrics).doesNotContain("route=\"/api/v1/applications/1");
    }
}
