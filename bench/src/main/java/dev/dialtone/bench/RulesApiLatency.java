package dev.dialtone.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import dev.dialtone.platform.Main;
import dev.dialtone.platform.Node;
import dev.dialtone.platform.NodeConfig;
import dev.dialtone.platform.TlsConfig;
import io.vertx.core.json.JsonObject;

/**
 * Native API {@code GET /api/v1/applications/{id}/rules} latency for an application with 100
 * rules, driven open-loop at a fixed rate: request i is due at start + i/rate, and its latency is
 * counted from that due time (so a stalled server cannot hide queueing: no coordinated omission).
 * Starts its own node (embedded PostgreSQL, ephemeral ports). Target: p99 at most 10 ms at 200/s.
 */
public final class RulesApiLatency {
    static final int RULES = 100;
    static final int RATE_PER_SECOND = 200;
    static final Duration WARMUP = Duration.ofSeconds(15); // a node in service is warm; 5 s left its JIT mid-way
    static final Duration MEASURE = Duration.ofSeconds(20);
    private static final String KEY = "bench-admin-key-0123456789";

    private RulesApiLatency() {
    }

    public static void measure(Figures figures) throws Exception {
        Path dir = Files.createTempDirectory("dialtone-bench-rules");
        NodeConfig config = NodeConfig.defaults(dir).withHttp("127.0.0.1", 0).withHttps(true, 0, TlsConfig.SELF_SIGNED).withClusterPort(0)
                .withSipPort(0).withDbUrl(Optional.empty()).withBootstrapApiKey(Optional.of(KEY));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (Node node = Node.start(config, Main.UNCHECKED)) {
            String base = "http://127.0.0.1:" + node.httpPort();
            long app = new JsonObject(post(http, base + "/api/v1/applications", "{\"name\":\"bench\"}")).getLong("id");
            for (int i = 0; i < RULES; i++) {
                post(http, base + "/api/v1/applications/" + app + "/rules",
                        "{\"name\":\"rule-" + i + "\",\"pattern\":\"\\\\+1555" + String.format("%03d", i) + "[0-9]{4}\"}");
            }
            HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/api/v1/applications/" + app + "/rules"))
                    .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(10)).GET().build();
            run(http, get, WARMUP, new Histogram(TimeUnit.SECONDS.toNanos(30), 3));
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
            Result r = run(http, get, MEASURE, h);
            figures.addLatency("GetRules (100 rules) at " + RATE_PER_SECOND + "/s", h);
            figures.add("GetRules errors / late sends", r.errors + " / " + r.late);
        } finally {
            BenchNodes.deleteTree(dir);
        }
    }

    record Result(int errors, int late) {
    }

    private static Result run(HttpClient http, HttpRequest get, Duration length, Histogram h) throws InterruptedException {
        long interval = 1_000_000_000L / RATE_PER_SECOND;
        int total = (int) (length.toNanos() / interval);
        AtomicInteger errors = new AtomicInteger();
        int late = 0;
        ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (System.nanoTime() - due > 5_000_000L) {
                late++;
            }
            senders.execute(() -> {
                try {
                    HttpResponse<Void> resp = http.send(get, HttpResponse.BodyHandlers.discarding());
                    long latency = System.nanoTime() - due;
                    if (resp.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                    synchronized (h) {
                        h.recordValue(Math.min(latency, h.getHighestTrackableValue()));
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            });
        }
        senders.shutdown();
        if (!senders.awaitTermination(60, TimeUnit.SECONDS)) {
            senders.shutdownNow();
        }
        return new Result(errors.get(), late);
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

    /** Runs the measurement alone (the routing benchmark calls {@link #measure} as part of its run). */
    public static void main(String[] args) throws Exception {
        Figures f = new Figures("rules-api-latency");
        measure(f);
        f.print(System.out);
        System.exit(0);
    }
}
