package dev.dialtone.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.users.UsersConfig;
import io.vertx.core.json.JsonObject;

/**
 * The default set-up: embedded PostgreSQL whose files live in the data directory. Data survives a
 * restart; the administrator is created once with a random key written to a 0600 file.
 */
class RestartPersistenceIT {
    private final HttpClient http = HttpClient.newHttpClient();

    private static NodeConfig config(Path dir) {
        return NodeConfig.defaults(dir).withHttp("127.0.0.1", 0).withHttps(true, 0, TlsConfig.SELF_SIGNED).withClusterPort(0).withSipPort(0)
                .withUsers(UsersConfig.forTests());
    }

    private HttpResponse<String> send(Node node, String key, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void dataAndCredentialsSurviveARestart(@TempDir Path dir) throws Exception {
        String key;
        long rule;
        String migrations;
        try (Node first = Node.start(config(dir), new BracketChecker())) {
            assertThat(first.bootstrapCredentials()).isPresent();
            key = first.bootstrapCredentials().get().apiKey();
            Path file = dir.resolve("bootstrap-credentials.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            JsonObject creds = new JsonObject(Files.readString(file));
            assertThat(creds.getString("api_key")).isEqualTo(key);
            assertThat(creds.getString("account_name")).isEqualTo("admin");
            assertThat(creds.getLong("account_id")).isEqualTo(first.bootstrapCredentials().get().account().id().value());
            migrations = first.services().database().dsl().fetchValue("select count(*) from flyway_schema_history where success")
                    .toString();
            // The embedded server's library defaults (for throwaway test databases) would leave both off.
            assertThat(first.services().database().dsl().fetchValue("show fsync")).as("commits reach the disk").isEqualTo("on");
            assertThat(first.services().database().dsl().fetchValue("show synchronous_commit")).as("before the commit returns")
                    .isEqualTo("on");
            Object stored = first.services().database().dsl().fetchValue("select api_key_hash from accounts");
            assertThat(stored.toString()).hasSize(64).isNotEqualTo(key);

            long app = new JsonObject(send(first, key, "POST", "/api/v1/applications", "{\"name\":\"keep-me\"}").body()).getLong("id");
            rule = new JsonObject(send(first, key, "POST", "/api/v1/applications/" + app + "/rules",
                    "{\"name\":\"r\",\"pattern\":\"[0-9]+\"}").body()).getLong("id");
            String scenarios = "/api/v1/applications/" + app + "/scenarios";
            long scenario = new JsonObject(send(first, key, "POST", scenarios, "{\"name\":\"kept\",\"source\":\"say('v1');\"}")
                    .body()).getLong("id");
            send(first, key, "POST", scenarios + "/" + scenario + "/versions", "{\"source\":\"say('v2');\"}");
            send(first, key, "POST", scenarios + "/" + scenario + "/versions", "{\"source\":\"say('v3');\",\"activate\":false}");
        }
        assertThat(Files.exists(dir.resolve("postgres/PG_VERSION"))).isTrue();
        BracketChecker checker = new BracketChecker();
        try (Node second = Node.start(config(dir).withBootstrapApiKey(Optional.of("another-key-that-is-ignored")), checker)) {
            assertThat(second.bootstrapCredentials()).isEmpty();
            assertThat(second.services().database().dsl().fetchValue("select count(*) from flyway_schema_history where success")
                    .toString()).as("no migration ran again").isEqualTo(migrations);
            HttpResponse<String> apps = send(second, key, "GET", "/api/v1/applications", null);
            assertThat(apps.statusCode()).isEqualTo(200);
            JsonObject a = new JsonObject(apps.body()).getJsonArray("applications").getJsonObject(0);
            assertThat(a.getString("name")).isEqualTo("keep-me");
            JsonObject dry = new JsonObject(send(second, key, "GET", "/api/v1/applications/" + a.getLong("id") + "/rules:match?dialed=42",
                    null).body());
            assertThat(dry.getJsonObject("matched").getLong("id")).isEqualTo(rule);
            assertThat(send(second, "another-key-that-is-ignored", "GET", "/api/v1/applications", null).statusCode()).isEqualTo(401);
            // The restarted node handed the active version of the scenario to the engine to parse ahead of its sessions.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (checker.prepared().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(checker.prepared()).containsExactly("kept: say('v2');");
        }
    }

    @Test
    void presetBootstrapKeyBecomesTheAdministratorKey(@TempDir Path dir) throws Exception {
        String preset = "preset-admin-key-0123456789";
        try (Node node = Node.start(config(dir).withBootstrapApiKey(Optional.of(preset)), new BracketChecker())) {
            assertThat(node.bootstrapCredentials().orElseThrow().apiKey()).isEqualTo(preset);
            assertThat(send(node, preset, "GET", "/api/v1/accounts", null).statusCode()).isEqualTo(200);
        }
    }
}
