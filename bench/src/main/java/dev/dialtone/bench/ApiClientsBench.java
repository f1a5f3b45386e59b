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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

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
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;

/**
 * {@code ./dialtone bench api-clients}: what the original's API clients cost a node.
 * <ol>
 * <li>JWT verification per request, in-process over many distinct RS256 tokens: the bare verifier,
 * and the node's {@code ServiceKeyService.authenticate} (cached key look-up included).</li>
 * <li>Open-loop latency at {@value #RATE}/s through HTTPS over {@value #CONNECTIONS} keep-alive connections, side by side in one run: the
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
    /** Keep-alive TLS connections of the load generator. */
    static final int CONNECTIONS = 16;
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
                .withClusterPort(0).withSipPort(0).withDbUrl(Optional.empty()).withBootstrapApiKey(Optional.of(ADMIN));
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

            String boundary = "----dialtone-bench-7f3a";
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"cmd\"\r\n\r\nGetApplications\r\n--" + boundary + "--\r\n";
            // like the official clients: a fresh token each second (signed when first needed), multipart cmd
            AtomicReference<Map.Entry<Long, String>> current = new AtomicReference<>(Map.entry(-1L, ""));
            Supplier<Map<String, String>> jwtHeaders = () -> {
                long now = System.currentTimeMillis() / 1000;
                Map.Entry<Long, String> t = current.get();
                if (t.getKey() != now) {
                    t = Map.entry(now, signer.sign(now, 64));
                    current.set(t);
                }
                return Map.of("Content-Type", "multipart/form-data; boundary=" + boundary, "Authorization", "Bearer " + t.getValue());
            };
            Load health = new Load(HttpMethod.GET, "/api/v1/health", Map::of, null);
            Load platformApi = new Load(HttpMethod.POST, "/platform_api", jwtHeaders, body);
            String keyBody = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"cmd\"\r\n\r\nGetApplications\r\n--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"account_id\"\r\n\r\n1\r\n--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n" + ADMIN + "\r\n--" + boundary + "--\r\n";
            Load apiKey = new Load(HttpMethod.POST, "/platform_api",
                    () -> Map.of("Content-Type", "multipart/form-data; boundary=" + boundary), keyBody);
            HttpRequest check = HttpRequest.newBuilder(URI.create(https + "/platform_api")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Authorization", "Bearer " + signer.sign(System.currentTimeMillis() / 1000, 64))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            if (!send(http, check, 200).contains("\"result\"")) {
                throw new IllegalStateException("GetApplications through /platform_api did not answer a result");
            }

            Vertx clientVertx = Vertx.vertx();
            try {
                HttpClientAgent client = clientVertx.createHttpClient(new HttpClientOptions().setSsl(true)
                        .setTrustOptions(new PemTrustOptions().addCertPath(node.certificate().orElseThrow().certFile().toString()))
                        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CONNECTIONS));
                int port = node.httpsPort();
                Map<String, Load> loads = new LinkedHashMap<>();
                loads.put("GET /api/v1/health (no auth)", health);
                loads.put("/platform_api GetApplications, api_key", apiKey);
                loads.put("/platform_api GetApplications, JWT", platformApi);
                Map<String, Histogram> p = new LinkedHashMap<>();
                for (var e : loads.entrySet()) {
                    Histogram closed = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
                    closedLoop(client, port, e.getValue(), 300, closed);
                    f.add("service time, one at a time: " + e.getKey(), String.format(Locale.ROOT, "median %.2f ms, p90 %.2f ms",
                            closed.getValueAtPercentile(50) / 1e6, closed.getValueAtPercentile(90) / 1e6));
                }
                for (var e : loads.entrySet()) {
                    openLoop(client, port, e.getValue(), warmup, new Histogram(TimeUnit.SECONDS.toNanos(30), 3));
                    Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
                    double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                    Result r = openLoop(client, port, e.getValue(), measure, h);
                    f.addLatency("HTTPS " + e.getKey() + " at " + RATE + "/s", h);
                    f.add("  " + e.getKey() + ": errors / late sends / load average", r.errors + " / " + r.late + String.format(Locale.ROOT, " / %.1f",
                            load0) + (r.errors > 0 ? "  first: " + r.firstError : ""));
                    p.put(e.getKey(), h);
                }
                var hs = new ArrayList<>(p.values());
                f.add("p99 JWT minus p99 api_key", (hs.get(2).getValueAtPercentile(99) - hs.get(1).getValueAtPercentile(99)) / 1e6, "ms");
                f.add("p99 JWT minus p99 health", (hs.get(2).getValueAtPercentile(99) - hs.get(0).getValueAtPercentile(99)) / 1e6, "ms");
            } finally {
                clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
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

    /** One kind of request of the load: method, URI, headers (computed at send time) and body. */
    record Load(HttpMethod method, String uri, Supplier<Map<String, String>> headers, String body) {
    }

    /** Sends {@code count} requests one after the other, recording each one's time. */
    private static void closedLoop(HttpClientAgent client, int port, Load load, int count, Histogram h) throws Exception {
        for (int i = 0; i < count; i++) {
            RequestOptions options = new RequestOptions().setMethod(load.method()).setHost("127.0.0.1").setPort(port)
                    .setURI(load.uri()).setIdleTimeout(10_000);
            load.headers().get().forEach(options::putHeader);
            long t0 = System.nanoTime();
            int status = client.request(options).compose(req -> load.body() == null ? req.send() : req.send(load.body()))
                    .compose(resp -> resp.body().map(b -> resp.statusCode())).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            if (status != 200) {
                throw new IllegalStateException(load.uri() + " answered " + status);
            }
            h.recordValue(Math.min(System.nanoTime() - t0, h.getHighestTrackableValue()));
        }
    }

    /**
     * Sends {@code load} at {@link #RATE}/s for {@code length} over a fixed pool of {@link #CONNECTIONS}
     * keep-alive TLS connections (requests beyond that wait in the client's queue: an open loop over a
     * bounded number of connections, like wrk2), recording each latency from its due time.
     */
    private static Result openLoop(HttpClientAgent client, int port, Load load, Duration length, Histogram h)
            throws InterruptedException {
        long interval = 1_000_000_000L / RATE;
        int total = (int) (length.toNanos() / interval);
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>("");
        CountDownLatch done = new CountDownLatch(total);
        int late = 0;
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
            RequestOptions options = new RequestOptions().setMethod(load.method()).setHost("127.0.0.1").setPort(port)
                    .setURI(load.uri()).setIdleTimeout(10_000);
            load.headers().get().forEach(options::putHeader);
            client.request(options)
                    .compose(req -> load.body() == null ? req.send() : req.send(load.body()))
                    .compose(resp -> resp.body().map(body -> resp.statusCode() == 200 && !body.toString().contains("\"error\"")
                            ? "" : resp.statusCode() + " " + body))
                    .onComplete(ar -> {
                        long latency = System.nanoTime() - due;
                        String error = ar.failed() ? ar.cause().toString() : ar.result();
                        if (error.isEmpty()) {
                            synchronized (h) {
                                h.recordValue(Math.min(latency, h.getHighestTrackableValue()));
                            }
                        } else {
                            errors.incrementAndGet();
                            firstError.compareAndSet("", error);
                        }
                        done.countDown();
                    });
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            firstError.compareAndSet("", done.getCount() + " requests unanswered after 60 s");
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
