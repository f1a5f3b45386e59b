package dev.dialtone.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.platform.TlsConfig;
import dev.dialtone.platform.security.ServerCertificate;
import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.TestCertificates;
import dev.dialtone.platform.testing.TestDatabase;
import dev.dialtone.platform.testing.TestNode;

/** HTTPS on a real node: self-signed and reused, configured certificates, HTTP off, a WebSocket route mounted on it. */
class HttpsIT {
    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SHA-256 of the certificate the server presented in this response's TLS session. */
    private static String presented(HttpResponse<?> r) throws Exception {
        var session = r.sslSession().orElseThrow();
        return ServerCertificate.fingerprint(((X509Certificate) session.getPeerCertificates()[0]).getEncoded());
    }

    /** A WebSocket echo at /platform, TLS only, as the web SDK gateway will mount itself. */
    private static final HttpMount ECHO = (router, vertx, services) -> router.route("/platform").handler(ctx -> {
        if (!ctx.request().isSSL()) {
            ctx.response().setStatusCode(426).end("use wss://");
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> ws.textMessageHandler(m -> ws.writeTextMessage("echo " + m)));
    });

    @Test
    void selfSignedCertificateIsGeneratedOnceReusedAfterARestartAndCarriesMountedWebSockets(@TempDir Path dir) throws Exception {
        TestDatabase.Handle db = TestDatabase.fresh("https");
        String fingerprint;
        HttpClient trusting;
        try (TestNode node = TestNode.start(new BracketChecker(), dir, db, false, c -> c, List.of(ECHO))) {
            ServerCertificate cert = node.node().certificate().orElseThrow();
            assertThat(cert.selfSigned()).isTrue();
            assertThat(cert.certFile()).isEqualTo(dir.resolve("tls").resolve(ServerCertificate.SELF_SIGNED_CERT));
            fingerprint = cert.sha256Fingerprint();
            trusting = node.httpsClient();
            HttpResponse<String> health = get(trusting, node.httpsBaseUrl() + "/api/v1/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(presented(health)).isEqualTo(fingerprint);
            assertThat(health.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            // plain HTTP still serves the same API
            assertThat(node.get(null, "/api/v1/health").statusCode()).isEqualTo(200);
            // a client that does not trust the certificate is refused: verification is real
            assertThatThrownBy(() -> get(HttpClient.newHttpClient(), node.httpsBaseUrl() + "/api/v1/health"))
                    .isInstanceOf(IOException.class);

            CompletableFuture<String> echoed = new CompletableFuture<>();
            WebSocket ws = trusting.newWebSocketBuilder().buildAsync(URI.create("wss://127.0.0.1:" + node.node().httpsPort() + "/platform"),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            echoed.complete(data.toString());
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            ws.sendText("hello", true);
            assertThat(echoed.get(30, TimeUnit.SECONDS)).isEqualTo("echo hello");
            ws.abort();
            assertThat(node.get(null, "/platform").statusCode()).isEqualTo(426);
        }
        String keyFile = Files.readString(dir.resolve("tls").resolve(ServerCertificate.SELF_SIGNED_KEY));
        try (TestNode again = TestNode.start(new BracketChecker(), dir, db, true, c -> c, List.of())) {
            assertThat(again.node().certificate().orElseThrow().sha256Fingerprint()).isEqualTo(fingerprint);
            assertThat(Files.readString(dir.resolve("tls").resolve(ServerCertificate.SELF_SIGNED_KEY))).isEqualTo(keyFile);
            // a client that trusted the first run's certificate trusts this run
            HttpResponse<String> health = get(trusting, again.httpsBaseUrl() + "/api/v1/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(presented(health)).isEqualTo(fingerprint);
        }
    }

    @Test
    void aConfiguredCertificateIsTheOneServed(@TempDir Path certs) throws Exception {
        TestCertificates.Files2 files = TestCertificates.write(certs, "operator", true);
        try (TestNode node = TestNode.start(new BracketChecker(), c -> c.withHttps(true, 0, TlsConfig.files(files.cert(), files.key())))) {
            assertThat(node.node().certificate().orElseThrow().selfSigned()).isFalse();
            HttpResponse<String> r = get(HttpClient.newBuilder().sslContext(TestNode.trusting(files.cert())).build(),
                    node.httpsBaseUrl() + "/api/v1/health");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(presented(r)).isEqualTo(ServerCertificate.fingerprint(files.certDer()));
            assertThat(node.dataDir().resolve("tls")).doesNotExist();
        }
    }

    @Test
    void plainHttpCanBeTurnedOff() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int httpPort = port;
        try (TestNode node = TestNode.start(new BracketChecker(), c -> c.withHttp("127.0.0.1", httpPort).withHttpEnabled(false))) {
            assertThatThrownBy(() -> node.node().httpPort()).hasMessageContaining("disabled");
            assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "http://127.0.0.1:" + httpPort + "/api/v1/health"))
                    .isInstanceOf(ConnectException.class);
            assertThat(get(node.httpsClient(), node.httpsBaseUrl() + "/api/v1/health").statusCode()).isEqualTo(200);
        }
    }
}
