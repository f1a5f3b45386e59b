package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.CallEvent;
import dev.dialtone.core.Conference;
import dev.dialtone.core.ToneSource;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.HeadlessChromium;
import dev.dialtone.media.testing.LoopbackMediaEngine;
import dev.dialtone.media.testing.RecordingWebRtcListener;
import dev.dialtone.media.testing.RtpPeer;
import dev.dialtone.media.testing.ToneGenerator;
import dev.dialtone.media.testing.WavBytes;

/**
 * A real Chromium (Debian's, headless) calls into the media engine: the page makes a real
 * RTCPeerConnection whose offer the test answers with {@link MediaEngine#createWebRtcEndpoint}, and
 * the browser's endpoint sits in a conference with a plain RTP phone ({@link RtpPeer}). Checked:
 * the page hears the phone's tone (Web Audio FFT in the page), the phone hears the page's fake
 * microphone tone (Goertzel), a digit from {@code RTCDTMFSender.insertDTMF} becomes
 * {@code ToneReceived}, Opus is negotiated; the time from {@code setRemoteDescription(answer)} to
 * the first audible audio in the page is printed.
 */
class ChromiumWebRtcIT {
    private static final double PHONE_TONE = 700;
    private static final double BROWSER_TONE = 1_200;
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private LoopbackMediaEngine media;
    private HttpServer http;
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(2);
    private final BlockingQueue<Map<String, String>> pageEvents = new LinkedBlockingQueue<>();
    private final CompletableFuture<WebRtcEndpoint> endpoint = new CompletableFuture<>();
    private final RecordingWebRtcListener listener = new RecordingWebRtcListener();
    private volatile OfferHandler onOffer;
    private final CompletableFuture<WebRtcOffer> serverOffer = new CompletableFuture<>();

    /** What the test does with the page's offer: returns the answer SDP, or null to refuse. */
    @FunctionalInterface
    private interface OfferHandler {
        String answer(String offer) throws Exception;
    }

    @BeforeEach
    void start() throws IOException {
        media = LoopbackMediaEngine.create(dir);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.createContext("/browser-call.html", ex -> {
            try (InputStream in = getClass().getResourceAsStream("/webrtc/browser-call.html")) {
                respond(ex, 200, "text/html", in.readAllBytes());
            }
        });
        http.createContext("/offer", ex -> {
            String offer = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                String answer = onOffer.answer(offer);
                respond(ex, answer == null ? 488 : 200, "application/sdp",
                        (answer == null ? "rejected" : answer).getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                respond(ex, 500, "text/plain", String.valueOf(e).getBytes(StandardCharsets.UTF_8));
            }
        });
        http.createContext("/browser-answer.html", ex -> {
            try (InputStream in = getClass().getResourceAsStream("/webrtc/browser-answer.html")) {
                respond(ex, 200, "text/html", in.readAllBytes());
            }
        });
        http.createContext("/server-offer", ex -> respond(ex, 200, "application/sdp",
                serverOffer.join().sdp().getBytes(StandardCharsets.UTF_8)));
        http.createContext("/answer", ex -> {
            String answer = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            WebRtcAnswer a = serverOffer.join().accept(answer, listener);
            if (a instanceof WebRtcAnswer.Accepted accepted) {
                endpoint.complete(accepted.endpoint());
                respond(ex, 204, "text/plain", new byte[0]);
            } else {
                endpoint.completeExceptionally(new AssertionError("the page's answer was rejected: " + a));
                respond(ex, 488, "text/plain", String.valueOf(a).getBytes(StandardCharsets.UTF_8));
            }
        });
        http.createContext("/event", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> fields = new HashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            pageEvents.add(fields);
            respond(ex, 204, "text/plain", new byte[0]);
        });
        http.setExecutor(httpThreads);
        http.start();
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @AfterEach
    void stop() {
        http.stop(0);
        httpThreads.shutdownNow();
        media.close();
    }

    /** Waits for the page's next event of {@code type}, failing on a page error. */
    private Map<String, String> await(String type, HeadlessChromium chromium) throws Exception {
        long deadline = System.nanoTime() + PAGE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, String> e = pageEvents.poll(200, TimeUnit.MILLISECONDS);
            if (e == null) {
                assertThat(chromium.alive()).as("chromium is running; log:%n%s", chromium.log()).isTrue();
                continue;
            }
            assertThat(e.get("type")).as("page error: %s%nchromium log:%n%s", e.get("message"), chromium.log())
                    .isNotEqualTo("error");
            if (type.equals(e.get("type"))) {
                return e;
            }
        }
        throw new AssertionError("the page sent no '" + type + "' in " + PAGE_TIMEOUT + "; chromium log:\n"
                + chromium.log());
    }

    private Path fakeMicrophone() throws IOException {
        short[] tone = ToneGenerator.tone(BROWSER_TONE, 8_000, 48_000, 48_000 * 10);
        return Files.write(dir.resolve("microphone.wav"), WavBytes.of(tone, 48_000, 1));
    }

    @Test
    void aBrowserAndAPhoneTalkInAConference() throws Exception {
        RtpPeer phone = RtpPeer.open();
        RtpEndpoint sip = media.engine().createRtpEndpoint(EndpointListener.NONE);
        sip.configure(RtpParameters.of(phone.address(), PayloadFormat.PCMU));
        Conference conf = media.engine().createConference("browser-and-phone");
        sip.sendMediaTo(conf);
        conf.sendMediaTo(sip);
        RecordingWebRtcListener secondListener = new RecordingWebRtcListener();
        onOffer = offer -> {
            boolean first = !endpoint.isDone();
            if (first) {
                // The phone talks from the moment the browser calls, so the page hears audio as soon as it can.
                phone.stream(RtpPeer.tone(PHONE_TONE, 8_000, 30_000), sip.localAddress());
            }
            WebRtcAnswer a = media.engine().createWebRtcEndpoint(offer, first ? listener : secondListener);
            if (a instanceof WebRtcAnswer.Accepted accepted) {
                accepted.endpoint().sendMediaTo(conf);
                conf.sendMediaTo(accepted.endpoint());
                endpoint.complete(accepted.endpoint());
                return accepted.sdp();
            }
            endpoint.completeExceptionally(new AssertionError("rejected: " + a));
            return null;
        };
        // A node has been up for a while when browsers call: let the start-up warm-up finish first.
        media.engine().webrtcWarmedUp().get(60, TimeUnit.SECONDS);
        URI page = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/browser-call.html");
        try (phone; HeadlessChromium chromium = HeadlessChromium.open(page, fakeMicrophone(), dir)) {
            Map<String, String> audible = await("audible", chromium);
            Duration connected = listener.awaitConnected(Duration.ofSeconds(5));
            WebRtcEndpoint web = endpoint.get(1, TimeUnit.SECONDS);
            System.out.printf("browser: first audible audio %s ms after setRemoteDescription(answer); "
                            + "browser connected after %s ms; server endpoint connected %d ms after the offer%n",
                    audible.get("ms"), audible.get("connectedMs"), connected.toMillis());
            assertThat(Double.parseDouble(audible.get("ms"))).as("the page heard audio").isPositive();

            // (1) The page hears the phone's tone at its frequency.
            Map<String, String> peak = await("peak", chromium);
            System.out.printf("browser: spectrum peak %s Hz at %s dB, rms %s%n", peak.get("hz"), peak.get("db"),
                    peak.get("rms"));
            assertThat(Double.parseDouble(peak.get("hz"))).isCloseTo(PHONE_TONE, org.assertj.core.data.Offset.offset(12.0));

            // (3) sendTone's path: RTCDTMFSender → RFC 4733 → ToneReceived.
            assertThat(await("dtmf", chromium).get("canInsert")).isEqualTo("true");
            CallEvent.ToneReceived digit = listener.await(CallEvent.ToneReceived.class, Duration.ofSeconds(10));
            assertThat(digit.tone()).isEqualTo('5');
            assertThat(digit.source()).isEqualTo(ToneSource.RTP_EVENT);

            // (4) Opus both ways.
            Map<String, String> codec = await("codec", chromium);
            assertThat(codec.get("inbound")).isEqualToIgnoringCase("audio/opus");
            assertThat(codec.get("outbound")).isEqualToIgnoringCase("audio/opus");
            assertThat(web.codec().encoding()).isEqualTo("OPUS");

            // A second call from the same page, now that the node is warm.
            Map<String, String> again = await("audible2", chromium);
            Duration secondConnected = secondListener.awaitConnected(Duration.ofSeconds(5));
            System.out.printf("browser, second call: first audible audio %s ms after setRemoteDescription(answer); "
                    + "server endpoint connected %d ms after the offer%n", again.get("ms"), secondConnected.toMillis());
            assertThat(Double.parseDouble(again.get("ms"))).isPositive();
            await("done", chromium);
            // The page closed both peer connections: DTLS close_notify ends the endpoints.
            assertThat(listener.awaitFailed(Duration.ofSeconds(5)).reason()).isEqualTo(WebRtcFailure.Reason.PEER_CLOSED);

            // (2) and (5): the phone hears the browser's microphone through the conference.
            short[] heard = phone.receivedAudio(PayloadFormat.PCMU);
            double level = GoertzelMeter.activeMedian(heard, BROWSER_TONE, 500);
            System.out.printf("phone: browser tone %.0f Hz at %.1f dBFS, own tone echoed at %.1f dB%n", BROWSER_TONE,
                    GoertzelMeter.db(level / 32_768 * Math.sqrt(2)),
                    GoertzelMeter.db(GoertzelMeter.blockMax(heard, PHONE_TONE) / (8_000 / Math.sqrt(2))));
            assertThat(level).as("the phone hears the browser's tone").isGreaterThan(1_000);
            assertThat(GoertzelMeter.blockMax(heard, PHONE_TONE)).as("N-1: the phone does not hear itself")
                    .isLessThan(300);
            assertThat(web.stats().packetsReceived()).isGreaterThan(50);
        }
    }

    /**
     * The engine calls the browser ({@link MediaEngine#createWebRtcOffer}, as {@code callUser} to a page does): the
     * page answers the engine's offer, hears the phone through the conference, its digit arrives, the phone hears
     * the page, Opus both ways.
     */
    @Test
    void theEngineCallsABrowserThatAnswers() throws Exception {
        RtpPeer phone = RtpPeer.open();
        RtpEndpoint sip = media.engine().createRtpEndpoint(EndpointListener.NONE);
        sip.configure(RtpParameters.of(phone.address(), PayloadFormat.PCMU));
        Conference conf = media.engine().createConference("engine-calls-browser");
        sip.sendMediaTo(conf);
        conf.sendMediaTo(sip);
        media.engine().webrtcWarmedUp().get(60, TimeUnit.SECONDS);
        WebRtcOffer offer = media.engine().createWebRtcOffer();
        assertThat(offer.sdp()).contains("a=setup:actpass", "a=ice-lite", "opus/48000/2", "a=end-of-candidates");
        serverOffer.complete(offer);
        phone.stream(RtpPeer.tone(PHONE_TONE, 8_000, 30_000), sip.localAddress());
        URI page = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/browser-answer.html");
        try (phone; HeadlessChromium chromium = HeadlessChromium.open(page, fakeMicrophone(), dir)) {
            WebRtcEndpoint web = endpoint.get(60, TimeUnit.SECONDS);
            web.sendMediaTo(conf);
            conf.sendMediaTo(web);
            Map<String, String> audible = await("audible", chromium);
            Duration connected = listener.awaitConnected(Duration.ofSeconds(5));
            System.out.printf("engine calls a browser: first audible audio %s ms after the answer was posted; "
                    + "server endpoint connected after %d ms%n", audible.get("ms"), connected.toMillis());
            assertThat(Double.parseDouble(audible.get("ms"))).as("the page heard audio").isPositive();
            assertThat(Double.parseDouble(await("peak", chromium).get("hz")))
                    .isCloseTo(PHONE_TONE, org.assertj.core.data.Offset.offset(12.0));
            assertThat(await("dtmf", chromium).get("canInsert")).isEqualTo("true");
            CallEvent.ToneReceived digit = listener.await(CallEvent.ToneReceived.class, Duration.ofSeconds(10));
            assertThat(digit.tone()).isEqualTo('7');
            Map<String, String> codec = await("codec", chromium);
            assertThat(codec.get("inbound")).isEqualToIgnoringCase("audio/opus");
            assertThat(codec.get("outbound")).isEqualToIgnoringCase("audio/opus");
            assertThat(web.codec().encoding()).isEqualTo("OPUS");
            await("done", chromium);
            assertThat(listener.awaitFailed(Duration.ofSeconds(5)).reason()).isEqualTo(WebRtcFailure.Reason.PEER_CLOSED);
            short[] heard = phone.receivedAudio(PayloadFormat.PCMU);
            assertThat(GoertzelMeter.activeMedian(heard, BROWSER_TONE, 500)).as("the phone hears the browser's tone")
                    .isGreaterThan(1_000);
            // The page sent for about 2.5 s; all of it counts, whichever of its addresses it sent from.
            RtpStats stats = web.stats();
            System.out.printf("engine calls a browser: %d packets received, %d lost%n", stats.packetsReceived(), stats.packetsLost());
            assertThat(stats.packetsReceived()).isGreaterThan(80);
            assertThat(stats.packetsLost()).isLessThan(stats.packetsReceived() / 5);
        }
    }

    @Test
    void anOfferThatIsNotAnsweredFreesItsPortAndABadAnswerIsRejected() throws Exception {
        media.engine().webrtcWarmedUp().get(60, TimeUnit.SECONDS);
        WebRtcOffer unanswered = media.engine().createWebRtcOffer();
        unanswered.cancel();
        unanswered.cancel();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unanswered.accept("v=0", listener))
                .isInstanceOf(IllegalStateException.class);
        WebRtcOffer offer = media.engine().createWebRtcOffer();
        // An answer that wants us to be the DTLS client, which we never are.
        String passive = offer.sdp().replace("a=setup:actpass", "a=setup:passive").replace("a=ice-lite\r\n", "");
        WebRtcAnswer a = offer.accept(passive, listener);
        assertThat(a).isInstanceOf(WebRtcAnswer.Rejected.class);
        assertThat(((WebRtcAnswer.Rejected) a).detail()).contains("DTLS client");
    }
}
