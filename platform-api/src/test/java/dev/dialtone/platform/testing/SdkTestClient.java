package dev.dialtone.platform.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A web SDK protocol client over a real {@code wss://} connection, for integration tests: sends
 * {@code {"name","params"}} frames, collects the server's frames in order, optionally pings every
 * 500 ms like the SDK does (1 s there), and reports the close code. Not a browser: it sends an
 * {@code Origin} header only if given one.
 */
public final class SdkTestClient implements AutoCloseable {
    private static final ScheduledExecutorService PINGER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sdk-test-pinger");
        t.setDaemon(true);
        return t;
    });

    private final LinkedBlockingQueue<JsonObject> frames;
    private final CompletableFuture<Integer> closed;
    private final WebSocket ws;
    private ScheduledFuture<?> pinging;

    private SdkTestClient(WebSocket ws, LinkedBlockingQueue<JsonObject> frames, CompletableFuture<Integer> closed) {
        this.ws = ws;
        this.frames = frames;
        this.closed = closed;
    }

    /** Connects to {@code wss://127.0.0.1:<port>/platform?version=3...}, trusting {@code ssl}; {@code origin} may be null. */
    public static SdkTestClient connect(SSLContext ssl, int httpsPort, String origin) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Builder b = http.newWebSocketBuilder();
        if (origin != null) {
            b.header("Origin", origin);
        }
        WebSocket ws = b.buildAsync(URI.create("wss://127.0.0.1:" + httpsPort
                + "/platform?version=3&client=java&ccheck=false&referrer=&extra=&video=true&client_version=test"),
                new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(new JsonObject(partial.toString()));
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                        closed.complete(-1);
                    }
                }).get(10, TimeUnit.SECONDS);
        return new SdkTestClient(ws, frames, closed);
    }

    /** Pings every 500 ms until closed (the SDK pings every second). */
    public SdkTestClient autoPing() {
        pinging = PINGER.scheduleAtFixedRate(() -> {
            if (!closed.isDone()) {
                sendRaw("{\"name\":\"__ping\",\"params\":[[]]}");
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        return this;
    }

    public void send(String name, Object... params) {
        JsonArray a = new JsonArray();
        for (Object p : params) {
            a.add(p);
        }
        sendRaw(new JsonObject().put("name", name).put("params", a).encode());
    }

    public synchronized void sendRaw(String text) {
        ws.sendText(text, true).join();
    }

    /** The next frame named {@code name} (others, and pongs, are skipped), or an AssertionError after {@code timeout}. */
    public JsonObject next(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> seen = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("no " + name + " within " + timeout + "; saw " + seen);
            }
            if (f.getString("name").equals(name)) {
                return f;
            }
            if (!f.getString("name").equals("__pong")) {
                seen.add(f.encode());
            }
        }
    }

    /** The next frame other than {@code __pong}. */
    public JsonObject next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("no frame within " + timeout);
            }
            if (!f.getString("name").equals("__pong")) {
                return f;
            }
        }
    }

    /** The close code the server sent, waiting up to {@code timeout}; -1 on an error without a close frame. */
    public int closeCode(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops the connection without a close frame, as a lost network does. */
    public void abort() {
        if (pinging != null) {
            pinging.cancel(false);
        }
        ws.abort();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (pinging != null) {
            pinging.cancel(false);
        }
        if (!closed.isDone()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                ws.abort();
            }
        }
        ws.abort();
    }
}
