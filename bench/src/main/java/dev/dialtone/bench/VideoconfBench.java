package dev.dialtone.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.dialtone.media.MediaConfig;
import dev.dialtone.media.MediaEngine;
import dev.dialtone.media.PortRange;
import dev.dialtone.platform.ConsoleConfig;
import dev.dialtone.platform.Main;
import dev.dialtone.platform.Node;
import dev.dialtone.platform.NodeConfig;
import dev.dialtone.platform.sdk.SdkConfig;
import dev.dialtone.users.UsersConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code ./dialtone bench videoconf}: issue 8's figure, "one node holds 50 simultaneous rooms of 4 web
 * + 1 phone participant with mixer tick p99 &lt;= 2 ms", on the full stack. A real node runs in this
 * JVM (embedded PostgreSQL, sandbox workers, SIP, the web SDK gateway over wss, the media engine with
 * its default mixer threads) with {@code samples/videoconf} provisioned by its own
 * {@code provision} script through the Platform API. A separate load JVM ({@link VideoconfLoad}) plays
 * the 200 browsers (SDK login, {@code createCall joinconf}, ICE, DTLS-SRTP, Opus) and the 50 phones
 * (SIP, G.711, PIN by RFC 4733). When everyone is in, a steady window is measured: the mixer's tick
 * lateness (the node's own tick statistics), the node's CPU and its mixer threads' CPU, and what the
 * participants received.
 *
 * <p>Options: {@code --rooms 50 --web 4 --seconds 30 --warmup 5 --levels 10,25,50
 * --step-seconds 15}: the rooms join in steps ({@code --levels}); each step is measured for
 * {@code --step-seconds}, the last ({@code --rooms}) for {@code --seconds}. Bounded: about 5 minutes.
 */
public final class VideoconfBench {
    private static final String KEY = "bench-admin-key-0123456789";
    private static final String PASSWORD = "vcbench-password-1";
    private static final String NUMBER = "+15551230000";
    private static final java.util.concurrent.atomic.AtomicInteger FAILURES = new java.util.concurrent.atomic.AtomicInteger();

    private VideoconfBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options: --rooms 50 --web 4 --seconds 30 --warmup 5");
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        int rooms = Integer.parseInt(opts.getOrDefault("rooms", "50"));
        int perRoom = Integer.parseInt(opts.getOrDefault("web", "4"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5"));
        int stepSeconds = Integer.parseInt(opts.getOrDefault("step-seconds", "15"));
        int mixerNice = Integer.parseInt(opts.getOrDefault("mixer-nice", Integer.toString(MediaConfig.DEFAULT_MIXER_NICE)));
        int mixerRealtime = Integer.parseInt(opts.getOrDefault("mixer-realtime",
                Integer.toString(MediaConfig.DEFAULT_MIXER_REALTIME_PRIORITY)));
        int[] levels = java.util.Arrays.stream(opts.getOrDefault("levels", rooms >= 50 ? "10,25," + rooms : String.valueOf(rooms))
                .split(",")).mapToInt(Integer::parseInt).filter(n -> n > 0 && n <= rooms).distinct().sorted().toArray();
        Path provision = Path.of(opts.getOrDefault("provision", "samples/videoconf/provision")).toAbsolutePath();
        if (!Files.isRegularFile(provision) && !opts.containsKey("provision")) {
            // run from elsewhere: the repository holding bench/target/classes
            Path classes = Path.of(VideoconfBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            provision = classes.getParent().getParent().getParent().resolve("samples/videoconf/provision");
        }
        if (!Files.isRegularFile(provision)) {
            throw new IllegalStateException("run from the repository root: " + provision + " is missing");
        }
        Figures f = new Figures("videoconf: " + rooms + " rooms of " + perRoom + " web + 1 phone on one node (full stack)");
        f.add("started", Instant.now() + ", load average " + loadAverage());
        Path dir = Files.createTempDirectory("dialtone-bench-videoconf");
        int httpPort = BenchNodes.freePort();
        int sipPort = BenchNodes.freePort();
        NodeConfig config = NodeConfig.fromArgs(List.of("--http-host", "127.0.0.1", "--http-port", Integer.toString(httpPort),
                        "--https-port", "0", "--cluster-port", "0", "--sip-port", Integer.toString(sipPort), "--data-dir",
                        dir.resolve("node").toString(), "--scenario-private-net", "true", "--sip-invites-per-second", "1000"),
                Map.of("DIALTONE_BOOTSTRAP_API_KEY", KEY))
                .withMedia(MediaConfig.builder().dataDir(dir.resolve("node")).rtpPorts(PortRange.EPHEMERAL)
                        .rtpBindAddress(InetAddress.getLoopbackAddress()).mixerNice(mixerNice)
                        .mixerRealtimePriority(mixerRealtime).build())
                .withUsers(UsersConfig.forTests());
        SdkConfig sdk = SdkConfig.DEFAULT.withFailureLimits(SdkConfig.DEFAULT_FAILURES_PER_USER, SdkConfig.DEFAULT_FAILURE_WINDOW,
                100_000);
        long t0 = System.nanoTime();
        try (Node node = Node.start(config, ConsoleConfig.DEFAULT, sdk, Main.UNCHECKED, List.of())) {
            f.add("node started", String.format(Locale.ROOT, "%.1f s (mixer threads: %d at nice %d, real-time priority %s)",
                    (System.nanoTime() - t0) / 1e9, node.mediaEngine().config().mixerThreads(), mixerNice,
                    mixerRealtime == 0 ? "none" : Integer.toString(mixerRealtime)));
            String base = "http://127.0.0.1:" + httpPort;
            run(provision, "python3", provision.toString(), "--api", base, "--api-key", KEY, "--number", NUMBER,
                    "--trunk-host", "127.0.0.1", "--trunk-port", Integer.toString(BenchNodes.freePort()));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            JsonObject app = new JsonObject(get(http, base + "/api/v1/applications?name=videoconf"))
                    .getJsonArray("applications").getJsonObject(0);
            String domain = app.getString("full_name");
            long u0 = System.nanoTime();
            createUsers(http, base, app.getLong("id"), rooms, perRoom);
            f.add("provisioned", "samples/videoconf/provision (4 scenarios, 4 rules in order, number, trunk); "
                    + rooms * perRoom + " users in " + String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - u0) / 1e9)
                    + " (argon2id at test strength, setup only)");

            Process load = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                    "-cp", System.getProperty("java.class.path"), VideoconfLoad.class.getName(),
                    Integer.toString(node.httpsPort()), Integer.toString(sipPort), NUMBER, domain, PASSWORD,
                    Integer.toString(rooms), Integer.toString(perRoom))
                    .redirectError(dir.resolve("load.err").toFile()).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter to = new PrintWriter(load.getOutputStream(), true, StandardCharsets.UTF_8);
                for (int level : levels) {
                    to.println("JOIN " + level);
                    String joined = readUntil(out, "JOINED", Duration.ofMinutes(6), f);
                    f.add(level + " rooms: joined", joined.substring(7));
                    Thread.sleep(warmup * 1_000L);
                    int window = level == rooms ? seconds : stepSeconds;
                    measure(f, node, load, dir, out, to, level, perRoom, window, warmup);
                }
                if (FAILURES.get() > 0) {
                    sessionsThatFailed(http, base, app.getLong("id"), f);
                }
                f.add("note", "measured on a shared 2-core machine (the load JVM shares the cores with the node): "
                        + "see the load average");
                f.print(System.out);
                System.err.println("tearing down: hanging up " + Instant.now());
                System.err.println("tearing down: hanging up " + Instant.now());
            } finally {
                load.getOutputStream().close();
                if (!load.waitFor(40, TimeUnit.SECONDS)) {
                    load.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            System.err.println("load exited, closing the node " + Instant.now());
        } finally {
            BenchNodes.deleteTree(dir.resolve("node"));
        }
        System.err.println("node closed " + Instant.now());
        System.out.println("(load process log: " + dir.resolve("load.err") + ")");
        System.exit(0); // the node leaves a few non-daemon threads behind
    }

    /** One steady window at {@code level} rooms: the node's tick figures and CPU, and what the participants received. */
    private static void measure(Figures f, Node node, Process load, Path dir, BufferedReader out, PrintWriter to, int level,
                                int perRoom, int seconds, int warmup) throws Exception {
        MediaEngine media = node.mediaEngine();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String dataDir = dir.resolve("node").toString();
        double load0 = loadAverage();
        // Every reading before the window opens, and none of them stops the JVM (see ProcCpu).
        long cpu0 = os.getProcessCpuTime();
        double children0 = childrenCpuMillis(load, dataDir);
        double loadCpu0 = cpuMillis(load.toHandle());
        Map<String, Long> mixer0 = mixerTicks();
        to.println("WINDOW " + seconds);
        media.resetTickStats();
        long w0 = System.nanoTime();
        long[] canary = canary(seconds);
        long wall = System.nanoTime() - w0;
        MediaEngine.TickLateness ticks = media.tickLateness();
        long cpu = os.getProcessCpuTime() - cpu0;
        double children = childrenCpuMillis(load, dataDir) - children0;
        double loadCpu = cpuMillis(load.toHandle()) - loadCpu0;
        long mixer = Math.round(ProcCpu.secondsBetween(mixer0, mixerTicks()) * 1e9);
        int mixerThreads = media.config().mixerThreads();
        int participants = level * (perRoom + 1);
        String k = level + " rooms (" + participants + " participants): ";
        f.add(k + "window", seconds + " s after " + warmup + " s of warm-up; load average " + load0 + " -> " + loadAverage());
        f.add(k + "mixer tick lateness (target p99 <= 2 ms)", String.format(Locale.ROOT,
                "p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%d ticks, %d skipped) -> %s", ms(ticks.p50()), ms(ticks.p99()),
                ms(ticks.max()), ticks.ticks(), ticks.skipped(), ms(ticks.p99()) <= 2.0 && ticks.skipped() == 0 ? "PASS" : "FAIL"));
        f.add(k + "canary (machine noise)", String.format(Locale.ROOT,
                "a plain thread in the node JVM sleeping to 20 ms deadlines: late p50 %.2f ms  p99 %.2f ms  max %.2f ms",
                canary[0] / 1e6, canary[1] / 1e6, canary[2] / 1e6));
        double perTick = mixer / 1e3 / Math.max(1, ticks.ticks());
        f.add(k + "mixer threads' CPU", String.format(Locale.ROOT,
                "%.1f %% of a core (%d threads); %.0f µs of work per thread-tick run (%.1f µs per participant-tick: "
                        + "%.2f cores to run all %d at 50 ticks/s)",
                100.0 * mixer / wall, mixerThreads, perTick, perTick * mixerThreads / participants,
                perTick * mixerThreads * 50 / 1e6, participants));
        f.add(k + "CPU", String.format(Locale.ROOT, "node JVM %.1f %%, its workers + PostgreSQL %.1f %%, load JVM %.1f %% of a core",
                100.0 * cpu / wall, children * 1e6 / wall * 100, loadCpu * 1e6 / wall * 100));
        String web = readUntil(out, "RESULT web", Duration.ofSeconds(seconds + 30L), f);
        String phones = readUntil(out, "RESULT phones", Duration.ofSeconds(30), f);
        f.add(k + "web participants", web.substring("RESULT web ".length()));
        f.add(k + "phones", phones.substring("RESULT phones ".length()));
        System.err.println("measured " + level + " rooms: tick p99 " + ms(ticks.p99()) + " ms, skipped " + ticks.skipped());
    }

    /** Sleeps to 20 ms deadlines for {@code seconds} on this thread; returns lateness p50, p99, max (ns). */
    private static long[] canary(int seconds) {
        int n = seconds * 50;
        long[] late = new long[n];
        long start = System.nanoTime() + 10_000_000L;
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

    private static double cpuMillis(ProcessHandle p) {
        return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0);
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** CPU ticks of this JVM's mixer threads, from /proc (no safepoint). */
    private static Map<String, Long> mixerTicks() throws IOException {
        return ProcCpu.threadTicks(ProcessHandle.current().pid(), name -> name.startsWith("media-mixer-"));
    }

    /**
     * CPU (ms) of this process's descendants other than the load JVM (sandbox workers) and of the
     * embedded PostgreSQL (a daemon whose command line names the node's data directory).
     */
    private static double childrenCpuMillis(Process load, String dataDir) {
        java.util.Set<ProcessHandle> all = new java.util.HashSet<>(ProcessHandle.current().descendants().toList());
        all.remove(load.toHandle());
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(dataDir))
                .orElse(false)).forEach(pm -> {
                    all.add(pm);
                    all.addAll(pm.descendants().toList());
                });
        double total = 0;
        for (ProcessHandle p : all) {
            total += p.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0);
        }
        return total;
    }

    private static void createUsers(HttpClient http, String base, long app, int rooms, int perRoom) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                for (int k = 0; k < perRoom; k++) {
                    String name = "w" + (101 + r) + "n" + k;
                    done.add(pool.submit(() -> post(http, base + "/api/v1/applications/" + app + "/users",
                            new JsonObject().put("name", name).put("display_name", "Bench " + name).put("password", PASSWORD).encode())));
                }
            }
            for (Future<String> d : done) {
                d.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** For a failed run: sessions that ended otherwise than by terminate() or idling, with their last log lines (at most 5). */
    private static void sessionsThatFailed(HttpClient http, String base, long app, Figures f) {
        try {
            JsonArray sessions = new JsonObject(get(http, base + "/api/v1/applications/" + app + "/sessions?limit=1000"))
                    .getJsonArray("sessions");
            int shown = 0;
            for (int i = 0; i < sessions.size() && shown < 5; i++) {
                JsonObject s = sessions.getJsonObject(i);
                String reason = s.getString("end_reason");
                if (reason == null || reason.equals("terminated") || reason.startsWith("idle")) {
                    continue;
                }
                StringBuilder errors = new StringBuilder();
                JsonArray log = new JsonObject(get(http, base + s.getString("log_url"))).getJsonArray("entries");
                for (int j = Math.max(0, log.size() - 3); j < log.size(); j++) { // its last lines say why
                    JsonObject e = log.getJsonObject(j);
                    errors.append(" | ").append(e.getString("kind")).append(": ").append(e.getString("message"));
                }
                f.add("failed session " + s.getString("session_id"), s.getJsonArray("scenarios") + " ended: " + reason + errors);
                shown++;
            }
        } catch (Exception e) {
            f.add("failed sessions", "could not be listed: " + e);
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static String post(HttpClient http, String url, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static void run(Path log, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(log.getFileName() + " failed: " + out);
        }
    }

    /** Reads lines until one starts with {@code prefix}; FAILURE lines become figures. */
    private static String readUntil(BufferedReader in, String prefix, Duration timeout, Figures f) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = in.readLine()) != null) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                    if (l.startsWith("FAILURE")) {
                        f.add("failure " + FAILURES.incrementAndGet(), l.substring(8));
                    }
                    System.err.println("load: " + l);
                }
                throw new IllegalStateException("the load process ended before '" + prefix + "'");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
