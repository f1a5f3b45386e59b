package dev.dialtone.bench;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.HdrHistogram.Histogram;

import dev.dialtone.platform.Main;
import dev.dialtone.platform.Node;
import dev.dialtone.platform.NodeConfig;
import dev.dialtone.platform.TlsConfig;
import dev.dialtone.platform.security.JwtSigner;
import dev.dialtone.platform.security.JwtVerifier;
import dev.dialtone.platform.security.RsaKeys;
import dev.dialtone.platform.service.ServiceKeyService;
import io.vertx.core.json.JsonObject;

/**
 * {@code ./dialtone bench api-clients}: what the original's API clients cost a node.
 * <ol>
 * <li>JWT verification per request, in-process over many distinct RS256 tokens: the bare verifier,
 * and the node's {@code ServiceKeyService.authenticate} (cached key look-up included).</li>
 * <li>Open-loop latency at {@value #RATE}/s through HTTPS, side by side in one run: the
 * unauthenticated {@code GET /api/v1/health}, then {@code POST /platform_api} multipart
 * {@code cmd=GetApplications} with {@code Authorization: Bearer <JWT>} as the official clients send
 * it (a token per second, like theirs). Request i is due at start + i/rate and its latency counts
 * from that time, so a stalled server cannot hide queueing.</li>
 * </ol>
 */
public final class ApiClientsBench {
    static final int RATE = 200;
    static final Duration DEFAULT_WARMUP = Duration.ofSeconds(5);
    static final Duration DEFAULT_MEASURE = Duration.ofSeconds(20);
    static final int TOKENS = 4000;
    private static final String ADMIN = "bench-admin-key-0123456789";

    private ApiClientsBench() {
    }

    /** Options: {@code --seconds 20} measured per endpoint, {@code --warmup 5} before each. */
    public static void main(String[] args) throws Exception {
        Duration measure = DEFAULT_MEASURE;
        Duration warmup = DEFAULT_WARMUP;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> measure = Duration.ofSeconds(Integer.parseInt(args[i + 1]));
                case "--warmup" -> warmup = Duration.ofSeconds(Integer.parseInt(args[i + 1]));
                default -> throw new IllegalArgumentException("options: --seconds N --warmup N");
            }
        }
        Figures f = new Figures("api-clients");
        f.add("load average at start", String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        verifierAlone(f);
        Path dir = Files.createTempDirectory("dialtone-bench-apiclients");
        NodeConfig config = NodeConfig.defaults(dir).withHttp("127.0.0.1", 0).withHttps(true, 0, TlsConfig.SELF_SIGNED)
                .withClusterPort(0).withDbUrl(Optional.empty()).withBootstrapApiKey(Optional.of(ADMIN));
        try (Node node = Node.start(config, Main.UNCHECKED)) {
            String https = "https://127.0.0.1:" + node.httpsPort();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(trusting(node.certificate().orElseThrow().certFile())).connectTimeout(Duration.ofSeconds(10)).build();
            JsonObject credentials = new JsonObject(send(http, HttpRequest.newBuilder(URI.create(https + "/api/v1/service-keys"))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"owner\"}")).build(), 201));
            JwtSigner signer = JwtSigner.fromCredentials(credentials.getLong("account_id"), credentials.getString("key_id"),
                    credentials.getString("private_key"));
            verifierInNode(f, node.services().serviceKeys(), signer);

            HttpRequest health = HttpRequest.newBuilder(URI.create(https + "/api/v1/health")).timeout(Duration.ofSeconds(10)).GET().build();
            String boundary = "----dialtone-bench-7f3a";
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"cmd\"\r\n\r\nGetApplications\r\n--" + boundary + "--\r\n";
            long epoch = System.currentTimeMillis() / 1000;
            String[] perSecond = new String[(int) (warmup.toSeconds() + measure.toSeconds()) * 2 + 30];
            for (int s = 0; s < perSecond.length; s++) {
                perSecond[s] = signer.sign(epoch + s, 64);
            }
            LongFunction<HttpRequest> platformApi = sinceStart -> HttpRequest.newBuilder(URI.create(https + "/platform_api"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Authorization", "Bearer " + perSecond[(int) Math.min(perSecond.length - 1,
                            (System.currentTimeMillis() / 1000) - epoch)])
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            String check = send(http, platformApi.apply(0), 200);
            if (!check.contains("\"result\"")) {
                throw new IllegalStateException("GetApplications through /platform_api did not answer a result: " + check);
            }

            openLoop(http, i -> health, warmup, new Histogram(TimeUnit.SECONDS.toNanos(30), 3));
            Histogram h1 = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
            Result r1 = openLoop(http, i -> health, measure, h1);
            f.addLatency("HTTPS GET /api/v1/health at " + RATE + "/s", h1);
            f.add("  errors / late sends", r1.errors + " / " + r1.late + (r1.errors > 0 ? "  first: " + r1.firstError : ""));

            openLoop(http, platformApi, warmup, new Histogram(TimeUnit.SECONDS.toNanos(30), 3));
            Histogram h2 = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
            Result r2 = openLoop(http, platformApi, measure, h2);
            f.addLatency("HTTPS /platform_api JWT multipart at " + RATE + "/s", h2);
            f.add("  errors / late sends", r2.errors + " / " + r2.late + (r2.errors > 0 ? "  first: " + r2.firstError : ""));
            f.add("p99 /platform_api minus p99 health", (h2.getValueAtPercentile(99) - h1.getValueAtPercentile(99)) / 1e6, "ms");
        } finally {
            BenchNodes.deleteTree(dir);
        }
        f.add("load average at end", String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        f.print(System.out);
        System.exit(0);
    }

    record Key(long accountId, PublicKey publicKey) implements JwtVerifier.TrustedKey {
    }

    /** The bare verifier over {@value #TOKENS} distinct tokens, its key found in a map as the node's cache would. */
    private static void verifierAlone(Figures f) throws Exception {
        KeyPair pair = RsaKeys.generate(new SecureRandom());
        Key key = new Key(7, pair.getPublic());
        JwtSigner signer = new JwtSigner("bench-kid", 7, pair.getPrivate());
        List<String> tokens = distinctTokens(signer);
        JwtVerifier verifier = new JwtVerifier(Clock.systemUTC(), Duration.ofHours(1), Duration.ofSeconds(30));
        measureVerification(f, "JWT verify (verifier alone)", tokens, t -> verifier.verify(t, kid -> Optional.of(key)));
    }

    /** The node's authentication of a token: verifier plus the cached look-up of the key and its account. */
    private static void verifierInNode(Figures f, ServiceKeyService keys, JwtSigner signer) throws Exception {
        measureVerification(f, "JWT verify (node, cached key)", distinctTokens(signer), keys::authenticate);
    }

    private static List<String> distinctTokens(JwtSigner signer) {
        long now = System.currentTimeMillis() / 1000;
        List<String> tokens = new ArrayList<>(TOKENS);
        for (int i = 0; i < TOKENS; i++) {
            long iat = now - (i % 20);
            tokens.add(signer.signRaw("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + signer.keyId() + "\"}",
                    "{\"iss\":" + signer.accountId() + ",\"iat\":" + iat + ",\"exp\":" + (iat + 600) + ",\"jti\":\"" + i + "\"}"));
        }
        return tokens;
    }

    @FunctionalInterface
    interface Check {
        void run(String token) throws Exception;
    }

    private static void measureVerification(Figures f, String name, List<String> tokens, Check check) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            for (String t : tokens) {
                check.run(t);
            }
        }
        double[] wall = new double[5];
        double[] cpu = new double[5];
        for (int round = 0; round < wall.length; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (String t : tokens) {
                check.run(t);
            }
            wall[round] = (System.nanoTime() - t0) / 1e3 / tokens.size();
            cpu[round] = (threads.getCurrentThreadCpuTime() - c0) / 1e3 / tokens.size();
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        f.add(name, String.format(Locale.ROOT, "%.1f µs wall (min %.1f), %.1f µs thread CPU (min %.1f), median of 5 x %,d tokens",
                wall[2], wall[0], cpu[2], cpu[0], tokens.size()));
    }

    record Result(int errors, int late, String firstError) {
    }

    private static Result openLoop(HttpClient http, LongFunction<HttpRequest> request, Duration length, Histogram h)
            throws InterruptedException {
        long interval = 1_000_000_000L / RATE;
        int total = (int) (length.toNanos() / interval);
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>("");
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
            HttpRequest req = request.apply(due - start);
            senders.execute(() -> {
                try {
                    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                    long latency = System.nanoTime() - due;
                    if (resp.statusCode() != 200 || resp.body().contains("\"error\"")) {
                        errors.incrementAndGet();
                        firstError.compareAndSet("", resp.statusCode() + " " + resp.body());
                    }
                    synchronized (h) {
                        h.recordValue(Math.min(latency, h.getHighestTrackableValue()));
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet("", e.toString());
                }
            });
        }
        senders.shutdown();
        if (!senders.awaitTermination(60, TimeUnit.SECONDS)) {
            senders.shutdownNow();
        }
        return new Result(errors.get(), late, firstError.get());
    }

    private static String send(HttpClient http, HttpRequest request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static SSLContext trusting(Path certFile) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certFile)) {
            trust.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
