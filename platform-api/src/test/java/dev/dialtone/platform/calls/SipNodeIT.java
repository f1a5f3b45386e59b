package dev.dialtone.platform.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.RtpPeer;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.sessions.SessionsService;
import dev.dialtone.platform.testing.TestNode;
import dev.dialtone.pstn.testing.Rfc4475Kit;
import dev.dialtone.pstn.testing.Sipp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Phone calls through a whole node (issue 6): real scenario engine workers, real SIPp callers and
 * carrier, Java RTP peers for audio and RFC 4733 digits, PostgreSQL records, the APIs.
 */
class SipNodeIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Path EXAMPLES = Path.of("../scenario-engine/examples");

    static TestNode node;
    static Path dir;
    static String key;
    static Account acme;
    static long appId;
    static int carrierPort;

    static final String HELLO = """
            VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
              var call = e.call;
              call.addEventListener(CallEvents.Connected, function () {
                call.say('Hello from Dialtone. This sentence is spoken by the scenario.', Language.UK_ENGLISH_FEMALE);
              });
              call.addEventListener(CallEvents.PlaybackFinished, function () { call.hangup(); });
              call.addEventListener(CallEvents.Disconnected, function () { VoxEngine.terminate(); });
              call.answer();
            });
            """;

    static final String DIALER = """
            VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
              var inbound = e.call;
              var out;
              inbound.addEventListener(CallEvents.Connected, function () {
                out = VoxEngine.callPSTN('+15551234567', '+15550000000');
                out.addEventListener(CallEvents.Connected, function () {
                  VoxEngine.sendMediaBetween(inbound, out);
                  setTimeout(function () { out.hangup(); inbound.hangup(); }, 2500);
                });
                out.addEventListener(CallEvents.Failed, function (f) {
                  Logger.write('callPSTN failed ' + f.code);
                  inbound.hangup();
                });
              });
              inbound.addEventListener(CallEvents.Disconnected, function () { VoxEngine.terminate(); });
              inbound.answer();
            });
            """;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(TestNode.SCENARIO_ENGINE);
        node.awaitScenarioWorker();
        dir = Files.createTempDirectory("sip-node-it");
        key = node.createAccount("acme");
        acme = node.node().services().accounts().authenticate(key);
        appId = new JsonObject(node.post(key, "/api/v1/applications", "{\"name\":\"pins\"}").body()).getLong("id");
        long hello = scenario("hello", HELLO);
        long gatekeeper = scenario("gatekeeper", Files.readString(EXAMPLES.resolve("gatekeeper.js")));
        long conference = scenario("conference", Files.readString(EXAMPLES.resolve("conference.js")));
        long dialer = scenario("dialer", DIALER);
        rule("hello", "hello", hello);
        rule("pin", "joinconf|\\\\+1555777[0-9]+", gatekeeper);
        rule("rooms", "conf_[A-Za-z0-9]+", conference);
        rule("callout", "callout", dialer);
        assertThat(node.post(key, "/api/v1/phone-numbers", "{\"number\":\"+15557770001\",\"application_id\":" + appId + "}")
                .statusCode()).isEqualTo(201);
        carrierPort = Sipp.freePort();
        assertThat(node.post(key, "/api/v1/sip-trunks", "{\"name\":\"carrier\",\"host\":\"127.0.0.1\",\"port\":" + carrierPort
                + ",\"allowed_sources\":[\"127.0.0.1/32\"],\"username\":\"trunkuser\",\"password\":\"s3cret!\"}").statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (dir != null) {
            TestNode.deleteTree(dir);
        }
    }

    static long scenario(String name, String source) throws Exception {
        var r = node.post(key, "/api/v1/applications/" + appId + "/scenarios",
                new JsonObject().put("name", name).put("source", source).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getLong("id");
    }

    static void rule(String name, String pattern, long scenario) throws Exception {
        var r = node.post(key, "/api/v1/applications/" + appId + "/rules", "{\"name\":\"" + name + "\",\"pattern\":\"" + pattern
                + "\",\"scenario_ids\":[" + scenario + "]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    String target() {
        return "127.0.0.1:" + node.node().sip().port();
    }

    /** A SIPp caller of the node ({@code node_caller.xml}); {@code infoDigits} go as SIP INFO after the answer. */
    static Sipp caller(String name, String service, String host, RtpPeer peer, int waitMs, String infoDigits) throws IOException {
        StringBuilder infos = new StringBuilder(infoDigits.isEmpty() ? "" : "  <pause milliseconds=\"7000\"/>\n");
        int cseq = 2;
        for (char d : infoDigits.toCharArray()) {
            infos.append("  <pause milliseconds=\"250\"/>\n  <send retrans=\"500\"><![CDATA[\n")
                    .append("INFO sip:[service]@[app_host] SIP/2.0\n")
                    .append("Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n")
                    .append("From: \"SIPp caller\" <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]\n")
                    .append("To: <sip:[service]@[app_host]>[peer_tag_param]\n")
                    .append("Call-ID: [call_id]\nCSeq: ").append(cseq++).append(" INFO\n")
                    .append("Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>\nMax-Forwards: 70\n")
                    .append("Content-Type: application/dtmf-relay\nContent-Length: [len]\n\n")
                    .append("Signal=").append(d).append("\nDuration=160\n]]></send>\n  <recv response=\"200\"/>\n");
        }
        return Sipp.in(dir.resolve(name)).scenario("/sipp/node_caller.xml", Map.of("[wait_ms]", Integer.toString(waitMs),
                        "<!--INFOS-->", infos.toString()))
                .keys(Map.of("app_host", host, "rtp_port", Integer.toString(peer.address().getPort()), "caller", "+1555000" + name.length()
                        + "111"))
                .args("-s", service, "-m", "1", "-timeout", "60s", "-timeout_error").logging();
    }

    /** The node's RTP address for a SIPp call (logged by the scenario when the 200 arrives). */
    static InetSocketAddress nodeRtp(Sipp sipp) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : sipp.logLines()) {
                int i = line.indexOf("NODE_RTP ");
                if (i >= 0) {
                    return new InetSocketAddress("127.0.0.1", Integer.parseInt(line.substring(i + 9).trim()));
                }
            }
            LockSupport.parkNanos(20_000_000);
        }
        throw new AssertionError("the call was not answered within " + WAIT);
    }

    static void sendDigits(RtpPeer peer, String digits, InetSocketAddress to) throws Exception {
        List<RtpPeer.Timed> spaced = new ArrayList<>();
        long t = 0;
        for (char d : digits.toCharArray()) {
            for (RtpPeer.Timed p : RtpPeer.paced(peer.eventPackets(d, 100, 101), 20)) {
                spaced.add(new RtpPeer.Timed(p.packet(), t));
                t += 20_000_000L;
            }
            peer.skip(100);
            t += 150_000_000L;
        }
        peer.play(spaced, to).get(20, TimeUnit.SECONDS);
    }

    @Test
    void callerHearsTheSentenceGetsTheByeAndTheCallIsRecorded() throws Exception {
        try (RtpPeer peer = RtpPeer.open(); Sipp sipp = caller("hello", "hello", "pins.acme.dialtone.local", peer, 20_000, "")) {
            sipp.start(target());
            Sipp.Result r = sipp.await(Duration.ofSeconds(60));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            assertThat(r.output()).as("the node hung up: SIPp answered a BYE").contains("BYE");
            short[] heard = peer.receivedAudio(PayloadFormat.PCMU);
            assertThat(heard.length).as("RTP from the node").isGreaterThan(8000);
            assertThat(GoertzelMeter.rms(heard)).as("the spoken sentence is not silence").isGreaterThan(500);
        }
        JsonObject call = awaitFinishedCall("hello");
        assertThat(call.getString("disconnect_reason")).isEqualTo("local-hangup");
        assertThat(call.getInteger("sip_code")).isEqualTo(200);
        assertThat(call.getString("client_type")).isEqualTo("sip");
        String logUrl = call.getString("log_url");
        assertThat(logUrl).isEqualTo("/api/v1/sessions/" + call.getString("session_id") + "/log");
        var log = node.get(key, logUrl);
        assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
        assertThat(new JsonObject(log.body()).getJsonArray("entries")).as("the session's log").isNotEmpty();
        JsonObject history = new JsonObject(node.get(null, "/platform_api/GetCallHistory?account_name=acme&api_key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&with_calls=true&local_number=hello").body());
        JsonObject session = history.getJsonArray("result").getJsonObject(0);
        assertThat(session.getString("log_file_url")).isEqualTo(logUrl);
        assertThat(session.getJsonArray("calls").getJsonObject(0).getString("local_number")).isEqualTo("hello");
    }

    @Test
    void pinGatekeeperPutsCallersWithTheSamePinInOneConference() throws Exception {
        try (RtpPeer a = RtpPeer.open(); RtpPeer b = RtpPeer.open(); RtpPeer c = RtpPeer.open();
             Sipp alice = caller("alice", "joinconf", "pins.acme.dialtone.local", a, 25_000, "");
             Sipp bob = caller("bob", "+15557770001", "127.0.0.1", b, 25_000, "2468#");
             Sipp carol = caller("carol", "joinconf", "pins.acme.dialtone.local", c, 25_000, "")) {
            alice.start(target());
            bob.start(target());
            carol.start(target());
            InetSocketAddress toAlice = nodeRtp(alice);
            InetSocketAddress toCarol = nodeRtp(carol);
            InetSocketAddress toBob = nodeRtp(bob);
            awaitPromptSpoken(a);
            awaitPromptSpoken(c);
            sendDigits(a, "2468#", toAlice);   // RFC 4733
            sendDigits(c, "1357#", toCarol);   // RFC 4733, another PIN
            // bob's digits went as SIP INFO
            awaitConference("conf_2468", 2);
            awaitConference("conf_1357", 1);
            // alice speaks alone, then bob alone: each must reach the other and nobody else
            a.clear();
            b.clear();
            c.clear();
            a.stream(RtpPeer.tone(1000, 8000, 1500), toAlice).get(10, TimeUnit.SECONDS);
            Thread.sleep(300);
            short[] atA = a.receivedAudio(PayloadFormat.PCMU);
            short[] atB = b.receivedAudio(PayloadFormat.PCMU);
            short[] atC = c.receivedAudio(PayloadFormat.PCMU);
            assertThat(GoertzelMeter.blockMax(atB, 1000)).as("alice's tone reaches bob").isGreaterThan(1000);
            assertThat(GoertzelMeter.blockMax(atC, 1000)).as("carol (another PIN) does not hear alice").isLessThan(300);
            assertThat(GoertzelMeter.blockMax(atA, 1000)).as("alice does not hear herself").isLessThan(300);
            a.clear();
            b.clear();
            c.clear();
            b.stream(RtpPeer.tone(1500, 8000, 1500), toBob).get(10, TimeUnit.SECONDS);
            Thread.sleep(300);
            atA = a.receivedAudio(PayloadFormat.PCMU);
            atC = c.receivedAudio(PayloadFormat.PCMU);
            assertThat(GoertzelMeter.blockMax(atA, 1500)).as("bob's tone reaches alice").isGreaterThan(1000);
            assertThat(GoertzelMeter.blockMax(atC, 1500)).as("carol does not hear bob").isLessThan(300);
            for (Sipp s : List.of(alice, bob, carol)) {
                Sipp.Result r = s.await(Duration.ofSeconds(40));
                assertThat(r.allSucceeded()).as(r.output()).isTrue();
            }
        }
        JsonObject page = new JsonObject(node.get(key, "/api/v1/calls?number=%2B15557770001").body());
        assertThat(page.getJsonArray("calls").getJsonObject(0).getString("client_type")).isEqualTo("pstn");
    }

    @Test
    void callPstnReachesTheCarrierWithDigestAndIsBridged() throws Exception {
        try (RtpPeer callerPeer = RtpPeer.open(); RtpPeer carrierPeer = RtpPeer.open();
             Sipp carrier = Sipp.in(dir.resolve("carrier")).scenario("/sipp/carrier_digest.xml",
                             Map.of("[rtp_port]", Integer.toString(carrierPeer.address().getPort())))
                     .args("-p", Integer.toString(carrierPort), "-m", "1", "-timeout", "60s", "-timeout_error").logging();
             Sipp caller = caller("dialer", "callout", "pins.acme.dialtone.local", callerPeer, 20_000, "")) {
            carrier.start(target());
            Thread.sleep(300);
            caller.start(target());
            InetSocketAddress toNode = nodeRtp(caller);
            awaitAuth(carrier);
            Thread.sleep(500);
            carrierPeer.clear();
            callerPeer.stream(RtpPeer.tone(1000, 8000, 1200), toNode).get(10, TimeUnit.SECONDS);
            Sipp.Result cr = carrier.await(Duration.ofSeconds(40));
            assertThat(cr.allSucceeded()).as(cr.output()).isTrue();
            Sipp.Result r = caller.await(Duration.ofSeconds(40));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            short[] atCarrier = carrierPeer.receivedAudio(PayloadFormat.PCMA);
            assertThat(GoertzelMeter.blockMax(atCarrier, 1000)).as("the caller's tone reaches the carrier").isGreaterThan(1000);
            String auth = carrier.logLines().stream().filter(l -> l.contains("AUTH ")).findFirst().orElseThrow();
            assertThat(auth).contains("username=\"trunkuser\"").doesNotContain("s3cret");
        }
        JsonObject page = new JsonObject(node.get(key, "/api/v1/calls?number=%2B15551234567").body());
        JsonObject out = page.getJsonArray("calls").getJsonObject(0);
        assertThat(out.getString("direction")).isEqualTo("outbound");
        assertThat(out.getLong("trunk_id")).isNotNull();
        assertThat(out.getString("answered_at")).isNotNull();
    }

    @Test
    void tortureMessagesLeaveTheNodeHealthy() throws Exception {
        Path sendPy = Rfc4475Kit.dir().resolve("send.py");
        assumeTrue(Files.isRegularFile(sendPy), "the RFC 4475 kit is not at " + sendPy.toAbsolutePath());
        long before = node.node().sip().malformedMessages();
        int liveBefore = node.node().sip().liveCalls();
        Process p = new ProcessBuilder("python3", sendPy.toString(), target(), "--bind", "127.0.0.92", "--timeout", "1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(out).contains("post-check OPTIONS -> 200");
        assertThat(node.node().sip().malformedMessages()).isGreaterThan(before);
        assertThat(node.get(null, "/api/v1/health").statusCode()).isEqualTo(200);
        assertThat(node.get(key, "/api/v1/calls").statusCode()).isEqualTo(200);
        assertThat(node.node().sip().liveCalls()).as("no torture INVITE left a call behind").isLessThanOrEqualTo(liveBefore);
    }

    /** Waits until the caller heard the gatekeeper's prompt and then 400 ms of quiet (digits go after it). */
    static void awaitPromptSpoken(RtpPeer peer) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            short[] heard = peer.receivedAudio(PayloadFormat.PCMU);
            if (heard.length > 16_000 && GoertzelMeter.rms(heard) > 200) {
                int tail = 3_200;
                short[] last = java.util.Arrays.copyOfRange(heard, heard.length - tail, heard.length);
                if (GoertzelMeter.rms(last) < 50) {
                    return;
                }
            }
            LockSupport.parkNanos(100_000_000);
        }
        throw new AssertionError("the prompt did not end within " + WAIT);
    }

    static void awaitAuth(Sipp carrier) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (carrier.logLines().stream().anyMatch(l -> l.contains("AUTH "))) {
                return;
            }
            LockSupport.parkNanos(20_000_000);
        }
        throw new AssertionError("the carrier saw no authenticated INVITE");
    }

    static void awaitConference(String name, int participants) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Integer> seen = new HashMap<>();
        while (System.nanoTime() < deadline) {
            SessionsService.Live live = node.node().services().sessions().live(acme.id());
            seen.clear();
            live.conferences().forEach(c -> seen.put(c.name(), c.participants()));
            if (seen.getOrDefault(name, 0) >= participants) {
                return;
            }
            LockSupport.parkNanos(50_000_000);
        }
        throw new AssertionError(name + " did not get " + participants + " participants: " + seen);
    }

    static JsonObject awaitFinishedCall(String number) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonArray calls = new JsonArray();
        while (System.nanoTime() < deadline) {
            calls = new JsonObject(node.get(key, "/api/v1/calls?number=" + number).body()).getJsonArray("calls");
            if (!calls.isEmpty() && calls.getJsonObject(0).getString("ended_at") != null) {
                return calls.getJsonObject(0);
            }
            LockSupport.parkNanos(50_000_000);
        }
        throw new AssertionError("no finished call to " + number + ": " + calls.encode());
    }
}
