package dev.dialtone.scenario.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.Scheduler;
import dev.dialtone.core.SessionId;
import dev.dialtone.scenario.ConferenceDirectory;
import dev.dialtone.scenario.ConferenceRoutes;
import dev.dialtone.scenario.ScenarioEngine;
import dev.dialtone.scenario.ScenarioEngineConfig;
import dev.dialtone.scenario.ScenarioException;
import dev.dialtone.scenario.ScenarioServices;
import dev.dialtone.scenario.ScenarioSource;
import dev.dialtone.scenario.SessionLogEntry;
import dev.dialtone.scenario.SessionRequest;
import dev.dialtone.scenario.testing.Timeline.Kind;

/**
 * Hostile scripts against real sandbox workers on real time. Each runs in its own account while a
 * normal session (another account) echoes a message every 20 ms; the hostile session must be
 * stopped (or its attack refused) within twice its limit with a clear session-log line and its call
 * hung up, and the normal session must keep answering within 50 ms.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileScriptsIT {
    private static final Duration CPU = ScenarioEngineConfig.DEFAULT_CPU_PER_CALLBACK;
    private static final ApplicationId APP = new ApplicationId(1);

    private static ScheduledExecutorService executor;
    private static Timeline timeline;
    private static CannedHttp http;
    private static ScenarioEngine engine;
    private static final List<SessionLogEntry> LOG = new CopyOnWriteArrayList<>();
    private static RecordingMediaServices media;
    private static FakeCallLeg normal;
    private static Thread pinger;
    private static final List<Long> LATENCIES = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicLong ACCOUNTS = new AtomicLong(100);
    private static volatile boolean stop;

    @BeforeAll
    static void start() throws Exception {
        executor = Executors.newScheduledThreadPool(1);
        Scheduler scheduler = Scheduler.system(executor);
        timeline = new Timeline(System::nanoTime);
        media = new RecordingMediaServices(scheduler, timeline);
        http = new CannedHttp(timeline);
        http.respond("https://api.example.com/", 200, "ok");
        ConferenceRoutes noRoutes = (a, app, d) -> java.util.concurrent.CompletableFuture.completedFuture(java.util.Optional.empty());
        engine = ScenarioEngine.create(ScenarioEngineConfig.defaults().toBuilder().warmWorkers(1).maxWorkers(6)
                        .quarantineKills(2).build(),
                new ScenarioServices(scheduler, c -> { throw new UnsupportedOperationException(); }, media, noRoutes,
                        ConferenceDirectory.inMemory(), LOG::add, http));
        normal = newCall();
        engine.startForInboundCall(request(1000, "echo.js", "v1", """
                VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
                  e.call.answer();
                  e.call.addEventListener(CallEvents.MessageReceived, function (m) { e.call.sendMessage(m.text); });
                });"""), normal);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (normal.state() != dev.dialtone.core.CallState.CONNECTED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(normal.state()).isEqualTo(dev.dialtone.core.CallState.CONNECTED);
        // Warm the echo path before measuring.
        for (int i = 0; i < 50; i++) {
            ping(i);
        }
        LATENCIES.clear();
        pinger = new Thread(() -> {
            int n = 1000;
            while (!stop) {
                ping(n++);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "normal-session-pinger");
        pinger.setDaemon(true);
        pinger.start();
    }

    private static void ping(int n) {
        int before = normal.messagesToCaller().size();
        long t0 = System.nanoTime();
        normal.sendMessageFromCaller("ping " + n);
        long deadline = t0 + Duration.ofSeconds(5).toNanos();
        while (normal.messagesToCaller().size() <= before && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        LATENCIES.add(System.nanoTime() - t0);
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        stop = true;
        if (pinger != null) {
            pinger.join(2000);
        }
        if (engine != null) {
            engine.close();
        }
        executor.shutdownNow();
    }

    private static FakeCallLeg newCall() {
        return new FakeCallLeg(FakeCallLeg.inbound("hostile", "attacker", "", Map.of(), ClientType.PSTN), timeline, media);
    }

    private static SessionRequest request(long account, String name, String version, String code) {
        return new SessionRequest(new AccountId(account), APP, 1, List.of(new ScenarioSource(name, version, code)));
    }

    /** Wraps an attack so that it runs when the call arrives, after the call was answered. */
    private static String onCall(String attack) {
        return "VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {\n e.call.answer();\n" + attack + "\n});";
    }

    static Stream<Arguments> stoppedAttacks() {
        return Stream.of(
                Arguments.of("busy loop", onCall("while (true) {}"), "CPU limit"),
                Arguments.of("busy loop with work", onCall("var x = 0; for (;;) { x += Math.random(); }"), "CPU limit"),
                Arguments.of("recursion caught in try/catch", onCall("function f(){try{return f()}catch(e){return f()}} f();"), "CPU limit"),
                Arguments.of("plain unbounded recursion", onCall("function f(){ return f() + 1; } f();"), "(uncaught error: RangeError|CPU limit)"),
                Arguments.of("recursion caught once then a loop", onCall("function f(){ f(); } try { f(); } catch (err) { while (true) {} }"), "CPU limit"),
                Arguments.of("busy loop in a timer", onCall("setTimeout(function () { while (true) {} }, 10);"), "CPU limit"),
                Arguments.of("busy loop in a promise job", onCall("Promise.resolve().then(function () { while (true) {} });"), "CPU limit"),
                Arguments.of("microtask storm", onCall("function m(){ Promise.resolve().then(m); } m();"), "(CPU limit|heap limit)"),
                Arguments.of("await loop", onCall("(async function(){ for (;;) { await null; } })();"), "(CPU limit|heap limit)"),
                Arguments.of("catastrophic regex with backreference", onCall("var s = 'a'.repeat(5000) + '!'; for (;;) { /^(a+)+\\1$/.test(s); }"), "CPU limit"),
                Arguments.of("giant JSON.parse", onCall("var s = '[' + '1,'.repeat(4000000) + '1]'; for (;;) { JSON.parse(s); }"), "(CPU limit|heap limit)"),
                Arguments.of("heap bomb", onCall("var a = []; for (;;) { a.push(new Array(100000).fill(1.5)); }"), "(heap limit|CPU limit|worker|uncaught error)"),
                Arguments.of("string doubling", onCall("var s = 'x'; for (;;) { s = s + s; s.charCodeAt(s.length - 1); }"), "(heap limit|CPU limit|worker|uncaught error)"),
                Arguments.of("huge array", onCall("var a = new Array(200000000).fill(0);"), "(heap limit|RangeError|CPU limit)"),
                Arguments.of("map growth", onCall("var m = new Map(); for (var i = 0;; i++) { m.set(i, {i: i, s: 'v' + i}); }"), "(heap limit|CPU limit)"),
                Arguments.of("retained heap across callbacks", onCall("var keep = []; setInterval(function () { keep.push(new Array(2000000).fill(1.5)); }, 10);"), "(heap limit|worker)"),
                Arguments.of("timer storm", onCall("for (var i = 0; i < 1000; i++) { setTimeout(function () {}, 100000); }"), "more than 100 live timers"),
                Arguments.of("interval log storm", onCall("for (var i = 0; i < 60; i++) { setInterval(function () { Logger.write('x'); }, 0); }"), "API calls in one second"),
                Arguments.of("Logger.write flood", onCall("for (;;) { Logger.write('flood'); }"), "more than 5000 API calls"),
                Arguments.of("log size flood", onCall("var big = 'y'.repeat(100000); setInterval(function () { Logger.write(big); }, 10);"), "session log passed its limit"),
                Arguments.of("sendMessage flood", onCall("for (;;) { e.call.sendMessage('spam'); }"), "more than 5000 API calls"),
                Arguments.of("throwing a number", onCall("throw 42;"), "uncaught error: .*42"),
                Arguments.of("throwing null", onCall("throw null;"), "uncaught error"),
                Arguments.of("throwing an object whose toString loops", onCall("throw { toString: function () { while (true) {} } };"), "(uncaught error|CPU limit)"),
                Arguments.of("reaching Java.type", onCall("Java.type('java.lang.System').exit(0);"), "uncaught error: ReferenceError: Java is not defined"),
                Arguments.of("reaching Polyglot", onCall("Polyglot.eval('js', '1');"), "uncaught error: ReferenceError: Polyglot is not defined"),
                Arguments.of("reading a file with load", onCall("load('/etc/passwd');"), "uncaught error: ReferenceError: load is not defined"),
                Arguments.of("require of a node module", onCall("require('fs').readFileSync('/etc/passwd');"), "uncaught error: Error: Unknown module: fs"),
                Arguments.of("global through the Function constructor", onCall("var g = Function('return this')(); g.Java.type('java.io.File');"), "uncaught error: TypeError"),
                Arguments.of("Packages globals", onCall("Packages.java.lang.Runtime.getRuntime().exec('id');"), "uncaught error: ReferenceError: Packages is not defined"),
                Arguments.of("deeply nested source", "var x = " + "[".repeat(200000) + "]".repeat(200000) + ";", "uncaught error"));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("stoppedAttacks")
    void attackIsStoppedWithinTwiceItsLimitAndNobodyElseNotices(String name, String code, String expectedLine) throws Exception {
        FakeCallLeg call = newCall();
        int pingsBefore = LATENCIES.size();
        long t0 = System.nanoTime();
        SessionId id = engine.startForInboundCall(request(ACCOUNTS.incrementAndGet(), "hostile.js", name, code), call)
                .toCompletableFuture().get();
        AtomicReference<Long> answeredAt = new AtomicReference<>();
        long deadline = t0 + Duration.ofSeconds(30).toNanos();
        while (!ended(id) && System.nanoTime() < deadline) {
            if (answeredAt.get() == null && call.state() != dev.dialtone.core.CallState.ALERTING) {
                answeredAt.set(System.nanoTime());
            }
            Thread.sleep(2);
        }
        long end = System.nanoTime();
        assertThat(ended(id)).as("session of '%s' ended", name).isTrue();
        long start = answeredAt.get() != null ? answeredAt.get() : t0;
        if (code.startsWith("VoxEngine")) {
            assertThat(Duration.ofNanos(end - start)).as("'%s' contained within twice the CPU limit", name)
                    .isLessThanOrEqualTo(CPU.multipliedBy(2));
        }
        List<String> lines = LOG.stream().filter(e -> e.session().equals(id)).map(SessionLogEntry::text).toList();
        assertThat(lines).as("session log of '%s'", name).anyMatch(l -> l.matches("(?s)stopped.*" + expectedLine + ".*"));
        assertThat(call.state().isTerminal()).as("call of '%s' hung up", name).isTrue();
        assertNormalSessionResponsive(name, pingsBefore);
    }

    private static boolean ended(SessionId id) {
        return LOG.stream().anyMatch(e -> e.session().equals(id) && e.text().equals("session terminated"));
    }

    private static void assertNormalSessionResponsive(String name, int from) {
        List<Long> l;
        synchronized (LATENCIES) {
            l = new ArrayList<>(LATENCIES.subList(Math.min(from, LATENCIES.size()), LATENCIES.size()));
        }
        assertThat(normal.state()).isEqualTo(dev.dialtone.core.CallState.CONNECTED);
        if (l.isEmpty()) {
            return;
        }
        Collections.sort(l);
        long p99 = l.get((int) Math.min(l.size() - 1, Math.ceil(l.size() * 0.99) - 1));
        System.out.printf("%-45s normal session echo: n=%d p99=%.1f ms max=%.1f ms%n", name, l.size(), p99 / 1e6, l.get(l.size() - 1) / 1e6);
        // On an overloaded machine (this suite is often run on 2 shared cores) the echo measures the
        // machine, not the sandbox; the 50 ms bound is asserted only when the load leaves room for it.
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores >= 4 && load < cores - 1) {
            assertThat(Duration.ofNanos(p99)).as("normal session's echo p99 while '%s' ran", name).isLessThanOrEqualTo(Duration.ofMillis(50));
        } else {
            System.out.printf("  latency bound NOT asserted: %d cores, load average %.1f%n", cores, load);
        }
    }

    @Order(2)
    @Test
    void prototypeTamperingStaysInItsOwnContext() throws Exception {
        long account = ACCOUNTS.incrementAndGet();
        FakeCallLeg a = newCall();
        SessionId ida = engine.startForInboundCall(request(account, "tamper.js", "v1", onCall("""
                Object.prototype.polluted = 1; Array.prototype.push = function () { throw new Error('hijacked'); };
                JSON.parse = null; String.prototype.toString = function () { return 'evil'; };
                VoxEngine.callPSTN = function () { throw new Error('hijacked'); };
                Logger.write('tampered');""")), a).toCompletableFuture().get();
        waitFor(() -> LOG.stream().anyMatch(e -> e.session().equals(ida) && e.text().equals("tampered")));
        FakeCallLeg b = newCall();
        SessionId idb = engine.startForInboundCall(request(account, "victim.js", "v1", onCall("""
                var arr = []; arr.push(1);
                Logger.write(({}).polluted === undefined && arr.length === 1 && JSON.parse('[1]')[0] === 1
                    && typeof VoxEngine.callPSTN === 'function' && VoxEngine.callPSTN.toString().indexOf('hijacked') < 0 ? 'clean' : 'polluted');""")),
                b).toCompletableFuture().get();
        waitFor(() -> LOG.stream().anyMatch(e -> e.session().equals(idb) && (e.text().equals("clean") || e.text().equals("polluted"))));
        assertThat(LOG.stream().filter(e -> e.session().equals(idb)).map(SessionLogEntry::text)).contains("clean");
        a.hangupFromCaller();
        b.hangupFromCaller();
    }

    @Order(3)
    @Test
    void thirtySixthHttpRequestIsRefusedAndPrivateAddressesNeverLeaveTheNode() throws Exception {
        FakeCallLeg call = newCall();
        int before = timeline.of(Kind.HTTP_REQUEST).size();
        SessionId id = engine.startForInboundCall(request(ACCOUNTS.incrementAndGet(), "http.js", "v1", onCall("""
                var done = 0, codes = {};
                function count(r) { codes[r.code] = (codes[r.code] || 0) + 1; if (++done === 43) { Logger.write(JSON.stringify(codes)); } }
                ['http://127.0.0.1/', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://192.168.1.1/',
                 'http://[::1]/', 'http://localhost:8080/', 'http://2130706433/'].forEach(function (u) { Net.httpRequest(u, count); });
                for (var i = 0; i < 36; i++) { Net.httpRequest('https://api.example.com/item/' + i, count); }""")),
                call).toCompletableFuture().get();
        waitFor(() -> LOG.stream().anyMatch(e -> e.session().equals(id) && e.text().startsWith("{")));
        List<String> lines = LOG.stream().filter(e -> e.session().equals(id)).map(SessionLogEntry::text).toList();
        // 7 private targets refused + the 36th refused (code 0); 28 public ones answered (35 allowed minus 7 spent).
        assertThat(lines).contains("{\"0\":15,\"200\":28}");
        assertThat(lines).anyMatch(l -> l.contains("127.0.0.1 refused: 127.0.0.1 is a loopback address"));
        assertThat(lines).anyMatch(l -> l.contains("169.254.169.254 refused: 169.254.169.254 is a link-local address"));
        assertThat(lines).anyMatch(l -> l.startsWith("HTTP request refused: a session may make 35 requests"));
        assertThat(timeline.of(Kind.HTTP_REQUEST).size() - before).isEqualTo(28);
        assertThat(timeline.details(Kind.HTTP_REQUEST)).noneMatch(u -> u.contains("127.0.0.1") || u.contains("169.254"));
        call.hangupFromCaller();
    }

    @Order(4)
    @Test
    void aScenarioVersionThatKeepsKillingWorkersIsQuarantined() throws Exception {
        // "recursion caught in try/catch" already killed one worker with version of the same name; kill another.
        String evil = onCall("function f(){try{return f()}catch(e){return f()}} f();");
        FakeCallLeg call = newCall();
        SessionId id = engine.startForInboundCall(request(ACCOUNTS.incrementAndGet(), "hostile.js", "recursion caught in try/catch", evil), call)
                .toCompletableFuture().get();
        waitFor(() -> ended(id));
        assertThatThrownBy(() -> engine.startForInboundCall(
                request(ACCOUNTS.incrementAndGet(), "hostile.js", "recursion caught in try/catch", evil), newCall()))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("quarantined");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 30 s; log: " + LOG);
            }
            Thread.sleep(5);
        }
    }
}
