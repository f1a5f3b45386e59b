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
import dev.dialtone.media.WebRtcOffer;
import dev.dialtone.media.internal.graph.EndpointUnit;
import dev.dialtone.media.internal.graph.MediaGraph;
import dev.dialtone.media.internal.graph.WebRtcEndpointUnit;
import dev.dialtone.media.internal.rtp.PortAllocator;
import dev.dialtone.media.internal.webrtc.dtls.DtlsCertificate;
import dev.dialtone.media.internal.codec.OpusCodec;
import dev.dialtone.media.internal.webrtc.dtls.DtlsWarmUp;
import dev.dialtone.media.internal.webrtc.sdp.AnswerWriter;
import dev.dialtone.media.internal.webrtc.sdp.AudioNegotiation;
import dev.dialtone.media.internal.webrtc.sdp.SdpException;
import dev.dialtone.media.internal.webrtc.sdp.SdpParser;
import dev.dialtone.media.internal.webrtc.sdp.SessionDescription;
import dev.dialtone.media.internal.webrtc.srtp.SrtpSession;

/**
 * Answers browsers' offers: parses and negotiates the SDP, binds a port, creates the ICE-lite
 * agent, the DTLS/SRTP transport and the endpoint, and writes the answer. Makes offers to browsers too
 * (a scenario calls a page): the port and our ICE credentials first, the rest once the answer arrives. Holds what every WebRTC
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
            warm.complete(null);
            return;
        }
        String opus;
        boolean answered = false;
        try {
            opus = OpusCodec.warmUp();
        } catch (RuntimeException | LinkageError e) {
            opus = "a codec that failed its warm-up (" + e + ")";
        } finally {
            try {
                answered = answerOwnOffer();
            } finally {
                warm.complete(null);
            }
        }
        LOG.info("WebRTC ready in {} ms (DTLS handshake {}; Opus on {}; first answer {})",
                (System.nanoTime() - start) / 1_000_000, dtls ? "ok" : "failed", opus, answered ? "ok" : "failed");
    }

    /**
     * Answers one offer of our own and frees its endpoint at once: the first answer of a JVM parses and writes SDP,
     * binds a port and builds the ICE agent, the transport and the endpoint through code nothing else has run yet
     * (tens of milliseconds a browser's first call of a fresh node would wait for).
     */
    private boolean answerOwnOffer() {
        WebRtcOffer offer = null;
        try {
            offer = offer();
            WebRtcAnswer answer = answer(offer.sdp(), new WebRtcListener() {
                @Override
                public void onEvent(dev.dialtone.core.CallEvent event) {
                }

                @Override
                public void onFailed(dev.dialtone.media.WebRtcFailure failure) {
                }
            });
            if (answer instanceof WebRtcAnswer.Accepted ok) {
                graph.release(ok.endpoint());
                return true;
            }
            LOG.warn("WebRTC warm-up: our own offer was refused: {}", answer);
            return false;
        } catch (RuntimeException e) {
            LOG.warn("WebRTC warm-up: could not answer our own offer: {}", e.toString());
            return false;
        } finally {
            if (offer != null) {
                offer.cancel();
            }
        }
    }

    /** Completes when the start-up warm-up (certificate, one DTLS handshake, SRTP ciphers, Opus, one answer) is over. */
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
        PortAllocator.SinglePort port = ports.allocateSingle();
        String sessionId = Long.toString(random.nextLong() & Long.MAX_VALUE);
        Opened opened = open(port, sessionId, token(8), token(24), audio, listener);
        LOG.debug("answered a WebRTC offer with {} on port {} ({})", audio.codec().encoding(), opened.udpPort(),
                opened.endpoint().mediaId());
        return new WebRtcAnswer.Accepted(opened.endpoint(), AnswerWriter.write(offer, audio, opened.local()));
    }

    /** Makes an offer to a browser (see {@link dev.dialtone.media.MediaEngine#createWebRtcOffer}). */
    public WebRtcOffer offer() {
        DtlsCertificate cert = certificate.join();
        PortAllocator.SinglePort port = ports.allocateSingle();
        int udpPort;
        try {
            udpPort = ((InetSocketAddress) port.channel().getLocalAddress()).getPort();
        } catch (IOException e) {
            free(port);
            throw new MediaException("could not set up the WebRTC socket", e);
        }
        String sessionId = Long.toString(random.nextLong() & Long.MAX_VALUE);
        String ufrag = token(8);
        String pwd = token(24);
        List<InetSocketAddress> hostCandidates = candidates.stream().map(a -> new InetSocketAddress(a, udpPort)).toList();
        String stream = "dialtone-" + token(12).replace('+', 'x').replace('/', 'y');
        AnswerWriter.Local local = new AnswerWriter.Local(sessionId, 1, ufrag, pwd, cert.fingerprint(), hostCandidates, 0,
                token(16), stream, "audio-" + stream);
        return new PendingOffer(port, sessionId, ufrag, pwd, AnswerWriter.writeOffer(local, settings.codecs()));
    }

    private record Opened(WebRtcEndpointUnit endpoint, AnswerWriter.Local local, int udpPort) {
    }

    /**
     * Creates the ICE-lite agent, the DTLS/SRTP transport and the endpoint on {@code port} for a negotiated audio
     * section, and what we say about ourselves in later answers (re-offers). Frees the port if that fails.
     */
    private Opened open(PortAllocator.SinglePort port, String sessionId, String ufrag, String pwd, AudioNegotiation audio,
                        WebRtcListener listener) {
        DtlsCertificate cert = certificate.join();
        IceLiteAgent ice = new IceLiteAgent(ufrag, pwd, audio.remoteIce().ufrag());
        int udpPort;
        WebRtcTransport transport;
        try {
            udpPort = ((InetSocketAddress) port.channel().getLocalAddress()).getPort();
            transport = new WebRtcTransport("port-" + udpPort, port.channel(), port.release(), ice, cert,
                    audio.remoteFingerprint(), random, graph.nanoTime(), settings.handshakeTimeout(),
                    settings.consentTimeout());
        } catch (IOException e) {
            free(port);
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
        AnswerWriter.Local local = new AnswerWriter.Local(sessionId, 1, ufrag, pwd, cert.fingerprint(), hostCandidates,
                endpoint.ssrc(), token(16), "dialtone-" + endpoint.mediaId(), "audio-" + endpoint.mediaId());
        NegotiatedSession session = new NegotiatedSession(endpoint, settings.codecs(), local, audio);
        endpoint.answerReoffersWith(session::reoffer);
        return new Opened(endpoint, local, udpPort);
    }

    private static void free(PortAllocator.SinglePort port) {
        try {
            port.channel().close();
        } catch (IOException ignored) {
            // nothing more to free
        }
        port.release().run();
    }

    /** An offer waiting for the browser's answer: it owns the port until then. */
    private final class PendingOffer implements WebRtcOffer {
        private final PortAllocator.SinglePort port;
        private final String sessionId;
        private final String ufrag;
        private final String pwd;
        private final String sdp;
        private boolean done;

        PendingOffer(PortAllocator.SinglePort port, String sessionId, String ufrag, String pwd, String sdp) {
            this.port = port;
            this.sessionId = sessionId;
            this.ufrag = ufrag;
            this.pwd = pwd;
            this.sdp = sdp;
        }

        @Override
        public String sdp() {
            return sdp;
        }

        @Override
        public WebRtcAnswer accept(String sdpAnswer, WebRtcListener listener) {
            synchronized (this) {
                if (done) {
                    throw new IllegalStateException("this offer was already answered or cancelled");
                }
                done = true;
            }
            AudioNegotiation audio;
            try {
                audio = AudioNegotiation.negotiate(SdpParser.parse(sdpAnswer), settings.codecs());
            } catch (SdpException e) {
                free(port);
                return new WebRtcAnswer.Rejected(reason(e.problem()), e.getMessage());
            }
            if (audio.index() != 0) {
                free(port);
                return new WebRtcAnswer.Rejected(WebRtcAnswer.Reason.NO_AUDIO, "the answer's first section is not our audio");
            }
            Opened opened = open(port, sessionId, ufrag, pwd, audio, listener);
            LOG.debug("a browser answered our WebRTC offer with {} on port {} ({})", audio.codec().encoding(),
                    opened.udpPort(), opened.endpoint().mediaId());
            return new WebRtcAnswer.Accepted(opened.endpoint(), sdp);
        }

        @Override
        public void cancel() {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            free(port);
        }
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
