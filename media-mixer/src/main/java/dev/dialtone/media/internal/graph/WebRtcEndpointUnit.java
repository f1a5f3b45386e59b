package dev.dialtone.media.internal.graph;

import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.RtpParameters;
import dev.dialtone.media.WebRtcEndpoint;
import dev.dialtone.media.WebRtcListener;
import dev.dialtone.media.internal.webrtc.WebRtcTransport;

/**
 * A WebRTC endpoint in the graph: an {@link EndpointUnit} (the same packet path, jitter buffer,
 * DTMF, statistics and sending as SIP calls) over a {@link WebRtcTransport}, with its parameters
 * fixed by the SDP offer/answer instead of {@code configure}. Each tick it also asks the transport
 * what happened and tells the listener: connected once, or failed once, after which it removes
 * itself from the graph (which closes the transport and frees the port).
 */
public final class WebRtcEndpointUnit extends EndpointUnit implements WebRtcEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcEndpointUnit.class);

    private final WebRtcTransport transport;
    private final WebRtcListener listener;
    private final InetSocketAddress announced;
    private final PayloadFormat codec;
    private volatile boolean connected;
    private volatile java.util.function.Function<String, dev.dialtone.media.WebRtcAnswer> reoffers;

    WebRtcEndpointUnit(MediaGraph graph, String id, WebRtcTransport transport, WebRtcListener listener,
                       Settings settings, InetSocketAddress announced, RtpParameters parameters) {
        super(graph, id, transport, listener, settings);
        this.transport = transport;
        this.listener = listener;
        this.announced = announced;
        this.codec = parameters.audio();
        negotiated(parameters);
    }

    @Override
    boolean latchesOntoOneSource() {
        return false; // ICE and SRTP checked the source; the browser may switch candidate pairs
    }

    @Override
    public InetSocketAddress localAddress() {
        return announced;
    }

    @Override
    public InetSocketAddress rtcpAddress() {
        return announced; // RTCP is muxed
    }

    @Override
    public PayloadFormat codec() {
        return codec;
    }

    @Override
    public boolean connected() {
        return connected && !closed;
    }

    /** Sets who answers re-offers (the offer/answer state lives with the code that wrote the first answer). */
    public void answerReoffersWith(java.util.function.Function<String, dev.dialtone.media.WebRtcAnswer> answerer) {
        this.reoffers = answerer;
    }

    @Override
    public dev.dialtone.media.WebRtcAnswer renegotiate(String sdpOffer) {
        java.util.Objects.requireNonNull(sdpOffer, "sdpOffer");
        if (closed) {
            return new dev.dialtone.media.WebRtcAnswer.Rejected(dev.dialtone.media.WebRtcAnswer.Reason.UNSUPPORTED_TRANSPORT,
                    "the endpoint is closed");
        }
        return reoffers.apply(sdpOffer);
    }

    /** Applies parameters a re-offer negotiated (direction, codec, telephone-event) at the next tick. */
    public void renegotiated(RtpParameters parameters) {
        negotiated(parameters);
    }

    /** Parameters come from the SDP answer; a WebRTC endpoint is not reconfigured by hand. */
    @Override
    public void configure(RtpParameters parameters) {
        throw new UnsupportedOperationException("a WebRTC endpoint's parameters come from its SDP offer");
    }

    @Override
    void produce(long tick, long now) {
        super.produce(tick, now);
        transport.check(now).ifPresent(progress -> {
            switch (progress) {
                case WebRtcTransport.Progress.Connected c -> {
                    connected = true;
                    try {
                        listener.onConnected(c.sinceCreated());
                    } catch (RuntimeException e) {
                        LOG.warn("WebRTC endpoint {} listener failed on connect", mediaId(), e);
                    }
                }
                case WebRtcTransport.Progress.Failed f -> {
                    connected = false;
                    LOG.info("WebRTC endpoint {} ended: {} ({})", mediaId(), f.failure().reason(), f.failure().detail());
                    graph.remove(this);
                    try {
                        listener.onFailed(f.failure());
                    } catch (RuntimeException e) {
                        LOG.warn("WebRTC endpoint {} listener failed on failure", mediaId(), e);
                    }
                }
            }
        });
    }

    /** For tests and diagnostics: the transport (ICE state, dropped datagrams). */
    public WebRtcTransport transport() {
        return transport;
    }
}
