package dev.dialtone.scenario.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;

import dev.dialtone.scenario.internal.wire.Frame;
import dev.dialtone.scenario.internal.wire.Frame.Outcome;

/**
 * The JavaScript half of the VoxEngine API in a real sandboxed GraalJS context (in this JVM, on the
 * interpreter: the scripts here are the test's own): global names, event name strings, old and new
 * call forms, and the commands each call sends to the node.
 */
class ApiSurfaceTest {
    private static final long NOW = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static Sandbox sandbox;
    private static Sandbox realClockSandbox;
    private final List<Frame> frames = new ArrayList<>();
    private int handles;

    @BeforeAll
    static void createSandboxes() {
        sandbox = new Sandbox(settings(true));
        realClockSandbox = new Sandbox(settings(false));
    }

    @AfterAll
    static void closeSandboxes() {
        sandbox.close();
        realClockSandbox.close();
    }

    private static WorkerSettings settings(boolean nodeClock) {
        return new WorkerSettings(1000, 300, 100, 10, 128L << 20, 16L << 20, 5000, 1L << 20, 1, 0, false, nodeClock);
    }

    /** Opens a session with {@code code} and returns it; the frames it sent are in {@link #frames}. */
    private SandboxSession open(Sandbox box, String code) {
        SandboxSession s = new SandboxSession(++handles, box, frames::add, settings(box == sandbox));
        s.addSource("test.js", code);
        s.open(NOW);
        return s;
    }

    /** Commands sent since the last call, as JSON arrays; checks that the callback ended as expected. */
    private List<JsonArray> commands(Outcome expected) {
        List<JsonArray> out = new ArrayList<>();
        Frame done = null;
        for (Frame f : frames) {
            if (f.type() == Frame.Type.COMMAND) {
                // One frame per callback: the batch of its calls, sent before its DONE.
                assertThat(done).as("calls arrive before DONE").isNull();
                new JsonArray(f.s1()).forEach(call -> out.add((JsonArray) call));
            } else if (f.type() == Frame.Type.DONE) {
                done = f;
            }
        }
        assertThat(done).as("DONE frame").isNotNull();
        assertThat(Outcome.of(done.a())).as("outcome (error: %s)", done.s1()).isEqualTo(expected);
        frames.clear();
        return out;
    }

    private List<String> logs(Outcome expected) {
        return commands(expected).stream().filter(c -> c.getString(0).equals("log")).map(c -> c.getString(1)).toList();
    }

    private static String alerting(String callId) {
        return "{\"t\":\"alerting\",\"sessionId\":\"s\",\"call\":{\"id\":\"" + callId + "\",\"callerid\":\"alice\",\"displayName\":\"Alice\","
                + "\"number\":\"joinconf\",\"incoming\":true,\"clientType\":\"web\",\"headers\":{\"X-Conference-Id\":\"42\"},\"state\":\"ALERTING\"}}";
    }

    private static String callEvent(String callId, String event, String fields) {
        return "{\"t\":\"call\",\"id\":\"" + callId + "\",\"event\":\"" + event + "\",\"state\":\"CONNECTED\",\"fields\":" + fields + "}";
    }

    @Test
    void exposesTheVoxEngineGlobalsAndNothingOfTheHost() {
        open(sandbox, """
                var names = ['VoxEngine', 'AppEvents', 'CallEvents', 'ConferenceEvents', 'PlayerEvents', 'RecorderEvents',
                  'Modules', 'Language', 'VoiceList', 'Logger', 'Net', 'Call', 'Conference', 'Player', 'setTimeout',
                  'setInterval', 'clearTimeout', 'clearInterval', 'require', 'console'];
                Logger.write(names.filter(function (n) { return typeof globalThis[n] === 'undefined'; }).join(',') || 'all present');
                var host = ['Java', 'Polyglot', 'Packages', 'java', 'javax', 'load', 'loadWithNewGlobal', 'print', 'printErr',
                  'quit', 'exit', 'read', 'readline', 'Graal'];
                Logger.write(host.filter(function (n) { return typeof globalThis[n] !== 'undefined'; }).join(',') || 'none present');
                Logger.write(['answer', 'hangup', 'reject', 'decline', 'ring', 'startEarlyMedia', 'say', 'startPlayback',
                  'stopPlayback', 'record', 'handleTones', 'sendDigits', 'sendMessage', 'sendInfo', 'sendMediaTo', 'stopMediaTo',
                  'id', 'callerid', 'displayName', 'number', 'incoming', 'state', 'customData', 'clientType', 'addEventListener',
                  'removeEventListener'].filter(function (m) { return typeof Call.prototype[m] !== 'function'; }).join(',') || 'call complete');
                Logger.write(['addEventListener', 'removeEventListener', 'customData', 'terminate', 'callConference',
                  'createConference', 'sendMediaBetween', 'stopMediaBetween', 'callPSTN', 'callSIP', 'callUser',
                  'forwardCallToUserDirect', 'easyProcess'].filter(function (m) { return typeof VoxEngine[m] !== 'function'; }).join(',') || 'voxengine complete');
                """);
        assertThat(logs(Outcome.OK)).containsExactly("all present", "none present", "call complete", "voxengine complete");
    }

    @Test
    void preparingAScenarioParsesItWithoutRunningIt() {
        // Run in the bare context prepare() uses, this would fail: Logger is only installed for sessions.
        String code = "Logger.write('ran ' + (typeof prepared));\nvar prepared = 1;";
        assertThat(sandbox.prepare("test.js", code)).isTrue();
        assertThat(sandbox.prepare("broken.js", "var ok = 1;\nfunction (")).isFalse();
        assertThat(frames).isEmpty();
        // The session that then runs it gets the same Source (its parsed code) and runs it once.
        assertThat(sandbox.source("test.js", code)).isSameAs(sandbox.source("test.js", code));
        open(sandbox, code);
        assertThat(logs(Outcome.OK)).containsExactly("ran undefined");
    }

    @Test
    void aCallbacksCommandsAndItsDoneAreSentAsOnePair() {
        List<List<Frame.Type>> sends = new ArrayList<>();
        FrameSink sink = new FrameSink() {
            @Override
            public void send(Frame frame) {
                sends.add(List.of(frame.type()));
            }

            @Override
            public void send(Frame first, Frame second) {
                sends.add(List.of(first.type(), second.type()));
            }
        };
        SandboxSession s = new SandboxSession(++handles, sandbox, sink, settings(true));
        s.addSource("test.js", "Logger.write('top level');");
        s.open(NOW);
        assertThat(sends).as("the outbox writes both with one write").containsExactly(List.of(Frame.Type.COMMAND, Frame.Type.DONE));
        s.close();
    }

    @Test
    void eventNamesAreTheOriginalStrings() {
        open(sandbox, """
                Logger.write([AppEvents.Started, AppEvents.CallAlerting, AppEvents.HttpRequest, AppEvents.Terminating,
                  AppEvents.Terminated].join(' '));
                Logger.write([CallEvents.Connected, CallEvents.Disconnected, CallEvents.Failed, CallEvents.Ringing,
                  CallEvents.ToneReceived, CallEvents.MessageReceived, CallEvents.PlaybackFinished, CallEvents.RecordStarted,
                  CallEvents.FirstAudioPacketReceived].join(' '));
                Logger.write([ConferenceEvents.Started, ConferenceEvents.Stopped, ConferenceEvents.EndpointAdded,
                  ConferenceEvents.EndpointRemoved].join(' '));
                Logger.write(Modules.Conference + ' ' + typeof Language.UK_ENGLISH_FEMALE + ' ' + (VoiceList === Language));
                """);
        assertThat(logs(Outcome.OK)).containsExactly(
                "Application.Started Application.CallAlerting Application.HttpRequest Application.Terminating Application.Terminated",
                "Call.Connected Call.Disconnected Call.Failed Call.Ringing Call.ToneReceived Call.MessageReceived"
                        + " Call.PlaybackFinished Call.RecordStarted Call.FirstAudioPacketReceived",
                "Conference.Started Conference.Stopped Conference.EndpointAdded Conference.EndpointRemoved",
                "conference string true");
    }

    @Test
    void oldAndNewCallFormsSendTheSameCommands() {
        SandboxSession s = open(sandbox, """
                VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
                  var c = e.call;
                  Logger.write(e.name + ' ' + e.callerid + ' ' + e.destination + ' ' + e.displayName + ' ' + e.headers['X-Conference-Id']
                    + ' ' + c.id() + ' ' + c.incoming() + ' ' + c.state());
                  c.answer({ 'X-A': 1 });
                  c.say('old', Language.UK_ENGLISH_FEMALE);
                  c.say('new', { language: Language.UK_ENGLISH_FEMALE });
                  c.startPlayback('https://x/a.wav', true);
                  c.startPlayback('https://x/b.wav', { loop: true });
                  c.reject(486);
                  c.decline();
                  VoxEngine.callSIP('sip:bob@example.com', 'alice', 'Alice');
                  VoxEngine.callSIP('sip:bob@example.com', { callerid: 'alice', displayName: 'Alice' });
                  VoxEngine.callUser('bob', 'alice', 'Alice', { 'X-B': 'x' });
                  VoxEngine.callUser({ username: 'bob', callerid: 'alice', displayName: 'Alice', extraHeaders: { 'X-B': 'x' } });
                });""");
        commands(Outcome.OK);
        s.dispatch(alerting("c1"), NOW);
        List<JsonArray> c = commands(Outcome.OK);
        assertThat(c.get(0).getString(1)).isEqualTo("Application.CallAlerting alice joinconf Alice 42 c1 true ALERTING");
        assertThat(c.get(1).encode()).isEqualTo("[\"answer\",\"c1\",{\"X-A\":\"1\"}]");
        assertThat(c.get(2).encode()).isEqualTo("[\"say\",\"c1\",\"old\",\"UK_ENGLISH_FEMALE\"]");
        assertThat(c.get(3).encode()).isEqualTo("[\"say\",\"c1\",\"new\",\"UK_ENGLISH_FEMALE\"]");
        assertThat(c.get(4).encode()).isEqualTo("[\"play\",\"c1\",\"https://x/a.wav\",true]");
        assertThat(c.get(5).encode()).isEqualTo("[\"play\",\"c1\",\"https://x/b.wav\",true]");
        assertThat(c.get(6).encode()).isEqualTo("[\"reject\",\"c1\",486,{}]");
        assertThat(c.get(7).encode()).isEqualTo("[\"reject\",\"c1\",603,{}]");
        assertThat(c.subList(8, 10)).allSatisfy(a -> assertThat(a.encode()).matches(
                "\\[\"call\",\"out-[^\"]+\",\"sip\",\"sip:bob@example.com\",\"alice\",\"Alice\",\\{}]"));
        assertThat(c.subList(10, 12)).allSatisfy(a -> assertThat(a.encode()).matches(
                "\\[\"call\",\"out-[^\"]+\",\"user\",\"bob\",\"alice\",\"Alice\",\\{\"X-B\":\"x\"}]"));
    }

    @Test
    void callEventsReachTheirListenersWithNameAndCall() {
        SandboxSession s = open(sandbox, """
                VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
                  e.call.addEventListener(CallEvents.ToneReceived, function (t) {
                    Logger.write(t.name + ' ' + t.tone + ' ' + (t.call === e.call));
                  });
                  e.call.addEventListener(CallEvents.MessageReceived, function (m) { e.call.sendMessage('echo ' + m.text); });
                });""");
        commands(Outcome.OK);
        s.dispatch(alerting("c1"), NOW);
        commands(Outcome.OK);
        s.dispatch(callEvent("c1", "ToneReceived", "{\"tone\":\"#\"}"), NOW);
        assertThat(logs(Outcome.OK)).containsExactly("Call.ToneReceived # true");
        s.dispatch(callEvent("c1", "MessageReceived", "{\"text\":\"hi\",\"headers\":{}}"), NOW);
        assertThat(commands(Outcome.OK)).extracting(JsonArray::encode).containsExactly("[\"sendMessage\",\"c1\",\"echo hi\"]");
    }

    @Test
    void anUncaughtErrorEndsTheCallbackWithItsLocation() {
        SandboxSession s = open(sandbox, "VoxEngine.addEventListener(AppEvents.Started, function () {\n  null.boom;\n});");
        commands(Outcome.OK);
        s.dispatch("{\"t\":\"started\",\"sessionId\":\"s\",\"applicationId\":1,\"accessURL\":\"u\",\"customData\":null}", NOW);
        Frame done = frames.stream().filter(f -> f.type() == Frame.Type.DONE).findFirst().orElseThrow();
        assertThat(Outcome.of(done.a())).isEqualTo(Outcome.SCRIPT_ERROR);
        assertThat(done.s1()).startsWith("TypeError").endsWith("(test.js:2:3)");
    }

    @Test
    void requireOfAnUnknownModuleFailsAtLoadTime() {
        open(sandbox, "require(Modules.Conference); require('fs');");
        Frame done = frames.stream().filter(f -> f.type() == Frame.Type.DONE).findFirst().orElseThrow();
        assertThat(Outcome.of(done.a())).isEqualTo(Outcome.SCRIPT_ERROR);
        assertThat(done.s1()).contains("Unknown module: fs");
    }

    @Test
    void withTheNodeClockDateShowsTheTimeTheNodeSent() {
        SandboxSession s = open(sandbox, """
                Logger.write(Date.now() + ' ' + new Date().getTime() + ' ' + new Date().toISOString());
                VoxEngine.addEventListener(AppEvents.Started, function () {
                  Logger.write(Date.now() + ' ' + (new Date() instanceof Date) + ' ' + new Date(2020, 0, 2).getFullYear()
                    + ' ' + Date.UTC(2020, 0, 1) + ' ' + (typeof Date()) + ' ' + (new Date().constructor === Date));
                });""");
        assertThat(logs(Outcome.OK)).containsExactly(NOW + " " + NOW + " 2026-01-01T00:00:00.000Z");
        s.dispatch("{\"t\":\"started\",\"sessionId\":\"s\",\"applicationId\":1,\"accessURL\":\"u\",\"customData\":null}", NOW + 60_000);
        assertThat(logs(Outcome.OK)).containsExactly((NOW + 60_000) + " true 2020 1577836800000 string true");
    }

    @Test
    void withoutItDateIsTheRealClock() {
        long before = System.currentTimeMillis();
        open(realClockSandbox, "Logger.write(String(Date.now()));");
        long seen = Long.parseLong(logs(Outcome.OK).get(0));
        assertThat(seen).isBetween(before - 1000, System.currentTimeMillis() + 1000);
    }
}
