package dev.dialtone.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.internal.codec.AudioCodec;
import dev.dialtone.media.internal.codec.Codecs;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The load process of {@code ./dialtone bench videoconf}, in its own JVM: web participants over the
 * web SDK protocol (wss login with a password, {@code createCall} to {@code joinconf} with
 * {@code X-Conference-Id}, then ICE + DTLS-SRTP + Opus media, {@link LoadWebPeer}) and phone callers
 * over SIP + G.711 RTP keying their PIN by RFC 4733 ({@link LoadPhone}). One thread sends every
 * participant's packet each 20 ms (send times spread over the 20 ms), one receives on all sockets.
 *
 * <p>Arguments: {@code httpsPort sipPort number userDomain password rooms webPerRoom}. Prints
 * {@code JOINED ...} when the participants are in; on a line {@code WINDOW <seconds>} measures what
 * they receive for that long and prints {@code RESULT ...} lines; when standard input closes, hangs
 * everyone up and exits.
 */
public final class VideoconfLoad {
    static final double[] WEB_TONES = {400, 500, 600, 700};
    static final double PHONE_TONE = 1_000;
    private static final long FRAME = 20_000_000L;

    private final List<LoadWebPeer> web = new ArrayList<>();
    private final List<LoadPhone> phones = new ArrayList<>();
    private final ConcurrentLinkedQueue<Object[]> toRegister = new ConcurrentLinkedQueue<>();
    private final Selector selector;
    private volatile long windowFrom = Long.MAX_VALUE;
    private volatile long windowTo = Long.MAX_VALUE;
    private volatile boolean running = true;
    private volatile int windowId;
    private final ExecutorService dtls = Executors.newFixedThreadPool(2);
    private Vertx vertx;
    private WebSocketClient client;
    private int httpsPort;
    private String domain;
    private String password;

    private VideoconfLoad() throws IOException {
        selector = Selector.open();
    }

    public static void main(String[] args) throws Exception {
        new VideoconfLoad().run(Integer.parseInt(args[0]), Integer.parseInt(args[1]), args[2], args[3], args[4],
                Integer.parseInt(args[5]), Integer.parseInt(args[6]));
    }

    private void run(int httpsPort, int sipPort, String number, String domain, String password, int rooms, int perRoom)
            throws Exception {
        AudioCodec opus = Codecs.forFormat(LoadWebPeer.OPUS).orElseThrow();
        byte[][][] opusFrames = new byte[WEB_TONES.length][][];
        for (int t = 0; t < WEB_TONES.length; t++) {
            opusFrames[t] = encode(opus, ToneMeter.tone(WEB_TONES[t], 50, 6_000));
        }
        byte[] phoneTone = ulawFrame(ToneMeter.tone(PHONE_TONE, 1, 6_000));
        for (int r = 0; r < rooms; r++) {
            for (int k = 0; k < perRoom; k++) {
                int i = r * perRoom + k;
                web.add(new LoadWebPeer(i, room(r), "w" + room(r) + "n" + k, i % 10 == 0, new double[] {PHONE_TONE}));
            }
        }
        for (int r = 0; r < rooms; r++) {
            phones.add(new LoadPhone(r, room(r), new InetSocketAddress(InetAddress.getLoopbackAddress(), sipPort), number,
                    phoneTone, WEB_TONES));
        }
        Thread rx = Thread.ofPlatform().name("vcload-rx").start(this::receive);
        Thread tx = Thread.ofPlatform().name("vcload-tx").start(() -> send(opusFrames));
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(false));
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustAll(true)
                .setVerifyHost(false).setMaxConnections(web.size() + 10).setConnectTimeout(30_000));
        this.httpsPort = httpsPort;
        this.domain = domain;
        this.password = password;

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        int joined = 0;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("JOIN ")) {
                int upTo = Math.min(rooms, Integer.parseInt(line.substring(5).trim()));
                joinRooms(joined, upTo, perRoom);
                joined = Math.max(joined, upTo);
            } else if (line.startsWith("WINDOW ")) {
                int seconds = Integer.parseInt(line.substring(7).trim());
                long from = System.nanoTime();
                windowId++;
                windowTo = from + seconds * 1_000_000_000L;
                windowFrom = from;
                Thread.sleep(seconds * 1_000L + 100);
                report(seconds);
            }
        }
        // standard input closed: hang everyone up
        for (WebSession s : WebSession.ALL) {
            s.hangUp();
        }
        phones.forEach(LoadPhone::hangUp);
        Thread.sleep(500);
        running = false;
        tx.join(2_000);
        rx.join(2_000);
        dtls.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        System.exit(0);
    }

    /**
     * Joins rooms {@code [from, to)}: their web participants (6 in flight: connect, login, createCall,
     * ICE, DTLS), then their phones (10 in flight), and waits until those phones hear their room's web
     * tones (45 s at most). Prints {@code JOINED ...}.
     */
    private void joinRooms(int from, int to, int perRoom) throws Exception {
        List<LoadWebPeer> newWeb = web.subList(from * perRoom, to * perRoom);
        List<LoadPhone> newPhones = phones.subList(from, to);
        Semaphore inFlight = new Semaphore(6);
        CountDownLatch webDone = new CountDownLatch(newWeb.size());
        AtomicInteger webOk = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        long setupStart = System.nanoTime();
        for (LoadWebPeer peer : newWeb) {
            inFlight.acquire();
            WebSession s = new WebSession(peer, domain, password, dtls, inFlight, webDone, webOk, failures);
            client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(httpsPort).setSsl(true)
                    .setURI("/platform?version=3&client=vcbench&video=true&client_version=bench")).onComplete(ar -> {
                        if (ar.failed()) {
                            s.fail("connect: " + ar.cause());
                        } else {
                            s.attach(ar.result(), vertx);
                        }
                    });
        }
        webDone.await(240, TimeUnit.SECONDS);
        double webSetup = (System.nanoTime() - setupStart) / 1e9;

        long phoneStart = System.nanoTime();
        ExecutorService phoneCalls = Executors.newFixedThreadPool(10);
        for (LoadPhone phone : newPhones) {
            phoneCalls.submit(() -> {
                try {
                    if (phone.call()) {
                        toRegister.add(new Object[] {phone.rtp, phone});
                        selector.wakeup();
                    }
                } catch (IOException | RuntimeException e) {
                    phone.stats.failure = e.toString();
                }
            });
            Thread.sleep(20);
        }
        phoneCalls.shutdown();
        phoneCalls.awaitTermination(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + 45_000_000_000L;
        while (System.nanoTime() < deadline
                && newPhones.stream().anyMatch(p -> p.stats.answered && p.stats.firstRoomToneNanos == 0)) {
            Thread.sleep(100);
        }
        double phoneSetup = (System.nanoTime() - phoneStart) / 1e9;
        long phonesAnswered = newPhones.stream().filter(p -> p.stats.answered).count();
        long phonesInRoom = newPhones.stream().filter(p -> p.stats.firstRoomToneNanos != 0).count();
        System.out.printf(Locale.ROOT, "JOINED rooms=%d web=%d/%d in %.1f s, phones answered=%d hearing their room=%d/%d in %.1f s%n",
                to, webOk.get(), newWeb.size(), webSetup, phonesAnswered, phonesInRoom, newPhones.size(), phoneSetup);
        failures.stream().limit(3).forEach(f -> System.out.println("FAILURE web " + f));
        newPhones.stream().filter(p -> !p.stats.failure.isEmpty()).limit(3)
                .forEach(p -> System.out.println("FAILURE phone " + p.index + ": " + p.stats.failure));
        System.out.flush();
    }

    private static int room(int r) {
        return 101 + r;
    }

    private void report(int seconds) {
        int id = windowId;
        List<LoadWebPeer> live = web.stream().filter(LoadWebPeer::ready).toList();
        long[] rates = live.stream().mapToLong(p -> p.stats.window == id ? p.stats.windowPackets : 0).sorted().toArray();
        long decoded = live.stream().filter(p -> p.stats.window == id).mapToLong(p -> p.stats.decoded).sum();
        long heard = live.stream().filter(p -> p.stats.window == id).mapToLong(p -> p.stats.heard).sum();
        long maxGap = live.stream().filter(p -> p.stats.window == id).mapToLong(p -> p.stats.maxGapNanos).max().orElse(0);
        long bad = live.stream().mapToLong(p -> p.stats.undecryptable + p.stats.undecodable).sum();
        long consent = live.stream().mapToLong(p -> p.stats.consentChecks).sum();
        Histogram join = new Histogram(3);
        for (LoadWebPeer p : live) {
            if (p.stats.firstPacketNanos > 0) {
                join.recordValue(Math.max(1, (p.stats.firstPacketNanos - p.stats.joinRequestedNanos) / 1_000));
            }
        }
        long silent = live.stream().filter(p -> p.stats.window != id || p.stats.windowPackets == 0).count();
        List<String> ended = live.stream().map(p -> p.stats.ended).filter(e -> !e.isEmpty()).toList();
        if (silent > 0 || !ended.isEmpty()) {
            System.out.println("FAILURE web: " + silent + " peers received nothing in the window; " + ended.size()
                    + " calls ended by the node" + (ended.isEmpty() ? "" : ", e.g. " + ended.getFirst()));
        }
        System.out.printf(Locale.ROOT, "RESULT web in=%d pkt/s min %.1f median %.1f, max gap %.0f ms; sampled peers heard the phone "
                        + "in %.1f%% of %d frames; errors %d; consent checks %d; createCall->first packet p50 %.0f ms p99 %.0f ms max %.0f ms%n",
                live.size(), rates.length == 0 ? 0.0 : rates[0] / (double) seconds,
                rates.length == 0 ? 0.0 : rates[rates.length / 2] / (double) seconds, maxGap / 1e6,
                decoded == 0 ? 0.0 : 100.0 * heard / decoded, decoded, bad, consent, join.getValueAtPercentile(50) / 1e3,
                join.getValueAtPercentile(99) / 1e3, join.getMaxValue() / 1e3);
        List<LoadPhone> in = phones.stream().filter(p -> p.stats.answered).toList();
        long[] prates = in.stream().mapToLong(p -> p.stats.window == id ? p.stats.windowPackets : 0).sorted().toArray();
        long pkts = in.stream().filter(p -> p.stats.window == id).mapToLong(p -> p.stats.windowPackets).sum();
        long pheard = in.stream().filter(p -> p.stats.window == id).mapToLong(p -> p.stats.heard).sum();
        Histogram firstAudio = new Histogram(3);
        Histogram firstTone = new Histogram(3);
        for (LoadPhone p : in) {
            if (p.stats.hashNanos > 0 && p.stats.firstAudioNanos > 0) {
                firstAudio.recordValue(Math.max(1, (p.stats.firstAudioNanos - p.stats.hashNanos) / 1_000));
            }
            if (p.stats.hashNanos > 0 && p.stats.firstRoomToneNanos > 0) {
                firstTone.recordValue(Math.max(1, (p.stats.firstRoomToneNanos - p.stats.hashNanos) / 1_000));
            }
        }
        System.out.printf(Locale.ROOT, "RESULT phones in=%d (hung up by the node %d) pkt/s min %.1f median %.1f; heard the web tones in %.1f%% of frames; "
                        + "end of # -> first audio p50 %.0f ms p99 %.0f ms max %.0f ms, -> web tones p50 %.0f ms p99 %.0f ms max %.0f ms (n=%d)%n",
                in.size(), in.stream().filter(p -> p.stats.byeFromNode).count(), prates.length == 0 ? 0.0 : prates[0] / (double) seconds,
                prates.length == 0 ? 0.0 : prates[prates.length / 2] / (double) seconds, pkts == 0 ? 0.0 : 100.0 * pheard / pkts,
                firstAudio.getValueAtPercentile(50) / 1e3, firstAudio.getValueAtPercentile(99) / 1e3, firstAudio.getMaxValue() / 1e3,
                firstTone.getValueAtPercentile(50) / 1e3, firstTone.getValueAtPercentile(99) / 1e3, firstTone.getMaxValue() / 1e3,
                firstTone.getTotalCount());
        System.out.flush();
    }

    /** Every participant's packet each 20 ms, send times spread over 20 slots of 1 ms. */
    private void send(byte[][][] opusFrames) {
        ByteBuffer out = ByteBuffer.allocateDirect(2048);
        long start = System.nanoTime();
        int slots = 20;
        int total = web.size() + phones.size();
        for (long frame = 0; running; frame++) {
            for (int slot = 0; slot < slots && running; slot++) {
                long due = start + frame * FRAME + slot * (FRAME / slots);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long now = System.nanoTime();
                for (int i = slot; i < total; i += slots) {
                    try {
                        if (i < web.size()) {
                            LoadWebPeer p = web.get(i);
                            byte[][] frames = opusFrames[(i % 4) % opusFrames.length];
                            p.send(frames[(int) (frame % frames.length)], frame, out);
                        } else {
                            phones.get(i - web.size()).sendFrame(out, now);
                        }
                    } catch (IOException | RuntimeException e) {
                        // a closed socket during teardown; the receive side counts what arrived
                    }
                }
            }
        }
    }

    private void receive() {
        byte[] buf = new byte[2048];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        try {
            while (running) {
                Object[] reg;
                while ((reg = toRegister.poll()) != null) {
                    ((DatagramChannel) reg[0]).register(selector, SelectionKey.OP_READ, reg[1]);
                }
                selector.select(50);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    for (int n = 0; n < 64; n++) {
                        bb.clear();
                        if (ch.receive(bb) == null) {
                            break;
                        }
                        long now = System.nanoTime();
                        int window = now >= windowFrom && now < windowTo ? windowId : 0;
                        if (key.attachment() instanceof LoadWebPeer p) {
                            p.received(buf, bb.position(), now, window);
                        } else if (key.attachment() instanceof LoadPhone p) {
                            p.received(buf, bb.position(), now, window);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // teardown
        }
    }

    private static byte[][] encode(AudioCodec codec, short[] pcm) {
        AudioCodec.Encoder enc = codec.newEncoder();
        List<byte[]> frames = new ArrayList<>();
        byte[] buf = new byte[1_500];
        for (int pos = 0; pos + 160 <= pcm.length; pos += 160) {
            int n = enc.encode(pcm, pos, 160, buf, 0);
            frames.add(Arrays.copyOf(buf, n));
        }
        return frames.toArray(new byte[0][]);
    }

    private static byte[] ulawFrame(short[] pcm) {
        AudioCodec.Encoder enc = Codecs.forFormat(PayloadFormat.PCMU).orElseThrow().newEncoder();
        byte[] out = new byte[160];
        enc.encode(pcm, 0, 160, out, 0);
        return out;
    }

    /** One web participant's signalling: login, createCall, the answer to its media, hang-up. */
    private final class WebSession {
        static final List<WebSession> ALL = java.util.Collections.synchronizedList(new ArrayList<>());
        private final LoadWebPeer peer;
        private final String domain;
        private final String password;
        private final ExecutorService dtls;
        private final Semaphore inFlight;
        private final CountDownLatch done;
        private final AtomicInteger ok;
        private final List<String> failures;
        private final String callId;
        private WebSocket ws;
        private boolean media;
        private boolean finished;

        WebSession(LoadWebPeer peer, String domain, String password, ExecutorService dtls, Semaphore inFlight,
                   CountDownLatch done, AtomicInteger ok, List<String> failures) {
            this.peer = peer;
            this.domain = domain;
            this.password = password;
            this.dtls = dtls;
            this.inFlight = inFlight;
            this.done = done;
            this.ok = ok;
            this.failures = failures;
            this.callId = "vcbench-call-" + peer.index;
            ALL.add(this);
        }

        void attach(WebSocket socket, Vertx vertx) {
            ws = socket;
            ws.textMessageHandler(this::onFrame);
            ws.closeHandler(v -> {
                if (peer.ready() && peer.stats.ended.isEmpty()) {
                    peer.stats.ended = "the WebSocket closed";
                }
                fail("the WebSocket closed");
            });
            vertx.setPeriodic(1_000 + peer.index % 100, t -> {
                if (!ws.isClosed()) {
                    ws.writeTextMessage("{\"name\":\"__ping\",\"params\":[[]]}");
                }
            });
        }

        private void onFrame(String text) {
            JsonObject f = new JsonObject(text);
            String name = f.getString("name", "");
            JsonArray params = f.getJsonArray("params", new JsonArray());
            switch (name) {
                case "__connectionSuccessful" -> ws.writeTextMessage(new JsonObject().put("name", "login").put("params",
                        new JsonArray().add(peer.user + "@" + domain).add(password).add(new JsonObject())).encode());
                case "loginFailed" -> fail("login failed: " + params);
                case "loginSuccessful" -> {
                    peer.stats.joinRequestedNanos = System.nanoTime();
                    ws.writeTextMessage(new JsonObject().put("name", "createCall").put("params", new JsonArray().add(-1)
                            .add("joinconf").add(true).add(callId).addNull().addNull()
                            .add(new JsonObject().put("X-Conference-Id", Integer.toString(peer.room))).add("")
                            .add(peer.offer()).add(new JsonObject())).encode());
                }
                case "__ping" -> ws.writeTextMessage("{\"name\":\"__pong\",\"params\":[[]]}");
                case "startEarlyMedia", "handleConnectionConnected" -> {
                    String sdp = params.size() > 2 ? String.valueOf(params.getValue(2)) : "";
                    if (!media && sdp.startsWith("v=0")) {
                        media = true;
                        dtls.submit(() -> {
                            try {
                                peer.connect(sdp);
                                toRegister.add(new Object[] {peer.channel, peer});
                                selector.wakeup();
                                succeed();
                            } catch (Exception e) {
                                fail("media: " + e);
                            }
                        });
                    }
                }
                case "handleConnectionFailed", "handleConnectionDisconnected" -> {
                    if (peer.ready()) {
                        peer.stats.ended = name + " " + params.getValue(1);
                    }
                    fail(name + " " + params);
                }
                default -> {
                    // roster messages (handleSIPInfo), pongs, ring-out
                }
            }
        }

        private synchronized void succeed() {
            if (!finished) {
                finished = true;
                ok.incrementAndGet();
                inFlight.release();
                done.countDown();
            }
        }

        synchronized void fail(String why) {
            if (!finished) {
                finished = true;
                failures.add(peer.user + ": " + why);
                inFlight.release();
                done.countDown();
            }
        }

        void hangUp() {
            if (ws != null && !ws.isClosed()) {
                ws.writeTextMessage(new JsonObject().put("name", "disconnectCall").put("params",
                        new JsonArray().add(callId).add(new JsonObject())).encode());
            }
        }
    }
}
