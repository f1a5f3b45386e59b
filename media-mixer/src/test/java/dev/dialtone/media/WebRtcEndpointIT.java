package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.CallEvent;
import dev.dialtone.core.Conference;
import dev.dialtone.core.ToneSource;
import dev.dialtone.media.internal.graph.WebRtcEndpointUnit;
import dev.dialtone.media.internal.webrtc.stun.StunAttribute;
import dev.dialtone.media.internal.webrtc.stun.StunMessage;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.LoopbackMediaEngine;
import dev.dialtone.media.testing.RecordingWebRtcListener;
import dev.dialtone.media.testing.RtpPeer;
import dev.dialtone.media.testing.ToneGenerator;
import dev.dialtone.media.testing.WebRtcTestPeer;

/**
 * WebRTC endpoints over real UDP on loopback against a browser-like Java peer (ICE checks, DTLS
 * client, SRTP): media both ways with a SIP-style RTP call, digits, and every way the transport
 * can fail without harming the node.
 */
class WebRtcEndpointIT {
    private static final PayloadFormat OPUS = new PayloadFormat("OPUS", 111, 48_000);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private LoopbackMediaEngine media;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() {
        media = LoopbackMediaEngine.create(dir, b -> b.webrtcHandshakeTimeout(Duration.ofSeconds(3))
                .webrtcConsentTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        media.close();
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    private WebRtcAnswer.Accepted answer(WebRtcTestPeer peer, boolean opus, RecordingWebRtcListener listener) {
        WebRtcAnswer a = media.engine().createWebRtcEndpoint(peer.offer(opus), listener);
        assertThat(a).isInstanceOf(WebRtcAnswer.Accepted.class);
        return (WebRtcAnswer.Accepted) a;
    }

    private static void assertPortFree(InetSocketAddress address) throws Exception {
        try (DatagramSocket s = new DatagramSocket(address)) {
            assertThat(s.getLocalPort()).isEqualTo(address.getPort());
        }
    }

    @Test
    void theStartUpAnswerLeavesNoPortBehindAndCallsWorkAfterIt() throws Exception {
        // A fixed range, so that ports are counted (an ephemeral one is not).
        int first = 42_000 + 2 * ThreadLocalRandom.current().nextInt(1_000);
        try (LoopbackMediaEngine fixed = LoopbackMediaEngine.create(dir.resolve("fixed"),
                b -> b.rtpPorts(PortRange.parse(first + "-" + (first + 19))))) {
            fixed.engine().webrtcWarmedUp().get(60, TimeUnit.SECONDS);
            // Endpoints free their port on their mixer thread, a moment after release.
            assertThat(portsSettle(fixed.engine())).as("ports held after the warm-up's own offer and answer").isZero();
            WebRtcTestPeer browser = closeLater(WebRtcTestPeer.open());
            WebRtcAnswer a = fixed.engine().createWebRtcEndpoint(browser.offer(true), new RecordingWebRtcListener());
            assertThat(a).isInstanceOf(WebRtcAnswer.Accepted.class);
            assertThat(fixed.engine().allocatedPorts()).isEqualTo(1);
            fixed.engine().release(((WebRtcAnswer.Accepted) a).endpoint());
            assertThat(portsSettle(fixed.engine())).isZero();
        }
    }

    /** The ports held once none has been freed for 300 ms (at most 5 s). */
    private static int portsSettle(MediaEngine engine) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int last = engine.allocatedPorts();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline && (last > 0 || System.nanoTime() - stableSince < TimeUnit.MILLISECONDS.toNanos(300))) {
            Thread.sleep(20);
            int now = engine.allocatedPorts();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    @Test
    void opusFlowsBothWaysWithAPlainRtpCall() throws Exception {
        WebRtcTestPeer browser = closeLater(WebRtcTestPeer.open());
        RtpPeer phone = closeLater(RtpPeer.open());
        RecordingWebRtcListener listener = new RecordingWebRtcListener();
        WebRtcAnswer.Accepted a = answer(browser, true, listener);
        WebRtcEndpoint web = a.endpoint();
        assertThat(web.codec()).isEqualTo(OPUS);
        assertThat(a.sdp()).contains("a=ice-lite", "a=setup:passive", "a=candidate:1 1 udp 2130706431 127.0.0.1 "
                + web.localAddress().getPort() + " typ host");
        RtpEndpoint sip = media.engine().createRtpEndpoint(EndpointListener.NONE);
        sip.configure(RtpParameters.of(phone.address(), PayloadFormat.PCMU));
        web.sendMediaTo(sip);
        sip.sendMediaTo(web);

        browser.connect(a.sdp(), WebRtcTestPeer.fingerprintOf(a.sdp()));
        Duration took = listener.awaitConnected(WAIT);
        assertThat(took).isLessThan(WAIT);
        assertThat(web.connected()).isTrue();

        var phoneSends = phone.stream(RtpPeer.tone(600, 6_000, 2_000), sip.localAddress());
        var browserSends = browser.play(browser.audioPackets(new ToneGenerator(1_500, 6_000).next(2_000), OPUS));
        phoneSends.get(10, TimeUnit.SECONDS);
        browserSends.get(10, TimeUnit.SECONDS);
        Thread.sleep(300);

        short[] heardByBrowser = browser.receivedAudio(OPUS);
        short[] heardByPhone = phone.receivedAudio(PayloadFormat.PCMU);
        assertThat(GoertzelMeter.activeMedian(heardByBrowser, 600, 1_000)).as("browser hears the phone")
                .isBetween(0.7 * 6_000 / Math.sqrt(2), 1.3 * 6_000 / Math.sqrt(2));
        assertThat(GoertzelMeter.activeMedian(heardByPhone, 1_500, 1_000)).as("phone hears the browser")
                .isBetween(0.7 * 6_000 / Math.sqrt(2), 1.3 * 6_000 / Math.sqrt(2));
        assertThat(GoertzelMeter.blockMax(heardByBrowser, 1_500)).as("no echo of the browser").isLessThan(300);
        assertThat(listener.events()).anyMatch(e -> e instanceof CallEvent.FirstAudioPacketReceived);
        assertThat(browser.arrivals()).allMatch(p -> p.packet().payloadType() == 111);
        Thread.sleep(100);
        assertThat(web.stats().packetsReceived()).as("packets received; %s dropped",
                ((WebRtcEndpointUnit) web).transport().dropped()).isGreaterThan(80);
    }

    @Test
    void digitsFromTheBrowserArriveOnceEachAndPcmuIsTheFallback() throws Exception {
        WebRtcTestPeer browser = closeLater(WebRtcTestPeer.open());
        RecordingWebRtcListener listener = new RecordingWebRtcListener();
        WebRtcAnswer.Accepted a = answer(browser, false, listener);
        assertThat(a.endpoint().codec()).isEqualTo(PayloadFormat.PCMU);
        assertThat(a.sdp()).contains("a=rtpmap:0 PCMU/8000", "a=rtpmap:126 telephone-event/8000");
        browser.connect(a.sdp(), WebRtcTestPeer.fingerprintOf(a.sdp()));
        listener.awaitConnected(WAIT);

        var packets = new ArrayList<>(browser.audioPackets(new short[1_600], PayloadFormat.PCMU));
        packets.addAll(browser.eventPackets('7', 120, 126, 8_000));
        packets.addAll(browser.audioPackets(new short[1_600], PayloadFormat.PCMU));
        browser.play(packets).get(10, TimeUnit.SECONDS);

        CallEvent.ToneReceived tone = listener.await(CallEvent.ToneReceived.class, WAIT);
        assertThat(tone.tone()).isEqualTo('7');
        assertThat(tone.source()).isEqualTo(ToneSource.RTP_EVENT);
        assertThat(tone.duration()).isEqualTo(Duration.ofMillis(120));
        Thread.sleep(200);
        assertThat(listener.events().stream().filter(e -> e instanceof CallEvent.ToneReceived)).hasSize(1);
    }

    @Test
    void digitsAtFortyEightKilohertzNextToOpus() throws Exception {
        WebRtcTestPeer browser = closeLater(WebRtcTestPeer.open());
        RecordingWebRtcListener listener = new RecordingWebRtcListener();
        WebRtcAnswer.Accepted a = answer(browser, true, listener);
        browser.connect(a.sdp(), WebRtcTestPeer.fingerprintOf(a.sdp()));
        listener.awaitConnected(WAIT);

        var packets = new ArrayList<>(browser.audioPackets(new short[1_600], OPUS));
        packets.addAll(browser.eventPackets('#', 100, 110, 48_000));
        browser.play(packets).get(10, TimeUnit.SECONDS);

        CallEvent.ToneReceived tone = listener.await(CallEvent.ToneReceived.class, WAIT);
        assertThat(tone.tone()).isEqualTo('#');
        assertThat(tone.duration()).isEqualTo(Duration.ofMillis(100));

        // And our digits go out as 48 kHz events on payload type 110.
        a.endpoint().sendDigits("5");
        Thread.sleep(600);
        assertThat(browser.arrivals()).anyMatch(p -> p.packet().payloadType() == 110);
    }

    @Test
    void aCertificateOtherThanTheAnnouncedOneFailsAndFreesThePort() throws Exception {
        WebRtcTestPeer impostor = closeLater(WebRtcTestPeer.impostor());
        RecordingWebRtcListener listener = new RecordingWebRtcListener();
        WebRtcAnswer.Accepted a = answer(impostor, true, listener);

        assertThatThrownBy(() -> impostor.connect(a.sdp(), WebRtcTestPeer.fingerprintOf(a.sdp())))
                .isInstanceOf(java.io.IOException.class);
        WebRtcFailure failure = listener.awaitFailed(WAIT);
        assertThat(failure.reason()).isEqualTo(WebRtcFailure.Reason.FINGERPRINT_MISMATCH);
        assertThat(a.endpoint().connected()).isFalse();
        Thread.sleep(100);
        assertPortFree(a.endpoint().localAddress());
    }

    @Test
    void aBrowserThatNeverConnectsTimesOutAndFreesThePort() throws Exception {
        RecordingWebRtcListener listener = new RecordingWebRtcListener();
        WebRtcTestPeer browser = closeLater(WebRtcTestPeer.open());
        WebRtcAnswer.Accepted a = answer(browser, true, listener);

        WebRtcFailure failure = listener.awaitFailed(Duration.ofSeconds(6));
        assertThat(failure.reason()).isEqualTo(WebRtcFailure.Reason.HANDSHAKE_TIMEOUT);
        assertThat(failure.detail()).contains("no ICE connectivity check");
        Thread.sleep(100);
        assertPortFree(a.endpoint().localAddress());
        assertThat(listener.outcomes()).isEqualTo(1);
    }

    @Test
    void garbageAndForgedChecksAreDroppedAndTheRealBrowserStillConnects() throws Exception {
        WebRtcTestPeer browser = closeLater(WebRtcTestPeer.open());
        RecordingWebRtcListener listener = new RecordingWebRtcListener();
        WebRtcAnswer.Accepted a = answer(browser, true, listener);
        browser.accept(a.sdp());

        StunMessage rejected = browser.check(true, "not-the-password-at-all!", WAIT).orElseThrow();
        assertThat(rejected.kind()).isEqualTo(StunMessage.Kind.ERROR_RESPONSE);
        assertThat(rejected.attribute(StunAttribute.ErrorCode.class).orElseThrow().code()).isEqualTo(401);
        SecureRandom random = new SecureRandom();
        for (int first : new int[] {0, 1, 17, 22, 70, 100, 128, 144, 200, 255}) {
            for (int i = 0; i < 20; i++) {
                byte[] junk = new byte[1 + random.nextInt(300)];
                random.nextBytes(junk);
                junk[0] = (byte) first;
                browser.sendRaw(junk);
            }
        }
        browser.connect(a.sdp(), WebRtcTestPeer.fingerprintOf(a.sdp()));
        listener.awaitConnected(WAIT);
        WebRtcEndpointUnit unit = (WebRtcEndpointUnit) a.endpoint();
        assertThat(unit.transport().dropped()).isGreaterThan(50);
        assertThat(unit.transport().ice().rejected()).isGreaterThanOrEqualTo(1);
        assertThat(listener.hasFailed()).isFalse();
    }

    @Test
    void aBrowserThatStopsCheckingLosesConsent() throws Exception {
        WebRtcTestPeer browser = closeLater(WebRtcTestPeer.open());
        RecordingWebRtcListener listener = new RecordingWebRtcListener();
        WebRtcAnswer.Accepted a = answer(browser, true, listener);
        browser.connect(a.sdp(), WebRtcTestPeer.fingerprintOf(a.sdp()));
        listener.awaitConnected(WAIT);
        // Consent is refreshed by checks; then they stop (the tab died).
        Thread.sleep(2_500);
        assertThat(browser.check(false, browser.remotePassword(), WAIT)).isPresent();
        long lastCheck = System.nanoTime();

        WebRtcFailure failure = listener.awaitFailed(Duration.ofSeconds(10));
        long after = (System.nanoTime() - lastCheck) / 1_000_000;
        assertThat(failure.reason()).isEqualTo(WebRtcFailure.Reason.CONSENT_EXPIRED);
        assertThat(after).as("ms from the last check to expiry").isBetween(4_500L, 7_000L);
        assertThat(a.endpoint().connected()).isFalse();
    }

    @Test
    void theBrowserJoinsAConferenceLikeAnyCall() throws Exception {
        WebRtcTestPeer browser = closeLater(WebRtcTestPeer.open());
        RtpPeer phone = closeLater(RtpPeer.open());
        RecordingWebRtcListener listener = new RecordingWebRtcListener();
        WebRtcAnswer.Accepted a = answer(browser, true, listener);
        RtpEndpoint sip = media.engine().createRtpEndpoint(EndpointListener.NONE);
        sip.configure(RtpParameters.of(phone.address(), PayloadFormat.PCMU));
        Conference conf = media.engine().createConference("mixed");
        for (dev.dialtone.core.MediaUnit u : List.of(a.endpoint(), sip)) {
            u.sendMediaTo(conf);
            conf.sendMediaTo(u);
        }
        browser.connect(a.sdp(), WebRtcTestPeer.fingerprintOf(a.sdp()));
        listener.awaitConnected(WAIT);

        var p1 = phone.stream(RtpPeer.tone(700, 6_000, 1_500), sip.localAddress());
        var p2 = browser.play(browser.audioPackets(new ToneGenerator(1_300, 6_000).next(1_500), OPUS));
        p1.get(10, TimeUnit.SECONDS);
        p2.get(10, TimeUnit.SECONDS);
        Thread.sleep(300);

        assertThat(GoertzelMeter.activeMedian(browser.receivedAudio(OPUS), 700, 1_000)).isGreaterThan(3_000);
        assertThat(GoertzelMeter.activeMedian(phone.receivedAudio(PayloadFormat.PCMU), 1_300, 1_000))
                .isGreaterThan(3_000);
        assertThat(GoertzelMeter.blockMax(browser.receivedAudio(OPUS), 1_300)).as("N-1").isLessThan(300);
    }

    @Test
    void closingEndsQuietlyAndFreesThePort() throws Exception {
        WebRtcTestPeer browser = closeLater(WebRtcTestPeer.open());
        RecordingWebRtcListener listener = new RecordingWebRtcListener();
        WebRtcAnswer.Accepted a = answer(browser, true, listener);
        browser.connect(a.sdp(), WebRtcTestPeer.fingerprintOf(a.sdp()));
        listener.awaitConnected(WAIT);
        InetSocketAddress port = a.endpoint().localAddress();

        a.endpoint().close();
        Thread.sleep(200);
        assertPortFree(port);
        assertThat(a.endpoint().connected()).isFalse();
        assertThat(listener.outcomes()).isEqualTo(1); // connected only: no failure after our own close
        assertThat(browser.rtcpReceived()).as("RTCP BYE arrived as SRTCP").isGreaterThanOrEqualTo(1);
    }

    @Test
    void reOffersHoldAndResumeAndAddedVideoIsRejected() throws Exception {
        WebRtcTestPeer browser = closeLater(WebRtcTestPeer.open());
        RecordingWebRtcListener listener = new RecordingWebRtcListener();
        WebRtcAnswer.Accepted a = answer(browser, true, listener);
        browser.connect(a.sdp(), WebRtcTestPeer.fingerprintOf(a.sdp()));
        listener.awaitConnected(WAIT);
        assertThat(browser.awaitPackets(10, WAIT)).as("we send (silence) while sendrecv").isGreaterThanOrEqualTo(10);

        // The browser holds the call (sendonly) and adds a video section, as the SDK does on sendVideo(true).
        WebRtcAnswer hold = a.endpoint().renegotiate(browser.offer(true, "sendonly", true));
        assertThat(hold).isInstanceOf(WebRtcAnswer.Accepted.class);
        String holdSdp = ((WebRtcAnswer.Accepted) hold).sdp();
        assertThat(holdSdp).contains("a=recvonly", "m=video 0 ", "a=mid:1", "a=group:BUNDLE 0\r\n",
                "a=fingerprint:sha-256 " + WebRtcTestPeer.fingerprintOf(a.sdp()).hex());
        assertThat(holdSdp.lines().filter(l -> l.startsWith("o=")).findFirst().orElseThrow()).endsWith(
                a.sdp().lines().filter(l -> l.startsWith("o=")).findFirst().orElseThrow().split(" ")[1] + " 2 IN IP4 127.0.0.1");
        Thread.sleep(200);
        int before = browser.arrivals().size();
        Thread.sleep(400);
        assertThat(browser.arrivals().size() - before).as("nothing sent while held").isZero();

        WebRtcAnswer resume = a.endpoint().renegotiate(browser.offer(true, "sendrecv", false));
        assertThat(((WebRtcAnswer.Accepted) resume).sdp()).contains("a=sendrecv");
        int held = browser.arrivals().size();
        assertThat(browser.awaitPackets(held + 10, WAIT)).as("sending again").isGreaterThanOrEqualTo(held + 10);
        assertThat(a.endpoint().connected()).isTrue();

        // An ICE restart is not supported: refused, and the call goes on.
        String restart = browser.offer(true).replaceAll("a=ice-ufrag:\\S+", "a=ice-ufrag:zzzz");
        WebRtcAnswer refused = a.endpoint().renegotiate(restart);
        assertThat(refused).isInstanceOf(WebRtcAnswer.Rejected.class);
        assertThat(((WebRtcAnswer.Rejected) refused).detail()).contains("ICE restart");
        assertThat(a.endpoint().connected()).isTrue();
    }

    @Test
    void offersWeCannotAnswerAreRejectedWithAReason() {
        WebRtcAnswer r = media.engine().createWebRtcEndpoint("v=0\r\nnonsense", new RecordingWebRtcListener());
        assertThat(r).isInstanceOf(WebRtcAnswer.Rejected.class);
        assertThat(((WebRtcAnswer.Rejected) r).reason()).isEqualTo(WebRtcAnswer.Reason.MALFORMED_SDP);
        String videoOnly = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                + "a=rtpmap:96 VP8/90000\r\n";
        WebRtcAnswer v = media.engine().createWebRtcEndpoint(videoOnly, new RecordingWebRtcListener());
        assertThat(((WebRtcAnswer.Rejected) v).reason()).isEqualTo(WebRtcAnswer.Reason.NO_AUDIO);
    }
}
