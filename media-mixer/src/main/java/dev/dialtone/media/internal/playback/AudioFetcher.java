package dev.dialtone.media.internal.playback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Downloads a media file over http(s) for playback: only http and https, every address the host
 * resolves to must pass the {@link AddressPolicy} (checked again on each redirect, at most
 * {@value #MAX_REDIRECTS}), a size cap and a time limit. Blocking; run it on an I/O thread.
 *
 * <p>Known gap: the HTTP client resolves the host again when it connects, so a DNS server that
 * answers differently the second time (DNS rebinding) could still steer a fetch inward.
 */
public final class AudioFetcher {
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final ExecutorService clientTasks;
    private final AddressPolicy policy;
    private final long maxBytes;
    private final Duration timeout;

    /**
     * The HTTP client gets an executor of its own (a virtual thread per task). It must not share the pool that runs
     * the blocking {@link #fetch} calls: with every thread of that pool inside a fetch, nothing was left to complete
     * them, and they hung past their own timeout (four playbacks of new URLs at once on the media engine's four
     * I/O threads stalled its playback, speech watchdog and recordings).
     */
    public AudioFetcher(AddressPolicy policy, long maxBytes, Duration timeout) {
        this.policy = policy;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.clientTasks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("playback-http-", 0).factory());
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .executor(clientTasks)
                .build();
    }

    /** Stops the HTTP client and its tasks; fetches in progress fail. */
    public void close() {
        client.shutdownNow();
        clientTasks.shutdownNow();
    }

    public byte[] fetch(URI url) throws IOException {
        return fetch(url, true);
    }

    /**
     * One fetch of {@code body} from a throwaway server on the loopback address, through this client but past
     * the address policy (the socket is our own): the first request of a JVM's HTTP client loads its classes
     * and starts its selector thread, which the first playback of a fresh node would otherwise wait for.
     */
    public void warmUp(byte[] body) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            Thread.ofVirtual().name("playback-warm-up-server").start(() -> serveOnce(server, body));
            byte[] got = fetch(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/warm-up.wav"), false);
            if (got.length != body.length) {
                throw new IOException("the warm-up fetch returned " + got.length + " bytes of " + body.length);
            }
        }
    }

    private static void serveOnce(ServerSocket server, byte[] body) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            // The request ends with an empty line; it has no body.
            int last4 = 0;
            int b;
            while ((b = in.read()) >= 0) {
                last4 = (last4 << 8) | b;
                if (last4 == 0x0d0a0d0a) {
                    break;
                }
            }
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // The fetch reports it.
        }
    }

    private byte[] fetch(URI url, boolean checkAddresses) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (checkAddresses) {
                check(current);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("timed out fetching " + redacted(url));
            }
            HttpRequest request = HttpRequest.newBuilder(current).timeout(Duration.ofNanos(left)).GET()
                    .header("Accept", "audio/*, */*;q=0.5").build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted fetching " + redacted(url), e);
            } catch (java.net.http.HttpTimeoutException e) {
                throw new IOException("timed out fetching " + redacted(url), e);
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                response.body().close();
                current = current.resolve(response.headers().firstValue("Location").get());
                continue;
            }
            try (InputStream body = response.body()) {
                if (status != 200) {
                    throw new IOException("HTTP " + status + " fetching " + redacted(url));
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    throw new IOException("file too large (" + declared + " bytes, at most " + maxBytes + "): "
                            + redacted(url));
                }
                return readCapped(body, url);
            }
        }
        throw new IOException("too many redirects fetching " + redacted(url));
    }

    private void check(URI uri) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("only http and https URLs can be played: " + redacted(uri));
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IOException("URL has no host: " + redacted(uri));
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IOException("unknown host in " + redacted(uri), e);
        }
        for (InetAddress a : addresses) {
            if (!policy.allows(a, port)) {
                throw new IOException("fetching from internal address " + a.getHostAddress()
                        + " is not allowed: " + redacted(uri));
            }
        }
    }

    private byte[] readCapped(InputStream in, URI url) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        byte[] buf = new byte[32 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + (long) n > maxBytes) {
                throw new IOException("file too large (more than " + maxBytes + " bytes): " + redacted(url));
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The URL without query and fragment: query strings often carry tokens that logs must not keep. */
    public static String redacted(URI uri) {
        String s = uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        int at = s.indexOf('@');
        if (at > 0 && uri.getRawUserInfo() != null) {
            s = uri.getScheme() + "://" + s.substring(at + 1);
        }
        return uri.getRawQuery() != null ? s + "?…" : s;
    }
}
