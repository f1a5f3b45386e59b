package dev.dialtone.platform.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.ConsoleConfig;
import dev.dialtone.platform.http.HttpMount;
import dev.dialtone.platform.testing.BrowserTests;
import dev.dialtone.platform.testing.TestDatabase;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Dialtone's web SDK in Debian's Chromium (headless, Playwright) against a real node: the page is served by
 * the node and imports {@code /sdk/dialtone.js}; calls go into real scenarios over WebRTC; audio is measured
 * in the page with Web Audio. Prints the time from {@code call()} to the first audible audio.
 */
class SdkBrowserIT {
    private static final String PASSWORD = "correct horse battery";
    private static final String SUITE = "src/test/browser/sdk/sdk.suite.mjs";

    private static TestNode node;
    private static BrowserTests browser;
    private static ApplicationId app;

    /** Serves the test page at /sdk-test/page.html (it imports /sdk/dialtone.js from the node). */
    private static final HttpMount TEST_PAGE = (router, vertx, services) -> router.get("/sdk-test/page.html").handler(ctx -> {
        try (InputStream in = SdkBrowserIT.class.getResourceAsStream("/sdk-test/page.html")) {
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            ctx.fail(e);
        }
    });

    private static final String TURN_SECRET = "browser-it-turn-secret-0123";
    private static Process coturn;

    @BeforeAll
    static void start() throws Exception {
        browser = BrowserTests.prepare(Path.of("target/browser-tests"));
        Path dir = Files.createTempDirectory("dialtone-node");
        int turnPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            turnPort = probe.getLocalPort();
        }
        // coturn with the TURN REST shared secret, loopback only, relaying between the two pages.
        coturn = new ProcessBuilder("turnserver", "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + turnPort, "--use-auth-secret", "--static-auth-secret=" + TURN_SECRET, "--realm=dialtone.test",
                "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--min-port=49300", "--max-port=49400",
                "--no-software-attribute", "--log-file=stdout", "--simple-log")
                .redirectErrorStream(true).redirectOutput(Path.of("target/browser-tests/coturn.log").toFile()).start();
        SdkConfig sdk = SdkConfig.DEFAULT.withIce(Optional.of(TURN_SECRET), List.of("turn:127.0.0.1:" + turnPort + "?transport=udp"),
                Duration.ofHours(1));
        node = TestNode.start(TestNode.SCENARIO_ENGINE, ConsoleConfig.DEFAULT, sdk, dir,
                TestDatabase.fresh("sdkbrowser"), true, UnaryOperator.identity(), List.of(TEST_PAGE));
        String key = node.adminKey();
        long appId = new JsonObject(node.post(key, "/api/v1/applications", "{\"name\":\"web\"}").body()).getLong("id");
        app = new ApplicationId(appId);
        String base = "/api/v1/applications/" + appId;
        rule(key, base, "talk", "talk.*", scenario(key, base, "talkback"));
        rule(key, base, "gate", "joinconf", scenario(key, base, "webgate"));
        rule(key, base, "room", "conf_.*", scenario(key, base, "room"));
        rule(key, base, "ring", "ring-.*", scenario(key, base, "ringuser"));
        rule(key, base, "users", ".*", scenario(key, base, "forward"));
        user(key, base, "alice", "Alice Liddell");
        user(key, base, "bob", "Bob Builder");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (coturn != null) {
            coturn.destroy();
            if (!coturn.waitFor(10, TimeUnit.SECONDS)) {
                coturn.destroyForcibly();
            }
        }
    }

    @Test
    void twoPagesTalkThroughTurnOnly() throws Exception {
        BrowserTests.Run r = run("two pages talk through TURN only (coturn, relay candidates)");
        System.out.println(r.output());
        // A relay candidate exists only after an authenticated ALLOCATE: coturn accepted the node's TURN REST credentials.
        r.assertPassed();
        assertThat(r.output()).contains("alice: selected pair relay -> relay", "bob: selected pair relay -> relay");
        assertThat(coturn.isAlive()).isTrue();
    }

    private static long scenario(String key, String base, String name) throws Exception {
        String source;
        try (InputStream in = SdkBrowserIT.class.getResourceAsStream("/sdk/" + name + ".js")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        HttpResponse<String> r = node.post(key, base + "/scenarios", new JsonObject().put("name", name).put("source", source)
                .encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getLong("id");
    }

    private static void rule(String key, String base, String name, String pattern, long scenario) throws Exception {
        HttpResponse<String> r = node.post(key, base + "/rules", new JsonObject().put("name", name).put("pattern", pattern)
                .put("scenario_ids", new JsonArray().add(scenario)).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static void user(String key, String base, String name, String display) throws Exception {
        HttpResponse<String> r = node.post(key, base + "/users", new JsonObject().put("name", name).put("display_name", display)
                .put("password", PASSWORD).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static BrowserTests.Run run(String test) throws Exception {
        Path toneA = tone(Path.of("target/browser-tests/tone-700.wav"), 700);
        Path toneB = tone(Path.of("target/browser-tests/tone-1300.wav"), 1300);
        return browser.run(Path.of(SUITE), Map.of(
                "DIALTONE_SDK_HOST", "127.0.0.1:" + node.node().httpsPort(),
                "DIALTONE_SDK_USER", "alice@web.admin.dialtone.local",
                "DIALTONE_SDK_USER2", "bob@web.admin.dialtone.local",
                "DIALTONE_SDK_PASSWORD", PASSWORD,
                "DIALTONE_SDK_TONE_A", "700",
                "DIALTONE_SDK_TONE_B", "1300",
                "DIALTONE_SDK_TONE_B_FILE", toneB.toAbsolutePath().toString(),
                "DIALTONE_CHROMIUM_ARGS", "--autoplay-policy=no-user-gesture-required --use-fake-ui-for-media-stream "
                        + "--use-fake-device-for-media-stream --use-file-for-fake-audio-capture=" + toneA.toAbsolutePath()),
                Duration.ofMinutes(3), test);
    }

    /** The session logs of the test application, to see what the scenarios did. */
    private static void printSessionLogs() throws Exception {
        var services = node.node().services();
        var admin = services.accounts().authenticate(TestNode.ADMIN_KEY);
        for (var s : services.sessions().list(admin, app, Optional.empty(), Optional.empty(), 0, 100)) {
            System.out.println("SESSION " + s.id() + " " + s.scenarios() + " ended " + s.endReason().orElse("-"));
            for (var line : services.sessions().log(admin, s.id().value())) {
                System.out.println("  " + line.at() + " " + line.kind() + " " + line.message());
            }
        }
    }

    /** A 48 kHz 16-bit mono WAV of 10 s of a sine tone (Chromium loops it as the fake microphone). */
    private static Path tone(Path file, double frequency) throws Exception {
        int rate = 48_000;
        int samples = rate * 10;
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
                .putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) Math.round(Math.sin(2 * Math.PI * frequency * i / rate) * 10_000));
        }
        Files.createDirectories(file.getParent());
        Files.write(file, b.array());
        return file;
    }

    @Test
    void aPageHearsAScenarioSpeakAndMessagesGoBothWays() throws Exception {
        BrowserTests.Run r = run("a page calls a scenario that speaks and hears it");
        System.out.println(r.output());
        r.assertPassed();
        Matcher m = Pattern.compile("FIRST-AUDIO-MS (\\d+)").matcher(r.output());
        assertThat(m.find()).isTrue();
        System.out.println("SDK-FIGURE call() to first audible audio: " + m.group(1) + " ms (target 1000 ms; shared machine)");
    }

    @Test
    void twoPagesInAConferenceHearEachOthersToneAndADigitReachesTheScenario() throws Exception {
        BrowserTests.Run r = run("two pages in a conference hear each other and a sent digit reaches the scenario");
        System.out.println(r.output());
        printSessionLogs();
        r.assertPassed();
    }

    @Test
    void twoPagesCallEachOtherDirectlyWithVideoAndTheNodeCarriesNoMedia() throws Exception {
        long endpointsBefore = node.node().sdkGateway().mediaEndpointsCreated();
        BrowserTests.Run r = run("two pages call each other directly with video, and a decline gives 603");
        System.out.println(r.output());
        r.assertPassed();
        assertThat(node.node().sdkGateway().mediaEndpointsCreated()).as("no media endpoint for peer-to-peer calls")
                .isEqualTo(endpointsBefore);
    }

    @Test
    void aScenarioCallsAPageWithTheNodesMedia() throws Exception {
        long endpointsBefore = node.node().sdkGateway().mediaEndpointsCreated();
        BrowserTests.Run r = run("a scenario calls a page with callUser: it hears the scenario and the caller through the node");
        System.out.println(r.output());
        printSessionLogs();
        r.assertPassed();
        assertThat(node.node().sdkGateway().mediaEndpointsCreated()).as("the caller's endpoint (the callee's comes from an offer)")
                .isGreaterThan(endpointsBefore);
    }

    @Test
    void wrongPasswordAndReplayedOneTimeKeyAreRefused() throws Exception {
        BrowserTests.Run r = run("a wrong password and a replayed one-time key are refused");
        System.out.println(r.output());
        r.assertPassed();
    }
}
