package dev.dialtone.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.CallState;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.Scheduler;
import dev.dialtone.scenario.ConferenceDirectory;
import dev.dialtone.scenario.ScenarioEngine;
import dev.dialtone.scenario.ScenarioEngineConfig;
import dev.dialtone.scenario.ScenarioServices;
import dev.dialtone.scenario.ScenarioSource;
import dev.dialtone.scenario.SessionRequest;
import dev.dialtone.scenario.testing.CannedHttp;
import dev.dialtone.scenario.testing.FakeCallLeg;
import dev.dialtone.scenario.testing.RecordingMediaServices;
import dev.dialtone.scenario.testing.Timeline;

/**
 * {@code ./dialtone bench scenario}: the scenario engine through the real worker path with the
 * optimizing JIT: sessions per CPU-second (context, gatekeeper-like scenario for one fake call,
 * terminate), heap per idle session with 10,000 open, and event round-trip latency with 1,000 live
 * sessions. Runs Node's {@code vm} on the same kind of script for comparison when node is installed.
 */
public final class ScenarioBench {
    private static final String GATEKEEPER = """
            var pin = '';
            VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
              var call = e.call;
              call.addEventListener(CallEvents.Connected, function () {
                call.say('Please enter your PIN', Language.UK_ENGLISH_FEMALE);
                call.handleTones(true);
              });
              call.addEventListener(CallEvents.ToneReceived, function (t) {
                if (t.tone !== '#') { pin += t.tone; return; }
                Logger.write('pin length ' + pin.length);
                call.hangup();
              });
              call.addEventListener(CallEvents.Disconnected, function () { VoxEngine.terminate(); });
              call.addEventListener(CallEvents.MessageReceived, function (m) { call.sendMessage(m.text); });
              call.answer();
            });
            """;

    private ScenarioBench() {
    }

    public static void main(String[] args) throws Exception {
        Figures fig = new Figures("scenario");
        ScheduledExecutorService exec = Executors.newScheduledThreadPool(1);
        Scheduler scheduler = Scheduler.system(exec);
        Timeline timeline = new Timeline(System::nanoTime);
        RecordingMediaServices media = new RecordingMediaServices(scheduler, timeline);
        ScenarioEngineConfig config = ScenarioEngineConfig.defaults().toBuilder().warmWorkers(0).maxWorkers(2)
                .workerPrewarm(64).workerHeapMegabytes(6144).idleTimeout(Duration.ofMinutes(30))
                .alertingTimeout(Duration.ofMinutes(30)).build();
        try (ScenarioEngine engine = ScenarioEngine.create(config, new ScenarioServices(scheduler,
                c -> { throw new UnsupportedOperationException(); }, media,
                (a, app, d) -> java.util.concurrent.CompletableFuture.completedFuture(java.util.Optional.empty()),
                ConferenceDirectory.inMemory(), e -> { }, new CannedHttp(timeline)))) {
            SessionRequest request = new SessionRequest(new AccountId(1), new ApplicationId(1), 1,
                    List.of(new ScenarioSource("gatekeeper.js", "bench", GATEKEEPER)));

            runSessions(engine, request, timeline, media, 2_000, 16); // warm-up: JIT, pre-warmed contexts
            long worker = engine.workerPids().get(0);
            fig.add("runtime", engine.runtimeName() + " (" + (config.jvmciModulePath().isPresent() ? "Graal JIT on upgrade module path" : "no JIT jars") + ")");
            double cpu0 = cpuSeconds(worker) + selfCpuSeconds();
            long t0 = System.nanoTime();
            int n = runSessions(engine, request, timeline, media, 6_000, 16);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = cpuSeconds(worker) + selfCpuSeconds() - cpu0;
            fig.add("sessions/s (wall, 16 in flight)", n / wall, "sessions/s");
            fig.add("sessions per CPU-second (node+worker)", n / cpu, "sessions/s/core");

            // Event round trip with 1,000 live sessions.
            List<FakeCallLeg> live = openIdle(engine, request, timeline, media, 1_000);
            Histogram h = new Histogram(3);
            for (int i = 0; i < 3_000; i++) {
                FakeCallLeg c = live.get(ThreadLocalRandom.current().nextInt(live.size()));
                int before = c.messagesToCaller().size();
                long s = System.nanoTime();
                c.sendMessageFromCaller("m" + i);
                while (c.messagesToCaller().size() <= before) {
                    Thread.onSpinWait();
                }
                if (i >= 500) {
                    h.recordValue(System.nanoTime() - s);
                }
            }
            fig.addLatency("event round trip, 1,000 live sessions", h);

            // Heap per idle session: 10,000 open.
            long heapBefore = heapUsedAfterGc(worker);
            long rssBefore = rss(worker);
            live.addAll(openIdle(engine, request, timeline, media, 9_000));
            long heapAfter = heapUsedAfterGc(worker);
            long rssAfter = rss(worker);
            fig.add("heap per idle session (10,000 open)", (heapAfter - heapBefore) / 9_000.0 / 1024, "KiB");
            fig.add("RSS per idle session (10,000 open)", (rssAfter - rssBefore) / 9_000.0 / 1024, "KiB");
            fig.add("live sessions", String.valueOf(engine.liveSessions().size()));
            nodeVm().ifPresent(v -> fig.add("node vm contexts, same script (1 core)", v, "sessions/s"));
        } finally {
            exec.shutdownNow();
        }
        fig.print(System.out);
        System.exit(0);
    }

    private static int runSessions(ScenarioEngine engine, SessionRequest request, Timeline t, RecordingMediaServices m,
            int total, int inFlight) throws Exception {
        List<FakeCallLeg> active = new ArrayList<>();
        List<Integer> stage = new ArrayList<>();
        int started = 0;
        int done = 0;
        while (done < total) {
            while (active.size() < inFlight && started < total) {
                FakeCallLeg c = new FakeCallLeg(FakeCallLeg.inbound("joinconf", "bench", "", Map.of(), ClientType.PSTN), t, m);
                engine.startForInboundCall(request, c);
                active.add(c);
                stage.add(0);
                started++;
            }
            for (int i = active.size() - 1; i >= 0; i--) {
                FakeCallLeg c = active.get(i);
                if (stage.get(i) == 0 && c.tonesEnabled()) {
                    c.pressDigits("1234#");
                    stage.set(i, 1);
                } else if (c.state() == CallState.TERMINATED) {
                    active.remove(i);
                    stage.remove(i);
                    done++;
                }
            }
            Thread.onSpinWait();
        }
        while (engine.liveSessions().size() > 1_000_000) {
            Thread.sleep(1);
        }
        return done;
    }

    private static List<FakeCallLeg> openIdle(ScenarioEngine engine, SessionRequest request, Timeline t,
            RecordingMediaServices m, int count) throws Exception {
        List<FakeCallLeg> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FakeCallLeg c = new FakeCallLeg(FakeCallLeg.inbound("joinconf", "idle", "", Map.of(), ClientType.PSTN), t, m);
            engine.startForInboundCall(request, c);
            calls.add(c);
            if (i % 64 == 63) {
                waitConnected(calls);
            }
        }
        waitConnected(calls);
        return calls;
    }

    private static void waitConnected(List<FakeCallLeg> calls) throws InterruptedException {
        for (FakeCallLeg c : calls) {
            while (!c.tonesEnabled()) {
                Thread.sleep(0, 100_000);
            }
        }
    }

    private static double cpuSeconds(long pid) throws IOException {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll(".*\\) ", "").split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static double selfCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    /** Runs jcmd GC.run then reads "used" from GC.heap_info, in bytes. */
    private static long heapUsedAfterGc(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
        Process p = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : 0;
    }

    /** Node's vm module: a fresh context per session running the same kind of script, if node is installed. */
    private static java.util.Optional<Double> nodeVm() {
        String script = """
                const vm = require('vm');
                const src = `var pin=''; var log=[]; function on(t){ if(t!=='#'){pin+=t;return;} log.push('pin length '+pin.length); }
                ['1','2','3','4','#'].forEach(on); JSON.stringify(['say','Please enter your PIN']);`;
                const code = new vm.Script(src);
                function one(){ const ctx = vm.createContext({}); code.runInContext(ctx); }
                for (let i = 0; i < 2000; i++) one();
                const t0 = process.hrtime.bigint(); let n = 0;
                while (process.hrtime.bigint() - t0 < 5000000000n) { one(); n++; }
                console.log(n / 5);
                """;
        try {
            Path f = Files.createTempFile("vm-bench", ".js");
            Files.writeString(f, script);
            Process p = new ProcessBuilder("node", f.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(60, TimeUnit.SECONDS);
            Files.deleteIfExists(f);
            return java.util.Optional.of(Double.parseDouble(out));
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
