package dev.dialtone.media.internal.webrtc;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.media.MediaException;
import dev.dialtone.media.RtpParameters;
import dev.dialtone.media.WebRtcAnswer;
import dev.dialtone.media.WebRtcListener;
import dev.dialtone.media.internal.graph.EndpointUnit;
import dev.dialtone.media.internal.graph.MediaGraph;
import dev.dialtone.media.internal.graph.WebRtcEndpointUnit;
import dev.dialtone.media.internal.rtp.PortAllocator;
import dev.dialtone.media.internal.webrtc.dtls.DtlsCertificate;
import dev.dialtone.media.internal.webrtc.dtls.DtlsWarmUp;
import dev.dialtone.media.internal.webrtc.sdp.AnswerWriter;
import dev.dialtone.media.internal.webrtc.sdp.AudioNegotiation;
import dev.dialtone.media.internal.webrtc.sdp.SdpException;
import dev.dialtone.media.internal.webrtc.sdp.SdpParser;
import dev.dialtone.media.internal.webrtc.sdp.SessionDescription;
import dev.dialtone.media.internal.webrtc.srtp.SrtpSession;

/**
 * Answers browsers' offers: parses and negotiates the SDP, binds a port, creates the ICE-lite
 * agent, the DTLS/SRTP transport and the endpoint, and writes the answer. Holds what every WebRTC
 * endpoint of the engine shares: the DTLS certificate, the host candidate addresses and the
 * settings. At start it prepares the certificate and warms SRTP up in the background (jitsi-srtp
 * benchmarks AES providers on first use, seconds on a busy machine), so the first call does not pay.
 */
public final class WebRtcOffers {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcOffers.class);
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** The {@code dialtone.media.webrtc-*} settings. */
    public record Settings(List<InetAddress> addresses, List<String> codecs, Duration handshakeTimeout,
                           Duration consentTimeout) {
        public Settings {
            addresses = List.copyOf(addresses);
            codecs = List.copyOf(codecs);
        }
    }

    private final MediaGraph graph;
    private final PortAllocator ports;
    private final EndpointUnit.Settings endpointSettings;
    private final Settings settings;
    private final List<InetAddress> candidates;
    private final SecureRandom random = new SecureRandom();
    private final CompletableFuture<DtlsCertificate> certificate;
    private final CompletableFuture<Void> warm = new CompletableFuture<>();

    public WebRtcOffers(MediaGraph graph, PortAllocator ports, EndpointUnit.Settings endpointSettings, Settings settings,
                        InetAddress bindAddress, Clock clock) {
        this.graph = graph;
        this.ports = ports;
        this.endpointSettings = endpointSettings;
        this.settings = settings;
        this.candidates = settings.addresses().isEmpty() ? hostAddresses(bindAddress) : settings.addresses();
        this.certificate = new CompletableFuture<>();
        Thread.ofVirtual().name("webrtc-warm-up").start(() -> warmUp(clock));
    }

    private void warmUp(Clock clock) {
        try {
            certificate.complete(DtlsCertificate.generate(random, clock));
        } catch (RuntimeException e) {
            certificate.completeExceptionally(e);
            warm.complete(null);
            return;
        }
        long start = System.nanoTime();
        boolean dtls = DtlsWarmUp.run(certificate.join(), random, clock, 10_000);
        try {
            SrtpSession.warmUp();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("SRTP warm-up failed; WebRTC calls will fail to key SRTP", e);
            return;
        } finally {
            warm.complete(null);
        }
        LOG.debug("WebRTC warmed up in {} ms (DTLS handshake {})", (System.nanoTime() - start) / 1_000_000,
                dtls ? "ok" : "failed");
    }

    /** Completes when the start-up warm-up (certificate, one DTLS handshake, SRTP ciphers) is over. */
    public CompletableFuture<Void> warmedUp() {
        return warm;
    }

    /** The addresses announced as host candidates. */
    public List<InetAddress> candidates() {
        return candidates;
    }

    /**
     * Where browsers can reach us when we bind every interface: the addresses of the interfaces that
     * are up, IPv4, not loopback or link-local; loopback only if there is nothing else.
     */
    static List<InetAddress> hostAddresses(InetAddress bind) {
        if (!bind.isAnyLocalAddress()) {
            return List.of(bind);
        }
        List<InetAddress> found = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress() && !a.isLoopbackAddress()) {
                        found.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("could not list network interfaces for WebRTC candidates", e);
        }
        return found.isEmpty() ? List.of(InetAddress.getLoopbackAddress()) : List.copyOf(found);
    }

    /** Answers one offer (see {@link dev.dialtone.media.MediaEngine#createWebRtcEndpoint}). */
    public WebRtcAnswer answer(String sdpOffer, WebRtcListener listener) {
        SessionDescription offer;
        AudioNegotiation audio;
        try {
            offer = SdpParser.parse(sdpOffer);
            audio = AudioNegotiation.negotiate(offer, settings.codecs());
        } catch (SdpException e) {
            return new WebRtcAnswer.Rejected(reason(e.problem()), e.getMessage());
        }
        DtlsCertificate cert = certificate.join();
        PortAllocator.SinglePort port = ports.allocateSingle();
        String ufrag = token(8);
        String pwd = token(24);
        IceLiteAgent ice = new IceLiteAgent(ufrag, pwd, audio.remoteIce().ufrag());
        int udpPort;
        WebRtcTransport transport;
        try {
            udpPort = ((InetSocketAddress) port.channel().getLocalAddress()).getPort();
            transport = new WebRtcTransport("port-" + udpPort, port.channel(), port.release(), ice, cert,
                    audio.remoteFingerprint(), random, graph.nanoTime(), settings.handshakeTimeout(),
                    settings.consentTimeout());
        } catch (IOException e) {
            try {
                port.channel().close();
            } catch (IOException ignored) {
                // nothing more to free
            }
            port.release().run();
            throw new MediaException("could not set up the WebRTC socket", e);
        }
        List<InetSocketAddress> hostCandidates = candidates.stream().map(a -> new InetSocketAddress(a, udpPort)).toList();
        RtpParameters parameters = NegotiatedSession.parameters(audio);
        WebRtcEndpointUnit endpoint;
        try {
            endpoint = graph.newWebRtcEndpoint(transport, listener, endpointSettings, hostCandidates.get(0), parameters);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        AnswerWriter.Local local = new AnswerWriter.Local(Long.toString(random.nextLong() & Long.MAX_VALUE), 1, ufrag,
                pwd, cert.fingerprint(), hostCandidates, endpoint.ssrc(), token(16), "dialtone-" + endpoint.mediaId(),
                "audio-" + endpoint.mediaId());
        NegotiatedSession session = new NegotiatedSession(endpoint, settings.codecs(), local, audio);
        endpoint.answerReoffersWith(session::reoffer);
        LOG.debug("answered a WebRTC offer with {} on port {} ({})", audio.codec().encoding(), udpPort,
                endpoint.mediaId());
        return new WebRtcAnswer.Accepted(endpoint, AnswerWriter.write(offer, audio, local));
    }

    static WebRtcAnswer.Reason reason(SdpException.Problem p) {
        return switch (p) {
            case MALFORMED -> WebRtcAnswer.Reason.MALFORMED_SDP;
            case NO_AUDIO -> WebRtcAnswer.Reason.NO_AUDIO;
            case NO_COMMON_CODEC -> WebRtcAnswer.Reason.NO_COMMON_CODEC;
            case UNSUPPORTED_TRANSPORT -> WebRtcAnswer.Reason.UNSUPPORTED_TRANSPORT;
        };
    }

    /** ICE ufrag/password characters (RFC 8839 ice-char), 6 random bits each. */
    private String token(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
        }
        return sb.toString();
    }
}
