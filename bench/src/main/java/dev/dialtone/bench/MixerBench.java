package dev.dialtone.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.dialtone.core.Conference;
import dev.dialtone.core.Scheduler;
import dev.dialtone.media.EndpointListener;
import dev.dialtone.media.MediaConfig;
import dev.dialtone.media.MediaEngine;
import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.PortRange;
import dev.dialtone.media.RtpEndpoint;
import dev.dialtone.media.RtpParameters;

/**
 * {@code ./dialtone bench mixer}: conferences of 5 over real G.711 RTP on loopback. The mixer runs
 * here (with {@code --threads} mixer threads, 1 by default: a per-core figure); the phones run in a
 * separate JVM ({@link MixerLoadGenerator}) so their CPU is not counted. For each load level it
 * reports the mixer process's CPU, tick lateness and what the phones received, and whether the level
 * passes: tick lateness p99 &lt;= 2 ms, every phone receives 50 packets/s, inter-arrival deviation p99
 * &lt;= 2 ms, no late packet. When {@code dumpcap} can capture on lo, the deviation and late packets are
 * judged on the wire ({@link WireCapture}, the first and last 50 phones); the phones' own readings are
 * printed beside them.
 *
 * <p>Options: {@code --levels 100,500,1000,...} (stops after the first failing level above 1000),
 * {@code --warmup 4} and {@code --seconds 10} per level, {@code --threads 1}, {@code --size 5}, {@code --nice -5}, {@code --realtime 10} (0: no real-time scheduling).
 */
public final class MixerBench {
    private MixerBench() {
    }

    /**
     * One load level. {@code cpuCores}: CPU the whole mixer process used, in cores; {@code ticksRun}:
     * mixer ticks actually run (fewer than 50/s per thread when a starved thread skipped ahead);
     * {@code canary}: p50/p99/max lateness of a plain thread sleeping to 20 ms deadlines in the same
     * process at the same time, the machine's own noise floor.
     */
    private record Level(int participants, double cpuCores, double seconds, int threads,
                         MediaEngine.TickLateness ticks, long[] canary, Map<String, String> phones,
                         java.util.Optional<WireCapture.Result> wire) {
        /** CPU per participant per tick actually run, in microseconds. */
        double microsPerParticipantTick() {
            return cpuCores * seconds * 1e6 / Math.max(1, ticks.ticks()) / participants * threads;
        }

        /** Cores the mixer would need for this load at the full 50 ticks/s. */
        double coresAtFullRate() {
            return microsPerParticipantTick() * participants * 50 / 1e6;
        }

        /**
         * Tick lateness, and every phone's packet rate, from the mixer and the phones' process; the
         * output jitter (inter-arrival deviation, late packets) from the wire when it was captured, as
         * the phones' process's own readings also carry its scheduling delays on this shared machine.
         */
        boolean passes() {
            double minRate = Double.parseDouble(phones.getOrDefault("minRate", "0"));
            long devP99 = wire.map(w -> w.deviationMicros().getValueAtPercentile(99))
                    .orElse(Long.parseLong(phones.getOrDefault("devP99Us", "999999")));
            long late = wire.map(WireCapture.Result::late).orElse(Long.parseLong(phones.getOrDefault("late", "1")));
            return ticks.p99().toNanos() <= 2_000_000 && minRate >= 49.0 && devP99 <= 2_000 && late == 0
                    && wire.map(w -> w.packets() > 0).orElse(true);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int[] levels = java.util.Arrays.stream(opts.getOrDefault("levels", "100,500,1000,1500,2000,2500,3000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "4"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "10"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "1"));
        int size = Integer.parseInt(opts.getOrDefault("size", "5"));
        int nice = Integer.parseInt(opts.getOrDefault("nice", Integer.toString(MediaConfig.DEFAULT_MIXER_NICE)));
        int realtime = Integer.parseInt(opts.getOrDefault("realtime", Integer.toString(MediaConfig.DEFAULT_MIXER_REALTIME_PRIORITY)));

        Figures figures = new Figures("mixer: conferences of " + size + ", G.711 RTP over loopback, " + threads
                + " mixer thread(s) at nice " + nice + (realtime > 0 ? ", real-time priority " + realtime + " within budget" : "")
                + ", phones in a separate JVM");
        figures.add("started", Instant.now().toString());
        figures.add("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList().toString());
        Level best = null;
        Level cheapest = null;
        for (int n : levels) {
            Level level = run(n, size, threads, nice, realtime, warmup, seconds);
            if (cheapest == null || level.microsPerParticipantTick() < cheapest.microsPerParticipantTick()) {
                cheapest = level;
            }
            String row = String.format(Locale.ROOT,
                    "cpu %.1f%% of a core, %.2f µs per participant-tick (%.3f%% of a core per participant at 50 ticks/s); "
                            + "tick lateness p50 %.2f ms p99 %.2f ms max %.2f ms, skipped %d; canary p50 %.2f p99 %.2f max %.2f ms; "
                            + "phones: min %s pkt/s, inter-arrival dev p50 %s µs p99 %s µs max %s µs, late %s -> %s",
                    100 * level.cpuCores(), level.microsPerParticipantTick(), 100 * level.coresAtFullRate() / n,
                    ms(level.ticks().p50()), ms(level.ticks().p99()), ms(level.ticks().max()), level.ticks().skipped(),
                    level.canary()[0] / 1e6, level.canary()[1] / 1e6, level.canary()[2] / 1e6,
                    level.phones().get("minRate"), level.phones().get("devP50Us"), level.phones().get("devP99Us"),
                    level.phones().get("devMaxUs"), level.phones().get("late"), level.passes() ? "PASS" : "FAIL");
            figures.add(n + " participants", row);
            System.err.println(n + " participants: " + row);
            String wire = level.wire().map(WireCapture.Result::describe)
                    .orElse("not captured (dumpcap missing or not allowed to capture); judged on the phones' own readings");
            figures.add(n + " participants, on the wire", wire);
            System.err.println(n + " participants, on the wire (pcap of the first and last 50 phones): " + wire);
            if (level.passes()) {
                best = level;
            } else if (n >= 1_000) {
                break;
            }
        }
        if (best != null) {
            figures.add("largest passing load", best.participants() + " participants on " + threads + " mixer thread(s)");
            figures.add("participants per core (at that load)", String.format(Locale.ROOT, "%.0f (= participants / CPU cores used by the mixer process)",
                    best.participants() / Math.max(best.cpuCores(), 1e-9)));
        } else {
            figures.add("largest passing load", "none (compare tick lateness with the canary: the machine's own noise)");
        }
        if (cheapest != null) {
            figures.add("capacity from CPU cost", String.format(Locale.ROOT,
                    "%.0f participants per core (%.2f µs per participant-tick at %d participants; timing not checked)",
                    1e6 / 50 / cheapest.microsPerParticipantTick(), cheapest.microsPerParticipantTick(),
                    cheapest.participants()));
        }
        figures.add("finished", Instant.now().toString() + ", load average now "
                + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        figures.print(System.out);
    }

    /** Sleeps to 20 ms deadlines for {@code seconds} on this thread; returns lateness p50, p99, max (ns). */
    private static long[] canary(int seconds) {
        int n = seconds * 50;
        long[] late = new long[n];
        long start = System.nanoTime() + 10_000_000L; // half a tick away from the mixer's ticks
        for (int i = 0; i < n; i++) {
            long due = start + i * 20_000_000L;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            late[i] = System.nanoTime() - due;
        }
        java.util.Arrays.sort(late);
        return new long[] {late[n / 2], late[(int) Math.ceil(n * 0.99) - 1], late[n - 1]};
    }

    private static double ms(java.time.Duration d) {
        return d.toNanos() / 1e6;
    }

    private static Level run(int participants, int size, int threads, int nice, int realtime, int warmup, int seconds)
            throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        Path data = Files.createTempDirectory("mixer-bench");
        MediaConfig config = MediaConfig.builder()
                .rtpPorts(PortRange.EPHEMERAL)
                .rtpBindAddress(InetAddress.getLoopbackAddress())
                .mixerThreads(threads)
                .mixerNice(nice)
                .mixerRealtimePriority(realtime)
                .dataDir(data)
                .build();
        Process generator = new ProcessBuilder(javaBin(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                MixerLoadGenerator.class.getName(), Integer.toString(participants), Integer.toString(warmup),
                Integer.toString(seconds)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (MediaEngine engine = MediaEngine.create(config, Scheduler.system(timers), new SimpleMeterRegistry())) {
            BufferedReader out = new BufferedReader(new InputStreamReader(generator.getInputStream(), StandardCharsets.UTF_8));
            String[] groups = out.readLine().split(" ");
            List<RtpEndpoint> endpoints = new ArrayList<>();
            Conference conf = null;
            PrintWriter to = new PrintWriter(generator.getOutputStream(), false, StandardCharsets.UTF_8);
            for (int i = 0; i < participants; i++) {
                if (i % size == 0) {
                    conf = engine.createConference("bench-" + i / size);
                }
                int group = i / 50;
                RtpEndpoint e = engine.createRtpEndpoint(EndpointListener.NONE);
                e.configure(RtpParameters.of(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        Integer.parseInt(groups[1 + group])), PayloadFormat.PCMU));
                e.sendMediaTo(conf);
                conf.sendMediaTo(e);
                endpoints.add(e);
                to.println(e.localAddress().getPort() + " " + group);
            }
            to.println("GO");
            to.flush();
            Thread.sleep(warmup * 1_000L + 50);
            List<Integer> captured = List.of(Integer.parseInt(groups[1]), Integer.parseInt(groups[groups.length - 1]));
            java.util.Optional<WireCapture> capture = WireCapture.start(captured.stream().distinct().toList(), seconds,
                    Files.createTempFile(data, "wire", ".pcap"));
            engine.resetTickStats();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long[] canary = canary(seconds);
            long cpu1 = os.getProcessCpuTime();
            long t1 = System.nanoTime();
            MediaEngine.TickLateness ticks = engine.tickLateness();
            Map<String, String> phones = new HashMap<>();
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT")) {
                    for (String kv : line.substring(7).split(" ")) {
                        String[] p = kv.split("=");
                        phones.put(p[0], p[1]);
                    }
                }
            }
            generator.waitFor(10, TimeUnit.SECONDS);
            java.util.Optional<WireCapture.Result> wire = capture.isPresent()
                    ? java.util.Optional.of(capture.get().finish(20_000, 8_000)) : java.util.Optional.empty();
            endpoints.forEach(RtpEndpoint::close);
            return new Level(participants, (double) (cpu1 - cpu0) / (t1 - t0), (t1 - t0) / 1e9, threads, ticks, canary,
                    phones, wire);
        } finally {
            generator.destroyForcibly();
            timers.shutdownNow();
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // temp dir
            }
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options look like --levels 100,500: " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }
}
