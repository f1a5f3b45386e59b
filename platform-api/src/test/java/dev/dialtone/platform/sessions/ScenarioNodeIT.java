package dev.dialtone.platform.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Sessions on a real node (PostgreSQL, sandbox workers, HTTP): StartScenarios on both API faces with
 * custom data, the access URL answered by the scenario, the session log in PostgreSQL, end reasons,
 * the live view and its event stream, recordings, and another account's view of all of it. One node
 * (and so one worker start) for the whole class.
 */
class ScenarioNodeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ECHO = """
            VoxEngine.addEventListener(AppEvents.Started, (e) => {
              Logger.write('one');
              Logger.write('two ' + VoxEngine.customData());
            });
            VoxEngine.addEventListener(AppEvents.HttpRequest, (e) => {
              Logger.write('request ' + e.method + ' ' + e.content);
              if (e.content === 'bye') { VoxEngine.terminate(); return 'bye!'; }
              if (e.content === 'throw') { throw new Error('asked to fail'); }
              return {data: VoxEngine.customData(), got: e.content.toUpperCase(), method: e.method};
            });
            """;
    private static final String CALLER = """
            VoxEngine.addEventListener(AppEvents.HttpRequest, (e) => {
              const call = VoxEngine.callConference('conf_7', 'tester');
              call.addEventListener(CallEvents.Connected, () => { Logger.write('connected'); call.record(); });
              call.addEventListener(CallEvents.RecordStarted, (r) => {
                Logger.write('recording ' + r.url);
                setTimeout(() => call.hangup(), 600);
              });
              call.addEventListener(CallEvents.RecordStopped, (r) => { Logger.write('recorded ' + r.url); VoxEngine.terminate(); });
              call.addEventListener(CallEvents.Failed, (f) => { Logger.write('failed ' + f.code); VoxEngine.terminate(); });
              return 'calling';
            });
            """;
    private static final String CONFERENCE = """
            VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
              e.call.answer();
              e.call.addEventListener(CallEvents.Connected, () => e.call.startPlayback('http://127.0.0.1:1/none.wav'));
              e.call.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
            });
            """;

    private static TestNode node;
    private static String key;
    private static String otherKey;
    private static long app;
    private static long echoRule;
    private static long callerRule;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(TestNode.SCENARIO_ENGINE);
        node.awaitScenarioWorker();
        key = node.adminKey();
        otherKey = node.createAccount("other");
        app = json(node.post(key, "/api/v1/applications", "{\"name\":\"sessions\"}")).getLong("id");
        long echo = scenario("echo", ECHO);
        long caller = scenario("caller", CALLER);
        long conf = scenario("conference", CONFERENCE);
        echoRule = rule("echo", "echo", echo);
        callerRule = rule("caller", "caller", caller);
        rule("conferences", "conf_[0-9]+", conf);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void startScenariosOnBothFacesAnswersFromTheScenarioAndLogsInOrder() throws Exception {
        // native face
        HttpResponse<String> r = node.post(key, "/api/v1/applications/" + app + "/rules/" + echoRule + "/sessions",
                "{\"custom_data\":\"native-42\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject started = json(r);
        String id = started.getString("session_id");
        assertThat(started.getString("access_url")).startsWith(node.baseUrl() + "/api/v1/sessions/" + id + "/");
        assertThat(started.getString("access_secure_url")).startsWith(node.httpsBaseUrl() + "/api/v1/sessions/" + id + "/");

        HttpResponse<String> answer = node.send(HttpRequest.newBuilder(URI.create(started.getString("access_url")))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer).getMap()).containsEntry("data", "native-42").containsEntry("got", "HELLO")
                .containsEntry("method", "POST");
        HttpResponse<String> overTls = node.httpsClient().send(HttpRequest.newBuilder(URI.create(started.getString("access_secure_url")))
                .PUT(HttpRequest.BodyPublishers.ofString("tls")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(overTls).getString("got")).isEqualTo("TLS");

        HttpResponse<String> bye = node.send(HttpRequest.newBuilder(URI.create(started.getString("access_url")))
                .POST(HttpRequest.BodyPublishers.ofString("bye")).build());
        assertThat(bye.body()).isEqualTo("bye!");

        JsonObject session = eventually(() -> {
            HttpResponse<String> s = node.get(key, "/api/v1/sessions/" + id);
            return s.statusCode() == 200 && json(s).getString("ended_at") != null ? json(s) : null;
        });
        assertThat(session.getString("end_reason")).isEqualTo("terminated");
        assertThat(session.getLong("application_id")).isEqualTo(app);
        assertThat(session.getLong("rule_id")).isEqualTo(echoRule);
        assertThat(session.getJsonArray("scenarios")).containsExactly("echo");
        assertThat(session.getString("log_url")).isEqualTo("/api/v1/sessions/" + id + "/log");

        JsonArray entries = eventually(() -> {
            JsonArray e = json(node.get(key, "/api/v1/sessions/" + id + "/log")).getJsonArray("entries");
            return !e.isEmpty() && e.getJsonObject(e.size() - 1).getString("message").equals("session terminated") ? e : null;
        });
        List<String> logLines = new ArrayList<>();
        Instant previous = Instant.EPOCH;
        for (int i = 0; i < entries.size(); i++) {
            JsonObject e = entries.getJsonObject(i);
            Instant at = Instant.parse(e.getString("at"));
            assertThat(at).isAfterOrEqualTo(previous);
            previous = at;
            if (e.getString("kind").equals("LOG")) {
                logLines.add(e.getString("message"));
            }
        }
        assertThat(logLines).containsExactly("one", "two native-42", "request POST hello", "request PUT tls", "request POST bye");
        assertThat(entries.getJsonObject(0).getString("kind")).isEqualTo("LIFECYCLE");
        assertThat(entries.getJsonObject(0).getString("message")).startsWith("session started (rule " + echoRule);

        // the ended session's access URL is gone, like a wrong one
        HttpResponse<String> after = node.send(HttpRequest.newBuilder(URI.create(started.getString("access_url")))
                .POST(HttpRequest.BodyPublishers.ofString("again")).build());
        assertThat(after.statusCode()).isEqualTo(404);

        // compatible face: the original's parameter names and result shape
        HttpResponse<String> compat = node.send(HttpRequest.newBuilder(URI.create(node.baseUrl()
                + "/platform_api/StartScenarios?account_name=admin&api_key=" + key + "&rule_id=" + echoRule
                + "&script_custom_data=" + URLEncoder.encode("compat data", StandardCharsets.UTF_8))).GET().build());
        JsonObject c = json(compat);
        assertThat(c.getInteger("result")).as(compat.body()).isEqualTo(1);
        assertThat(c.getLong("call_session_history_id")).isPositive();
        assertThat(c.getString("media_session_access_secure_url")).startsWith("https://");
        HttpResponse<String> compatAnswer = node.send(HttpRequest.newBuilder(URI.create(c.getString("media_session_access_url")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(json(compatAnswer).getString("data")).isEqualTo("compat data");
        node.send(HttpRequest.newBuilder(URI.create(c.getString("media_session_access_url")))
                .POST(HttpRequest.BodyPublishers.ofString("bye")).build());
    }

    @Test
    void aRuleRunsTheActiveVersionsOfItsScenariosInItsOrder() throws Exception {
        long first = scenario("first", "var seen = 'v1';");
        HttpResponse<String> v2 = node.post(key, "/api/v1/applications/" + app + "/scenarios/" + first + "/versions",
                new JsonObject().put("source", "var seen = 'v2';").encode());
        assertThat(v2.statusCode()).as(v2.body()).isBetween(200, 201);
        node.post(key, "/api/v1/applications/" + app + "/scenarios/" + first + "/versions",
                new JsonObject().put("source", "var seen = 'v3, not active';").put("activate", false).encode());
        long second = scenario("second", """
                var order = typeof seen === 'undefined' ? 'second ran first' : 'first ran first';
                VoxEngine.addEventListener(AppEvents.HttpRequest, () => { VoxEngine.terminate(); return order + ', seen ' + seen; });
                """);
        for (var c : List.of(List.of(first, second, "first ran first, seen v2"), List.of(second, first, "second ran first, seen v2"))) {
            HttpResponse<String> r = node.post(key, "/api/v1/applications/" + app + "/rules", new JsonObject()
                    .put("name", "order-" + c.get(0)).put("pattern", "order_" + c.get(0))
                    .put("scenario_ids", new JsonArray().add(c.get(0)).add(c.get(1))).encode());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonObject started = json(node.post(key, "/api/v1/applications/" + app + "/rules/" + json(r).getLong("id")
                    + "/sessions", "{}"));
            HttpResponse<String> answer = node.send(HttpRequest.newBuilder(URI.create(started.getString("access_url")))
                    .POST(HttpRequest.BodyPublishers.ofString("which")).build());
            assertThat(answer.body()).isEqualTo(c.get(2));
        }
    }

    @Test
    void anotherAccountSeesNothing() throws Exception {
        JsonObject started = json(node.post(key, "/api/v1/applications/" + app + "/rules/" + echoRule + "/sessions", "{}"));
        String id = started.getString("session_id");
        String url = started.getString("access_url");
        eventually(() -> node.get(key, "/api/v1/sessions/" + id).statusCode() == 200 ? true : null);

        assertThat(node.get(otherKey, "/api/v1/sessions/" + id).statusCode()).isEqualTo(404);
        assertThat(node.get(otherKey, "/api/v1/sessions/" + id + "/log").statusCode()).isEqualTo(404);
        assertThat(node.get(otherKey, "/api/v1/applications/" + app + "/sessions").statusCode()).isEqualTo(404);
        assertThat(node.post(otherKey, "/api/v1/applications/" + app + "/rules/" + echoRule + "/sessions", "{}").statusCode())
                .isEqualTo(404);
        JsonObject compat = json(node.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/platform_api/StartScenarios?"
                + "account_name=other&api_key=" + otherKey + "&rule_id=" + echoRule)).GET().build()));
        assertThat(compat.getJsonObject("error").getString("msg")).contains("no rule with id " + echoRule);
        assertThat(json(node.get(otherKey, "/api/v1/live")).getJsonArray("sessions")).isEmpty();

        // a wrong token answers exactly like a session that does not exist
        String wrongToken = url.substring(0, url.lastIndexOf('/') + 1) + "AAAAAAAAAAAAAAAAAAAAAA";
        HttpResponse<String> wrong = node.send(HttpRequest.newBuilder(URI.create(wrongToken)).GET().build());
        HttpResponse<String> unknown = node.send(HttpRequest.newBuilder(URI.create(node.baseUrl()
                + "/api/v1/sessions/00000000-0000-0000-0000-000000000000/AAAAAAAAAAAAAAAAAAAAAA")).GET().build());
        assertThat(wrong.statusCode()).isEqualTo(404);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(node.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("bye")).build())
                .body()).isEqualTo("bye!");
    }

    @Test
    void anUncaughtErrorEndsTheSessionWithItsReason() throws Exception {
        JsonObject started = json(node.post(key, "/api/v1/applications/" + app + "/rules/" + echoRule + "/sessions", "{}"));
        String id = started.getString("session_id");
        node.send(HttpRequest.newBuilder(URI.create(started.getString("access_url"))).POST(HttpRequest.BodyPublishers.ofString("throw"))
                .build());
        JsonObject session = eventually(() -> {
            JsonObject s = json(node.get(key, "/api/v1/sessions/" + id));
            return s.getString("ended_at") != null ? s : null;
        });
        assertThat(session.getString("end_reason")).startsWith("stopped by an uncaught error").contains("asked to fail");
        JsonObject list = json(node.get(key, "/api/v1/applications/" + app + "/sessions?limit=100"));
        assertThat(list.getJsonArray("sessions").stream().map(o -> ((JsonObject) o).getString("session_id"))).contains(id);
        assertThat(node.get(key, "/api/v1/applications/" + app + "/sessions?from=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void liveViewAndItsStreamShowARunningSessionUntilItEnds() throws Exception {
        JsonObject started = json(node.post(key, "/api/v1/applications/" + app + "/rules/" + echoRule + "/sessions", "{}"));
        String id = started.getString("session_id");
        JsonArray live = json(node.get(key, "/api/v1/live")).getJsonArray("sessions");
        assertThat(live.stream().map(o -> ((JsonObject) o).getString("session_id"))).contains(id);

        HttpURLConnection stream = (HttpURLConnection) URI.create(node.baseUrl() + "/api/v1/live/stream").toURL().openConnection();
        stream.setRequestProperty("Authorization", "Bearer " + key);
        stream.setReadTimeout(10_000);
        assertThat(stream.getResponseCode()).isEqualTo(200);
        assertThat(stream.getContentType()).startsWith("text/event-stream");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.getInputStream(), StandardCharsets.UTF_8))) {
            JsonObject first = nextEvent(in);
            assertThat(first.getJsonArray("sessions").stream().map(o -> ((JsonObject) o).getString("session_id"))).contains(id);
            node.send(HttpRequest.newBuilder(URI.create(started.getString("access_url")))
                    .POST(HttpRequest.BodyPublishers.ofString("bye")).build());
            JsonObject next = null;
            for (int i = 0; i < 20; i++) {
                next = nextEvent(in);
                if (next.getJsonArray("sessions").stream().noneMatch(o -> ((JsonObject) o).getString("session_id").equals(id))) {
                    break;
                }
            }
            assertThat(next.getJsonArray("sessions").stream().map(o -> ((JsonObject) o).getString("session_id"))).doesNotContain(id);
        } finally {
            stream.disconnect();
        }
        assertThat(json(node.get(key, "/api/v1/live")).getJsonArray("sessions").stream()
                .map(o -> ((JsonObject) o).getString("session_id"))).doesNotContain(id);
    }

    @Test
    void conferenceCallIsLiveAndItsRecordingIsServedToItsAccountOnly() throws Exception {
        JsonObject started = json(node.post(key, "/api/v1/applications/" + app + "/rules/" + callerRule + "/sessions", "{}"));
        String id = started.getString("session_id");
        assertThat(node.send(HttpRequest.newBuilder(URI.create(started.getString("access_url"))).GET().build()).body())
                .isEqualTo("calling");
        // The room exists a moment before its first participant has joined it: wait for the participant.
        JsonObject conference = eventually(() -> {
            JsonArray c = json(node.get(key, "/api/v1/live")).getJsonArray("conferences");
            return c.isEmpty() || c.getJsonObject(0).getInteger("participants") == 0 ? null : c.getJsonObject(0);
        });
        assertThat(conference.getString("name")).isEqualTo("conf_7");
        assertThat(conference.getInteger("participants")).isEqualTo(1);

        String recorded = eventually(() -> {
            for (Object o : json(node.get(key, "/api/v1/sessions/" + id + "/log")).getJsonArray("entries")) {
                String m = ((JsonObject) o).getString("message");
                if (m.startsWith("recorded ") || m.startsWith("failed ")) {
                    return m;
                }
            }
            return null;
        });
        assertThat(recorded).startsWith("recorded /api/v1/recordings/");
        String path = recorded.substring("recorded ".length());
        HttpResponse<byte[]> wav = node.httpsClient().send(HttpRequest.newBuilder(URI.create(node.httpsBaseUrl() + path))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(wav.statusCode()).isEqualTo(200);
        assertThat(wav.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(wav.body().length).isGreaterThan(44 + 1600); // header + at least 0.1 s of 8 kHz 16-bit audio
        assertThat(node.get(otherKey, path).statusCode()).isEqualTo(404);
        assertThat(node.get(key, "/api/v1/recordings/0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(404);
    }

    private static JsonObject nextEvent(BufferedReader in) throws IOException {
        String event = null;
        for (int i = 0; i < 1000; i++) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the stream ended");
            }
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ") && "live".equals(event)) {
                return new JsonObject(line.substring(6));
            }
        }
        throw new IOException("no event in 1000 lines");
    }

    private static long scenario(String name, String source) throws Exception {
        HttpResponse<String> r = node.post(key, "/api/v1/applications/" + app + "/scenarios",
                new JsonObject().put("name", name).put("source", source).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).getLong("id");
    }

    private static long rule(String name, String pattern, long scenario) throws Exception {
        HttpResponse<String> r = node.post(key, "/api/v1/applications/" + app + "/rules", new JsonObject().put("name", name)
                .put("pattern", pattern).put("scenario_ids", new JsonArray().add(scenario)).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).getLong("id");
    }

    private static JsonObject json(HttpResponse<String> r) {
        return new JsonObject(r.body());
    }

    /** Polls {@code probe} until it answers non-null; bounded by {@link #WAIT}. */
    private static <T> T eventually(Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                T v = probe.call();
                if (v != null) {
                    return v;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not true within " + WAIT, last);
    }
}
