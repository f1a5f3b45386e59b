package dev.dialtone.platform.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.WebRtcTestPeer;
import dev.dialtone.platform.testing.SdkTestClient;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Browser calls into scenarios through the gateway, end to end on a real node: the real scenario engine
 * (GraalJS workers), real WebRTC media (ICE-lite, DTLS-SRTP) answered to a browser-like peer, real TTS.
 */
class SdkCallsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PASSWORD = "correct horse battery";

    private static TestNode node;
    private static SSLContext ssl;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(TestNode.SCENARIO_ENGINE, SdkConfig.DEFAULT.withResumeGrace(Duration.ofSeconds(6)));
        ssl = TestNode.trusting(node.node().certificate().orElseThrow().certFile());
        String key = node.adminKey();
        long app = new JsonObject(node.post(key, "/api/v1/applications", "{\"name\":\"calls\"}").body()).getLong("id");
        String base = "/api/v1/applications/" + app;
        long talkback = scenario(key, base, "talkback");
        long decline = scenario(key, base, "decline");
        rule(key, base, "busy", "busy", decline);
        rule(key, base, "ring", "ring-.*", scenario(key, base, "ringuser"));
        rule(key, base, "talk", "joinconf|talk.*", talkback);
        HttpResponse<String> u = node.post(key, base + "/users", new JsonObject().put("name", "alice")
                .put("display_name", "Alice Liddell").put("password", PASSWORD).encode());
        assertThat(u.statusCode()).as(u.body()).isEqualTo(201);
        HttpResponse<String> b = node.post(key, base + "/users", new JsonObject().put("name", "bob")
                .put("display_name", "Bob Builder").put("password", PASSWORD).encode());
        assertThat(b.statusCode()).as(b.body()).isEqualTo(201);
    }

    private static long scenario(String key, String base, String name) throws Exception {
        String source;
        try (InputStream in = SdkCallsIT.class.getResourceAsStream("/sdk/" + name + ".js")) {
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

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static JsonObject lastLogin;

    private static SdkTestClient loggedIn() throws Exception {
        SdkTestClient c = SdkTestClient.connect(ssl, node.node().httpsPort(), null).autoPing();
        c.next("__connectionSuccessful", WAIT);
        c.send("login", "alice@calls.admin.dialtone.local", PASSWORD, new JsonObject());
        JsonObject ok = c.next(WAIT);
        assertThat(ok.getString("name")).isEqualTo("loginSuccessful");
        lastLogin = ok.getJsonArray("params").getJsonObject(1);
        return c;
    }

    @Test
    void aDroppedConnectionResumesItsCallsWithinTheGracePeriod() throws Exception {
        SdkTestClient first = loggedIn();
        String resumeToken = lastLogin.getString("resumeToken");
        String accessToken = lastLogin.getJsonObject("OAuth").getString("accessToken");
        assertThat(resumeToken).hasSize(43);
        try (WebRtcTestPeer peer = WebRtcTestPeer.open()) {
            String callId = UUID.randomUUID().toString();
            first.send("createCall", -1, "joinconf", true, callId, null, null, new JsonObject(), "", peer.offer(false),
                    new JsonObject());
            String answer = params(first.next("handleConnectionConnected", WAIT)).getString(2);
            peer.connect(answer, WebRtcTestPeer.fingerprintOf(answer));
            first.next("handleSIPInfo", WAIT);
            first.abort();

            try (SdkTestClient second = SdkTestClient.connect(ssl, node.node().httpsPort(), null).autoPing()) {
                second.next("__connectionSuccessful", WAIT);
                second.send("login", "alice@calls.admin.dialtone.local", "", new JsonObject().put("accessToken", accessToken));
                assertThat(second.next(WAIT).getString("name")).isEqualTo("loginSuccessful");
                second.send("resumeConnection", "not-the-token");
                assertThat(second.next(WAIT).encode()).isEqualTo("{\"name\":\"resumeConnectionFailed\",\"params\":[404]}");
                second.send("resumeConnection", resumeToken);
                JsonObject resumed = second.next(WAIT);
                assertThat(resumed.getString("name")).isEqualTo("resumeConnectionSuccessful");
                assertThat(params(resumed).getJsonArray(0).getList()).containsExactly(callId);
                // the call and its session survived the drop: the scenario still answers on the new connection
                second.send("sendSIPInfo", callId, "application", "zingaya-im", "still there?", new JsonObject());
                assertThat(params(second.next("handleSIPInfo", WAIT)).getString(3)).isEqualTo("echo still there?");
                second.send("disconnectCall", callId, new JsonObject());
                second.next("handleConnectionDisconnected", WAIT);
            }
        }
    }

    @Test
    void callsOfADroppedConnectionEndAfterTheGracePeriod() throws Exception {
        SdkTestClient page = loggedIn();
        try (WebRtcTestPeer peer = WebRtcTestPeer.open()) {
            String callId = UUID.randomUUID().toString();
            page.send("createCall", -1, "joinconf", true, callId, null, null, new JsonObject(), "", peer.offer(false),
                    new JsonObject());
            String answer = params(page.next("handleConnectionConnected", WAIT)).getString(2);
            peer.connect(answer, WebRtcTestPeer.fingerprintOf(answer));
            page.next("handleSIPInfo", WAIT);
            long dropped = System.nanoTime();
            page.abort();
            long deadline = dropped + WAIT.toNanos();
            while (callsInSessions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(callsInSessions()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - dropped)).as("kept for the grace period first")
                    .isGreaterThan(Duration.ofSeconds(5));
        }
    }

    /** Calls still held by live sessions (other tests' sessions may linger without calls). */
    private static int callsInSessions() {
        return node.node().scenarioEngine().liveSessions().stream().mapToInt(s -> s.calls()).sum();
    }

    private static JsonArray params(JsonObject frame) {
        return frame.getJsonArray("params");
    }

    @Test
    void callIntoAScenarioConnectsCarriesHeadersAudioDigitsMessagesAndHangsUp() throws Exception {
        try (SdkTestClient page = loggedIn(); WebRtcTestPeer peer = WebRtcTestPeer.open()) {
            String callId = UUID.randomUUID().toString();
            page.send("createCall", -1, "joinconf", true, callId, null, null,
                    new JsonObject().put("X-Conference-Id", "42").put("VI-CallData", "my-data").put("Other", "dropped"), "",
                    peer.offer(false), new JsonObject().put("tracks", new JsonObject()));
            JsonObject connected = page.next("handleConnectionConnected", WAIT);
            assertThat(params(connected).getString(0)).isEqualTo(callId);
            assertThat(params(connected).getJsonObject(1).getString("X-Answered")).isEqualTo("yes");
            String answer = params(connected).getString(2);
            assertThat(answer).contains("a=ice-lite").contains("PCMU/8000");
            peer.connect(answer, WebRtcTestPeer.fingerprintOf(answer));

            JsonObject hello = page.next("handleSIPInfo", WAIT);
            assertThat(params(hello).getList().subList(0, 3)).containsExactly(callId, "application", "zingaya-im");
            assertThat(params(hello).getString(3)).isEqualTo("hello conf=42 data=my-data other=undefined caller=alice "
                    + "name=Alice Liddell client=web number=joinconf");

            // the scenario's speech reaches the page
            assertThat(peer.awaitPackets(100, WAIT)).isGreaterThanOrEqualTo(100);
            short[] heard = peer.receivedAudio(PayloadFormat.PCMU);
            assertThat(GoertzelMeter.rms(heard)).as("speech, not silence").isGreaterThan(300);

            // a digit signalled by a page without an RTP DTMF sender (RFC 4733 digits from Chromium: SdkBrowserIT)
            page.send("sendDTMF", callId, 11);
            assertThat(params(page.next("handleSIPInfo", WAIT)).getString(3)).isEqualTo("tone #");
            page.send("sendDTMF", callId, "5");
            assertThat(params(page.next("handleSIPInfo", WAIT)).getString(3)).isEqualTo("tone 5");

            // messages and INFOs both ways
            page.send("sendSIPInfo", callId, "application", "zingaya-im", "ping?", new JsonObject());
            assertThat(params(page.next("handleSIPInfo", WAIT)).getString(3)).isEqualTo("echo ping?");
            page.send("sendSIPInfo", callId, "application", "x-custom", "{\"a\":1}", new JsonObject().put("X-Info", "1"));
            JsonObject info = page.next("handleSIPInfo", WAIT);
            assertThat(params(info).getList().subList(1, 4)).containsExactly("application", "x-custom", "info {\"a\":1}");
            // trickled candidates are accepted silently (ICE-lite)
            page.send("sendSIPInfo", callId, "voximplant", "sdpfrag", "[[0,\"a=candidate:1 1 udp 1 127.0.0.1 9 typ host\"]]",
                    new JsonObject());

            page.send("disconnectCall", callId, new JsonObject().put("X-Bye", "bye"));
            JsonObject bye = page.next("handleConnectionDisconnected", WAIT);
            assertThat(params(bye).getString(0)).isEqualTo(callId);

            // the browser leg's call record, through the same sink as SIP legs
            JsonObject record = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (record == null && System.nanoTime() < deadline) {
                JsonArray calls = new JsonObject(node.get(node.adminKey(), "/api/v1/calls?limit=1000").body()).getJsonArray("calls");
                for (int i = 0; i < calls.size(); i++) {
                    JsonObject c = calls.getJsonObject(i);
                    if (callId.equals(c.getString("call_id")) && c.getValue("ended_at") != null) {
                        record = c;
                    }
                }
                Thread.sleep(100);
            }
            assertThat(record).as("call record of " + callId).isNotNull();
            assertThat(record.getString("client_type")).isEqualTo("web");
            assertThat(record.getString("from")).isEqualTo("alice");
            assertThat(record.getString("to")).isEqualTo("joinconf");
            assertThat(record.getString("disconnect_reason")).isEqualTo("remote-hangup");
            assertThat(record.getLong("duration_ms")).isPositive();
            assertThat(record.getString("session_id")).isNotBlank();
        }
    }

    @Test
    void theScenarioHangingUpDisconnectsThePage() throws Exception {
        try (SdkTestClient page = loggedIn(); WebRtcTestPeer peer = WebRtcTestPeer.open()) {
            String callId = UUID.randomUUID().toString();
            page.send("createCall", -1, "talk-to-me", true, callId, null, null, new JsonObject(), "", peer.offer(true),
                    new JsonObject());
            String answer = params(page.next("handleConnectionConnected", WAIT)).getString(2);
            assertThat(answer).contains("opus/48000");
            peer.connect(answer, WebRtcTestPeer.fingerprintOf(answer));
            page.next("handleSIPInfo", WAIT);
            page.send("sendSIPInfo", callId, "application", "zingaya-im", "hang up please", new JsonObject());
            JsonObject bye = page.next("handleConnectionDisconnected", WAIT);
            assertThat(params(bye).getString(0)).isEqualTo(callId);
            assertThat(params(bye).getJsonObject(1).getString("X-Reason")).isEqualTo("asked");
        }
    }

    @Test
    void rejectionsAndUnroutableNumbersFailTheCall() throws Exception {
        try (SdkTestClient page = loggedIn(); WebRtcTestPeer peer = WebRtcTestPeer.open()) {
            String busy = UUID.randomUUID().toString();
            page.send("createCall", -1, "busy", true, busy, null, null, new JsonObject(), "", peer.offer(false), new JsonObject());
            JsonObject failed = page.next("handleConnectionFailed", WAIT);
            assertThat(params(failed).getList().subList(0, 3)).containsExactly(busy, 486, "Busy Here");

            String nowhere = UUID.randomUUID().toString();
            page.send("createCall", -1, "no-rule-matches-this", true, nowhere, null, null, new JsonObject(), "",
                    peer.offer(false), new JsonObject());
            assertThat(params(page.next("handleConnectionFailed", WAIT)).getList().subList(0, 2)).containsExactly(nowhere, 404);

            String garbage = UUID.randomUUID().toString();
            page.send("createCall", -1, "joinconf", true, garbage, null, null, new JsonObject(), "", "v=0\r\nnot sdp",
                    new JsonObject());
            assertThat(params(page.next("handleConnectionFailed", WAIT)).getList().subList(0, 2)).containsExactly(garbage, 488);
        }
    }

    /**
     * {@code callUser} with the node's media (scenario ringuser.js: it tells the caller what became of the callee): a
     * page that answers the node's offer with unusable SDP ends the call with 488 and is told so; a decline is 603.
     */
    @Test
    void aPageRungWithTheNodesOfferThatAnswersBadlyOrDeclinesEndsTheCall() throws Exception {
        try (SdkTestClient alice = loggedIn(); WebRtcTestPeer peer = WebRtcTestPeer.open();
             SdkTestClient bob = SdkTestClient.connect(ssl, node.node().httpsPort(), null).autoPing()) {
            bob.next("__connectionSuccessful", WAIT);
            bob.send("login", "bob@calls.admin.dialtone.local", PASSWORD, new JsonObject().put("receiveCalls", true));
            assertThat(bob.next(WAIT).getString("name")).isEqualTo("loginSuccessful");
            for (String outcome : List.of("garbage", "decline")) {
                String callId = UUID.randomUUID().toString();
                alice.send("createCall", -1, "ring-bob", true, callId, null, null, new JsonObject(), "", peer.offer(false),
                        new JsonObject());
                alice.next("handleConnectionConnected", WAIT);
                JsonArray ring = params(bob.next("handleIncomingConnection", WAIT));
                String offer = ring.getString(4);
                assertThat(offer).contains("a=setup:actpass", "a=ice-lite", "m=audio ");
                String rung = ring.getString(0);
                if (outcome.equals("garbage")) {
                    bob.send("acceptCall", rung, new JsonObject(), "v=0\r\nthis is not an answer", new JsonObject());
                    assertThat(params(bob.next("handleConnectionDisconnected", WAIT)).getString(0)).isEqualTo(rung);
                    assertThat(messageBody(alice)).isEqualTo("callee failed 488");
                } else {
                    bob.send("rejectCall", rung, false, new JsonObject());
                    assertThat(messageBody(alice)).isEqualTo("callee failed 603");
                }
                alice.next("handleConnectionDisconnected", WAIT);
            }
        }
    }

    /** The body of the next message (handleSIPInfo) the scenario sends this page. */
    private static String messageBody(SdkTestClient page) throws Exception {
        return params(page.next("handleSIPInfo", WAIT)).getString(3);
    }

    @Test
    void closingTheConnectionEndsItsCallsAtOnce() throws Exception {
        SdkTestClient page = loggedIn();
        try (WebRtcTestPeer peer = WebRtcTestPeer.open()) {
            String callId = UUID.randomUUID().toString();
            page.send("createCall", -1, "joinconf", true, callId, null, null, new JsonObject(), "", peer.offer(false),
                    new JsonObject());
            String answer = params(page.next("handleConnectionConnected", WAIT)).getString(2);
            peer.connect(answer, WebRtcTestPeer.fingerprintOf(answer));
            long closed = System.nanoTime();
            page.close();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (callsInSessions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(callsInSessions()).as("the call ended at once").isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - closed)).as("a normal close does not wait for a resume")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }
}
