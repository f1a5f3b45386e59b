package dev.dialtone.platform.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.dialtone.core.ScriptChecker;
import dev.dialtone.media.MediaConfig;
import dev.dialtone.media.PortRange;
import dev.dialtone.scenario.ScenarioEngineConfig;
import dev.dialtone.platform.ConsoleConfig;
import dev.dialtone.platform.Node;
import dev.dialtone.platform.NodeConfig;
import dev.dialtone.platform.TlsConfig;
import dev.dialtone.platform.http.HttpMount;
import dev.dialtone.platform.sdk.SdkConfig;
import dev.dialtone.users.UsersConfig;
import io.vertx.core.json.JsonObject;

/**
 * A whole node started in-process for integration tests: HTTP and HTTPS (self-signed) on 127.0.0.1 with ephemeral ports,
 * Hazelcast on an ephemeral loopback port, a fresh database from {@link TestDatabase}, a temporary
 * data directory and a known administrator key. Close it to stop the node and delete the directory.
 *
 * <pre>{@code
 * try (TestNode node = TestNode.start(new BracketChecker())) {
 *     var r = node.post(node.adminKey(), "/api/v1/applications", "{\"name\":\"demo\"}");
 * }
 * }</pre>
 */
public final class TestNode implements AutoCloseable {
    public static final String ADMIN_KEY = "test-admin-key-0123456789";

    /**
     * Pass as the checker to check scenario uploads with the node's own scenario engine (GraalJS in a
     * sandbox worker) instead of a test checker: {@code TestNode.start(TestNode.SCENARIO_ENGINE)}.
     */
    public static final ScriptChecker SCENARIO_ENGINE = (name, code) -> {
        throw new IllegalStateException("TestNode.SCENARIO_ENGINE is a marker; it never checks anything itself");
    };

    private final Node node;
    private final Path dataDir;
    private final TestDatabase.Handle database;
    private final boolean ownsDataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestNode(Node node, Path dataDir, TestDatabase.Handle database, boolean ownsDataDir) {
        this.node = node;
        this.dataDir = dataDir;
        this.database = database;
        this.ownsDataDir = ownsDataDir;
    }

    /** A node on a fresh database and a fresh data directory. */
    public static TestNode start(ScriptChecker checker) throws Exception {
        Path dir = Files.createTempDirectory("dialtone-node");
        return start(checker, dir, TestDatabase.fresh("node"), true);
    }

    /** A node on a fresh database and data directory with admin console settings (e.g. an administrator password). */
    public static TestNode start(ScriptChecker checker, ConsoleConfig console) throws Exception {
        Path dir = Files.createTempDirectory("dialtone-node");
        return start(checker, console, dir, TestDatabase.fresh("node"), true, UnaryOperator.identity(), List.of());
    }

    /** A node on a given data directory and database (e.g. to restart on the same data). */
    public static TestNode start(ScriptChecker checker, Path dataDir, TestDatabase.Handle database, boolean ownsDataDir)
            throws Exception {
        return start(checker, ConsoleConfig.DEFAULT, dataDir, database, ownsDataDir, UnaryOperator.identity(), List.of());
    }

    /** A node on a fresh database and data directory, with its configuration adjusted by {@code customize}. */
    public static TestNode start(ScriptChecker checker, UnaryOperator<NodeConfig> customize) throws Exception {
        Path dir = Files.createTempDirectory("dialtone-node");
        return start(checker, ConsoleConfig.DEFAULT, dir, TestDatabase.fresh("node"), true, customize, List.of());
    }

    /** {@link #start(ScriptChecker, ConsoleConfig, Path, TestDatabase.Handle, boolean, UnaryOperator, List)} with default console settings. */
    public static TestNode start(ScriptChecker checker, Path dataDir, TestDatabase.Handle database, boolean ownsDataDir,
                                 UnaryOperator<NodeConfig> customize, List<HttpMount> mounts) throws Exception {
        return start(checker, ConsoleConfig.DEFAULT, dataDir, database, ownsDataDir, customize, mounts);
    }

    /**
     * The general form: HTTP, HTTPS and SIP on 127.0.0.1 with ephemeral ports (HTTPS with a self-signed
     * certificate generated in the data dir), then {@code customize}, then {@code mounts}.
     */
    public static TestNode start(ScriptChecker checker, ConsoleConfig console, Path dataDir, TestDatabase.Handle database,
                                 boolean ownsDataDir, UnaryOperator<NodeConfig> customize, List<HttpMount> mounts)
            throws Exception {
        return start(checker, console, SdkConfig.DEFAULT, dataDir, database, ownsDataDir, customize, mounts);
    }

    /** A node on a fresh database and data directory with web SDK gateway settings. */
    public static TestNode start(ScriptChecker checker, SdkConfig sdk) throws Exception {
        Path dir = Files.createTempDirectory("dialtone-node");
        return start(checker, ConsoleConfig.DEFAULT, sdk, dir, TestDatabase.fresh("node"), true, UnaryOperator.identity(),
                List.of());
    }

    /** The general form, with web SDK gateway settings. */
    public static TestNode start(ScriptChecker checker, ConsoleConfig console, SdkConfig sdk, Path dataDir,
                                 TestDatabase.Handle database, boolean ownsDataDir, UnaryOperator<NodeConfig> customize,
                                 List<HttpMount> mounts) throws Exception {
        NodeConfig config = NodeConfig.defaults(dataDir)
                .withHttp("127.0.0.1", 0)
                .withHttps(true, 0, TlsConfig.SELF_SIGNED)
                .withClusterPort(0)
                .withSipPort(0)
                .withDbUrl(Optional.of(database.jdbcUrl()))
                .withBootstrapApiKey(Optional.of(ADMIN_KEY))
                .withUsers(UsersConfig.forTests())
                .withMedia(MediaConfig.builder().dataDir(dataDir).rtpPorts(PortRange.parse("0"))
                        .rtpBindAddress(InetAddress.getLoopbackAddress()).mixerThreads(1).build())
                .withScenario(testScenarioConfig());
        NodeConfig c = customize.apply(config);
        Node node = checker == SCENARIO_ENGINE ? Node.start(c, console, sdk, mounts) : Node.start(c, console, sdk, checker, mounts);
        return new TestNode(node, dataDir, database, ownsDataDir);
    }

    /**
     * The scenario engine's settings in tests: no worker started before one is needed (most tests
     * run no scenario), idle workers kept for the next node of the same test JVM, few pre-warmed contexts.
     */
    public static ScenarioEngineConfig testScenarioConfig() {
        return ScenarioEngineConfig.defaults().toBuilder().warmWorkers(0).workerReuse(true).workerPrewarm(4).build();
    }

    public Node node() {
        return node;
    }

    /**
     * Waits (up to the engine's 60 s parse timeout) until a sandbox worker answers, so that the first
     * request of a test does not pay for the worker JVM's start inside its HTTP timeout.
     */
    public void awaitScenarioWorker() {
        node.scenarioEngine().scriptChecker().check("warm-up.js", "1;");
    }

    public Path dataDir() {
        return dataDir;
    }

    public TestDatabase.Handle database() {
        return database;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + node.httpPort();
    }

    /** {@code https://127.0.0.1:<port>}. */
    public String httpsBaseUrl() {
        return "https://127.0.0.1:" + node.httpsPort();
    }

    /** An HTTP client that trusts this node's certificate (and nothing else). */
    public HttpClient httpsClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(trusting(node.certificate().orElseThrow()
                .certFile())).build();
    }

    /** An SSL context whose only trust anchor is the PEM certificate in {@code certFile}. */
    public static SSLContext trusting(Path certFile) {
        try (var in = Files.newInputStream(certFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("node-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + certFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a service-account key for the account of {@code accountKey} through the native API and
     * returns the credentials JSON ({@code account_id}, {@code key_id}, {@code private_key}).
     *
     * @param role {@code owner} or {@code read_only}
     */
    public JsonObject createServiceKey(String accountKey, String role) throws IOException, InterruptedException {
        HttpResponse<String> r = post(accountKey, "/api/v1/service-keys", new JsonObject().put("role", role).encode());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating a service key: " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body());
    }

    public String adminKey() {
        return ADMIN_KEY;
    }

    /** Creates an account through the API and returns its API key. */
    public String createAccount(String name) throws IOException, InterruptedException {
        HttpResponse<String> r = post(ADMIN_KEY, "/api/v1/accounts", new JsonObject().put("name", name).encode());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating account " + name + ": " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body()).getString("api_key");
    }

    public HttpResponse<String> get(String key, String path) throws IOException, InterruptedException {
        return send(request(key, path).GET().build());
    }

    public HttpResponse<String> post(String key, String path, String json) throws IOException, InterruptedException {
        return send(request(key, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> put(String key, String path, String json) throws IOException, InterruptedException {
        return send(request(key, path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> patch(String key, String path, String json) throws IOException, InterruptedException {
        return send(request(key, path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> delete(String key, String path) throws IOException, InterruptedException {
        return send(request(key, path).DELETE().build());
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A request builder for {@code path} with the bearer key (none if {@code key} is null). */
    public HttpRequest.Builder request(String key, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
        return key == null ? b : b.header("Authorization", "Bearer " + key);
    }

    /** Stops the node (data directory kept). */
    public void stop() {
        node.close();
    }

    @Override
    public void close() throws IOException {
        node.close();
        if (ownsDataDir) {
            deleteTree(dataDir);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
