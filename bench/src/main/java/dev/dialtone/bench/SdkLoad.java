package dev.dialtone.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The load process of {@code ./dialtone bench sdk}: opens N web SDK connections to a node (wss, loopback),
 * logs each in with an access token, then keeps them idle, pinging like the SDK, until its standard input
 * closes. Prints {@code READY <ok> <failed>} once every connection has logged in or failed. Run by
 * {@link SdkBench} as a separate JVM so that the node's memory and CPU are its own.
 *
 * <p>Arguments: port user accessToken count pingSeconds.
 */
public final class SdkLoad {
    private SdkLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String user = args[1];
        String token = args[2];
        int count = Integer.parseInt(args[3]);
        int pingSeconds = Integer.parseInt(args[4]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setPreferNativeTransport(false));
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustAll(true)
                .setVerifyHost(false).setMaxConnections(count + 10).setConnectTimeout(30_000));
        Semaphore inFlight = new Semaphore(100);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        String login = new JsonObject().put("name", "login").put("params", new JsonArray().add(user).add("")
                .add(new JsonObject().put("accessToken", token))).encode();
        String ping = "{\"name\":\"__ping\",\"params\":[[]]}";
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setSsl(true)
                    .setURI("/platform?version=3&client=bench&ccheck=false&referrer=&extra=&video=true&client_version=bench"))
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            failed.incrementAndGet();
                            inFlight.release();
                            done.countDown();
                            return;
                        }
                        WebSocket ws = ar.result();
                        boolean[] answered = new boolean[1];
                        ws.textMessageHandler(text -> {
                            if (answered[0]) {
                                return;
                            }
                            if (text.contains("__connectionSuccessful")) {
                                ws.writeTextMessage(login);
                            } else if (text.contains("loginSuccessful") || text.contains("loginFailed")) {
                                answered[0] = true;
                                (text.contains("loginSuccessful") ? ok : failed).incrementAndGet();
                                inFlight.release();
                                done.countDown();
                                long phase = ThreadLocalRandom.current().nextLong(1, pingSeconds * 1000L);
                                vertx.setTimer(phase, t -> vertx.setPeriodic(pingSeconds * 1000L, p -> ws.writeTextMessage(ping)));
                            }
                        });
                        ws.closeHandler(v -> {
                            if (!answered[0]) {
                                answered[0] = true;
                                failed.incrementAndGet();
                                inFlight.release();
                                done.countDown();
                            }
                        });
                    });
        }
        done.await(10, TimeUnit.MINUTES);
        System.out.println("READY " + ok.get() + " " + failed.get());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // wait for the benchmark to close our standard input
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
