package dev.dialtone.platform.http.platformapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.NpmInstall;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The original platform's published Node.js API client ({@code @voximplant/apiclient-nodejs},
 * Apache-2.0), installed from the npm registry at test time into {@code target/} and used unmodified
 * against a Dialtone node over HTTPS: a service-account credentials file, JWT auth, multipart
 * {@code cmd} requests. Node trusts the node's self-signed certificate through
 * {@code NODE_EXTRA_CA_CERTS}; certificate verification stays on.
 */
class OfficialNodeClientIT {
    /** The client version this test was written against; {@code -Ddialtone.apiclient.version=} tries another. */
    static final String VERSION = System.getProperty("dialtone.apiclient.version", "4.11.0");
    static final String PACKAGE = "@voximplant/apiclient-nodejs";

    @Test
    void theOfficialClientRunsAFullFlowAgainstDialtoneOverHttps() throws Exception {
        Path dir = NpmInstall.ensure(Path.of("target", "npm", "apiclient-nodejs-" + VERSION).toAbsolutePath(), PACKAGE, VERSION,
                Duration.ofMinutes(10));
        try (InputStream script = getClass().getResourceAsStream("/apiclient/flow.js")) {
            Files.copy(script, dir.resolve("flow.js"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (TestNode node = TestNode.start(new BracketChecker())) {
            String accountKey = node.createAccount("nodeclient");
            Path credentials = writeCredentials(node.dataDir(), "owner.json", node.createServiceKey(accountKey, "owner"));
            Path readOnly = writeCredentials(node.dataDir(), "reader.json", node.createServiceKey(accountKey, "read_only"));
            recordACall(node, accountKey);
            Map<String, String> env = new HashMap<>();
            env.put("DIALTONE_HOST", "127.0.0.1:" + node.node().httpsPort());
            env.put("CREDENTIALS", credentials.toString());
            env.put("READONLY_CREDENTIALS", readOnly.toString());
            env.put("NODE_EXTRA_CA_CERTS", node.node().certificate().orElseThrow().certFile().toAbsolutePath().toString());
            env.put("NO_PROXY", "127.0.0.1,localhost");
            for (String unset : List.of("NODE_TLS_REJECT_UNAUTHORIZED", "VOXIMPLANT_CREDENTIALS", "HTTPS_PROXY", "https_proxy",
                    "HTTP_PROXY", "http_proxy", "NODE_OPTIONS")) {
                env.put(unset, null);
            }
            NpmInstall.Run run = NpmInstall.run(dir, List.of("node", "flow.js"), env, Duration.ofMinutes(3));
            String last = run.stdout().lines().reduce((a, b) -> b).orElse("{}");
            JsonObject out = new JsonObject(last);
            assertThat(run.exitCode()).as(run.stdout() + "\n" + run.stderr()).isZero();
            assertThat(out.containsKey("error")).as(out.encodePrettily()).isFalse();
            JsonObject steps = out.getJsonObject("steps");
            check(steps);
            // nothing the flow created is left
            assertThat(new JsonObject(node.get(accountKey, "/api/v1/applications").body()).getInteger("total")).isZero();
        }
    }

    /** One finished inbound call in the account, as the SIP connector would record it (for GetCallHistory). */
    private static void recordACall(TestNode node, String accountKey) throws Exception {
        var account = node.node().services().accounts().authenticate(accountKey);
        java.time.Instant start = java.time.Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        node.node().services().callRecords().finish(new dev.dialtone.pstn.CallRecord(new dev.dialtone.core.CallId("client-leg"),
                "sip-client-leg", account.id(), new dev.dialtone.core.ApplicationId(424242),
                java.util.Optional.of(new dev.dialtone.core.SessionId("client-session")), dev.dialtone.core.CallDirection.INBOUND,
                dev.dialtone.core.ClientType.PSTN, "+15550001111", "+15557770001", java.util.Optional.empty(), start,
                java.util.Optional.of(start.plusSeconds(2)), java.util.Optional.of(start.plusSeconds(14)), Duration.ofSeconds(12),
                "remote-hangup", 200)).toCompletableFuture().get();
    }

    private static void check(JsonObject steps) {
        JsonObject app = steps.getJsonObject("addApplication");
        assertThat(app.getInteger("result")).isEqualTo(1);
        assertThat(app.getString("applicationName")).isEqualTo("flow.nodeclient.dialtone.local");
        long appId = app.getLong("applicationId");
        assertThat(steps.getJsonObject("addScenario").getLong("scenarioId")).isPositive();
        long[] ruleIds = new long[4];
        String[] names = {"conference", "support", "sales", "fallback"};
        for (int i = 0; i < 4; i++) {
            JsonObject r = steps.getJsonObject("addRule_" + names[i]);
            assertThat(r.getInteger("result")).isEqualTo(1);
            ruleIds[i] = r.getLong("ruleId");
        }
        JsonObject rules = steps.getJsonObject("getRules");
        assertThat(rules.getInteger("totalCount")).isEqualTo(4);
        JsonArray list = rules.getJsonArray("result");
        assertThat(list.stream().map(o -> ((JsonObject) o).getString("ruleName")).toList()).containsExactly(names);
        JsonObject first = list.getJsonObject(0);
        assertThat(first.getLong("applicationId")).isEqualTo(appId);
        assertThat(first.getString("rulePattern")).isEqualTo("conf_.*");
        assertThat(first.getJsonArray("scenarios").getJsonObject(0).getString("scenario_name")).isEqualTo("main");
        assertThat(steps.getJsonObject("reorderRules").getInteger("result")).isEqualTo(1);
        assertThat(steps.getJsonObject("getRulesAfterReorder").getJsonArray("result").stream()
                .map(o -> ((JsonObject) o).getLong("ruleId")).toList()).containsExactly(ruleIds[2], ruleIds[0], ruleIds[1], ruleIds[3]);

        long userId = steps.getJsonObject("addUser").getLong("userId");
        JsonObject users = steps.getJsonObject("getUsers");
        assertThat(users.getInteger("totalCount")).isEqualTo(1);
        JsonObject user = users.getJsonArray("result").getJsonObject(0);
        assertThat(user.getLong("userId")).isEqualTo(userId);
        assertThat(user.getString("userName")).isEqualTo("agent007");
        assertThat(user.getString("userDisplayName")).isEqualTo("Agent Seven");
        assertThat(user.getBoolean("userActive")).isTrue();
        assertThat(users.encode()).doesNotContain("Str0ng-Passw0rd!");
        assertThat(steps.getJsonObject("delUser").getInteger("result")).isEqualTo(1);
        assertThat(steps.getJsonObject("getUsersAfterDelete").getInteger("totalCount")).isZero();

        assertThat(steps.getJsonObject("readOnlyGetApplications").getInteger("totalCount")).isEqualTo(1);
        JsonObject history = steps.getJsonObject("readOnlyGetCallHistory");
        assertThat(history.getInteger("totalCount")).as(history.encode()).isEqualTo(1);
        JsonObject session = history.getJsonArray("result").getJsonObject(0);
        assertThat(session.getString("logFileUrl")).isEqualTo("/api/v1/sessions/client-session/log");
        assertThat(session.getLong("duration")).isEqualTo(14);
        assertThat(session.getValue("startDate")).as("the client parsed start_date").isNotNull();
        // Client 4.11.0 converts "calls" with a transformer name it does not have ('CallInfo[]' vs 'CallInfoType'),
        // so the calls reach the script with the wire's snake_case names.
        JsonObject historyCall = session.getJsonArray("calls").getJsonObject(0);
        assertThat(historyCall.getString("remote_number")).as(historyCall.encode()).isEqualTo("+15550001111");
        assertThat(historyCall.getString("local_number")).isEqualTo("+15557770001");
        assertThat(historyCall.getBoolean("incoming")).isTrue();
        assertThat(historyCall.getBoolean("successful")).isTrue();
        assertThat(historyCall.getLong("duration")).isEqualTo(12);
        JsonObject refused = steps.getJsonObject("readOnlyAddApplication");
        assertThat(refused.getInteger("status")).as(refused.encode()).isEqualTo(403);
        assertThat(refused.getJsonObject("data").getJsonObject("error").getInteger("code")).isEqualTo(100);
        assertThat(refused.getJsonObject("data").getJsonObject("error").getString("msg")).startsWith("Access denied");

        assertThat(steps.getJsonObject("delApplication").getInteger("result")).isEqualTo(1);
        assertThat(steps.getJsonObject("getApplicationsAfterDelete").getInteger("totalCount")).isZero();
    }

    /** The credentials file the original's clients read, mode 0600. */
    private static Path writeCredentials(Path dir, String name, JsonObject credentials) throws Exception {
        Path file = dir.resolve(name);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, credentials.encode());
        return file;
    }
}
