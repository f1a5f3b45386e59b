package dev.dialtone.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./dialtone bench node-start [runs]}: wall time from launching {@code ./dialtone start} (what an operator
 * runs; on JDK 25 it uses the ahead-of-time class cache, which the first start records) on an existing data
 * directory (embedded PostgreSQL already initialised, schema migrated, administrator created) until
 * {@code GET /api/v1/health} answers 200, for a few runs, and one more run without the cache
 * ({@code DIALTONE_AOT=false}) beside them; also the time a SIGTERM takes to stop the node. Target: start to
 * healthy in at most 5 s. Run from the repository root.
 */
public final class NodeStartBench {
    private NodeStartBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = Files.createTempDirectory("dialtone-bench-start");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        Figures figures = new Figures("node-start");
        try {
            Files.deleteIfExists(Path.of("platform-api/target/dialtone-node.aot")); // the first start records it anew
            double first = startToHealthy(dir, http, true, true);
            figures.add("first start (initdb, migrate; records the class cache)", first, "ms");
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                double ms = startToHealthy(dir, http, false, true);
                times.add(ms);
                figures.add("restart " + (i + 1) + ": start to healthy", ms, "ms");
            }
            List<Double> sorted = times.stream().sorted().toList();
            figures.add("restart median (target <= 5000 ms)", sorted.get(sorted.size() / 2), "ms");
            figures.add("restart without the class cache (DIALTONE_AOT=false)", startToHealthy(dir, http, false, false), "ms");
        } finally {
            BenchNodes.deleteTree(dir);
        }
        figures.print(System.out);
    }

    /** Launches a node process, waits for health, stops it with SIGTERM; returns ms from launch to healthy. */
    private static double startToHealthy(Path dir, HttpClient http, boolean first, boolean aot) throws Exception {
        int port = BenchNodes.freePort();
        if (!Files.isExecutable(Path.of("dialtone"))) {
            throw new IllegalStateException("run from the repository root (./dialtone bench node-start)");
        }
        // ./dialtone execs java, so the process started here is the node's JVM.
        ProcessBuilder pb = new ProcessBuilder("./dialtone", "start",
                "--http-host", "127.0.0.1", "--http-port", Integer.toString(port), "--https-port", "0", "--cluster-port", "0",
                "--sip-port", "0",
                "--data-dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile());
        pb.environment().remove("DIALTONE_DB_URL");
        pb.environment().put("DIALTONE_SKIP_BUILD", "1");
        pb.environment().put("DIALTONE_AOT", Boolean.toString(aot));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                    .timeout(Duration.ofSeconds(1)).build();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(first ? 180 : 60);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the node exited with " + p.exitValue() + "; see "
                            + dir.resolveSibling(dir.getFileName() + ".log"));
                }
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        double ms = (System.nanoTime() - t0) / 1e6;
                        double cpuMs = p.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(-1.0);
                        long s0 = System.nanoTime();
                        p.destroy();
                        if (!p.waitFor(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the node did not stop within 30 s of SIGTERM");
                        }
                        System.out.printf(Locale.ROOT, "run: healthy after %.0f ms (node JVM used %.0f ms of CPU by then; "
                                + "embedded PostgreSQL's own CPU not counted), stopped %.0f ms after SIGTERM (exit %d), load %.1f%n",
                                ms, cpuMs, (System.nanoTime() - s0) / 1e6, p.exitValue(),
                                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                        return ms;
                    }
                } catch (java.io.IOException e) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("the node was not healthy in time");
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            new File(dir.resolveSibling(dir.getFileName() + ".log").toString()).deleteOnExit();
        }
    }
}
