package dev.dialtone.platform.sdk.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallEvent;
import dev.dialtone.core.CallEventQueue;
import dev.dialtone.core.CallId;
import dev.dialtone.core.CallInfo;
import dev.dialtone.core.CallLeg;
import dev.dialtone.core.CallListener;
import dev.dialtone.core.CallState;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.MediaLink;
import dev.dialtone.core.MediaUnit;
import dev.dialtone.core.SessionId;
import dev.dialtone.core.ToneSource;
import dev.dialtone.media.MediaEngine;
import dev.dialtone.media.RtpStats;
import dev.dialtone.media.WebRtcAnswer;
import dev.dialtone.media.WebRtcEndpoint;
import dev.dialtone.media.WebRtcFailure;
import dev.dialtone.pstn.CallRecord;
import io.vertx.core.json.JsonObject;

/**
 * A browser's call into a scenario ({@code createCall}/{@code callConference}), as the session sees it.
 * The session's side of the media is one end of a {@link MediaLink}; the WebRTC endpoint answering the
 * page's offer is created when the scenario answers (or starts early media) and joined to the link's
 * other end, so a scenario may ring as long as it likes without the endpoint's handshake timing out.
 *
 * <p>Protocol mapping (WEBSDK-PROTOCOL.md §5): ring → {@code handleRingOut}; early media →
 * {@code startEarlyMedia}; answer → {@code handleConnectionConnected} with the SDP answer; reject →
 * {@code handleConnectionFailed}; hangup → {@code handleConnectionDisconnected} (connected) or
 * {@code handleConnectionFailed 487}; messages and INFOs → {@code handleSIPInfo}. The page's
 * {@code disconnectCall}, INFOs, {@code hold}/{@code unhold}, {@code ReInvite}, {@code sendDTMF} and
 * RFC 4733 digits come back as {@link CallEvent}s.
 */
public final class SdkCallLeg implements CallLeg, PageCall {
    private static final Logger LOG = LoggerFactory.getLogger(SdkCallLeg.class);

    private final CallInfo info;
    private final String offer;
    private final MediaEngine media;
    private final MediaLink link;
    private final CallEventQueue events = new CallEventQueue(this, (e, ex) ->
            LOG.error("web SDK call {}: the session's listener failed on {}", id(), e, ex));
    private volatile SdkConnection connection;
    private CallState state = CallState.ALERTING;
    private WebRtcEndpoint endpoint;
    private boolean answerSent;
    private volatile boolean tones;
    private volatile SdkPageLeg direct;
    private volatile Runnable whenTerminated = () -> { };
    private final Instant createdAt;
    private final long createdNanos = System.nanoTime();
    private final Clock clock;
    private Instant answeredAt;
    private String endReason = "failed";
    private int endCode = 500;
    private boolean endpointCreated;
    private final Runnable onEndpoint;
    private String directAnswer;
    private Map<String, String> directAnswerHeaders = Map.of();
    private Map<String, String> declineHeaders = Map.of();

    SdkCallLeg(CallId id, SdkIdentity caller, String dialed, Map<String, String> headers, String offer, MediaEngine media,
               SdkConnection connection, Runnable onEndpoint, Clock clock) {
        this.onEndpoint = onEndpoint;
        this.clock = clock;
        this.createdAt = clock.instant();
        this.info = new CallInfo(id, CallDirection.INBOUND, ClientType.WEB, caller.user(), caller.displayName(), dialed, headers);
        this.offer = Objects.requireNonNull(offer, "offer");
        this.media = media;
        this.link = media.link();
        this.connection = connection;
    }

    @Override
    public String id() {
        return info.id().value();
    }

    /** The page's SDP offer (relayed to the callee of a direct call). */
    String offer() {
        return offer;
    }

    SdkConnection connection() {
        return connection;
    }

    void whenTerminated(Runnable r) {
        whenTerminated = r;
    }

    /**
     * Makes this a peer-to-peer call with {@code callee} ({@code forwardCallToUserDirect}): no media endpoint
     * is created; offer, answer, candidates, re-offers and messages are relayed between the two pages.
     */
    void pairDirect(SdkPageLeg callee) {
        direct = callee;
    }

    boolean isDirect() {
        return direct != null;
    }

    /** The callee of a direct call answered: its SDP answer goes to this page when the scenario answers. */
    synchronized void directAnswered(String sdp, Map<String, String> headers) {
        directAnswer = sdp;
        directAnswerHeaders = headers;
    }

    /** The callee of a direct call declined: its headers go with the failure. */
    synchronized void directDeclined(Map<String, String> headers) {
        declineHeaders = headers;
    }

    /** Relays a frame about this call to this page (direct calls). */
    void relay(String name, Object... params) {
        send(name, params);
    }

    @Override
    public CallInfo info() {
        return info;
    }

    @Override
    public synchronized CallState state() {
        return state;
    }

    @Override
    public void listen(CallListener l) {
        events.listen(l);
    }

    @Override
    public void ring() {
        if (state() == CallState.ALERTING) {
            send("handleRingOut", id());
        }
    }

    @Override
    public void startEarlyMedia() {
        String sdp;
        synchronized (this) {
            if (state != CallState.ALERTING || answerSent || direct != null) {
                return;
            }
            sdp = answerOffer();
            if (sdp == null) {
                return;
            }
            answerSent = true;
        }
        send("startEarlyMedia", id(), new JsonObject(), sdp);
        emit(new CallEvent.AudioStarted());
    }

    @Override
    public void answer(Map<String, String> headers) {
        String sdp;
        synchronized (this) {
            if (state != CallState.ALERTING) {
                return;
            }
            if (direct != null) {
                if (directAnswer == null) {
                    return;
                }
                sdp = directAnswer;
                headers = directAnswerHeaders;
            } else if (answerSent) {
                sdp = "";
            } else {
                sdp = answerOffer();
                if (sdp == null) {
                    return;
                }
            }
            answerSent = true;
            state = CallState.CONNECTED;
            answeredAt = clock.instant();
        }
        send("handleConnectionConnected", id(), SdkHeaders.toJson(headers), sdp);
        emit(new CallEvent.Connected(Map.of()));
    }

    /** Creates the endpoint for the page's offer; on a rejected offer ends the leg (488) and returns null. Holds the lock. */
    private String answerOffer() {
        WebRtcAnswer a;
        long start = System.nanoTime();
        try {
            a = media.createWebRtcEndpoint(offer, new PageMediaEvents(() -> tones, this::emit, this::mediaFailed));
            if (LOG.isDebugEnabled()) {
                LOG.debug("web SDK call {}: SDP answer made {} ms after the call arrived (its endpoint in {} ms)", id(),
                        (System.nanoTime() - createdNanos) / 1_000_000, (System.nanoTime() - start) / 1_000_000);
            }
        } catch (RuntimeException e) {
            LOG.warn("web SDK call {}: no WebRTC endpoint: {}", id(), e.getMessage());
            failLocked(503, "Service Unavailable", "no media resources");
            return null;
        }
        switch (a) {
            case WebRtcAnswer.Accepted ok -> {
                endpoint = ok.endpoint();
                endpointCreated = true;
                onEndpoint.run();
                endpoint.sendMediaTo(link.b());
                link.b().sendMediaTo(endpoint);
                return ok.sdp();
            }
            case WebRtcAnswer.Rejected r -> {
                LOG.info("web SDK call {}: the page's offer was rejected: {} ({})", id(), r.reason(), r.detail());
                failLocked(488, "Not Acceptable Here", r.detail());
                return null;
            }
        }
    }

    private void failLocked(int code, String reason, String detail) {
        state = CallState.TERMINATED;
        ended("failed", code);
        send("handleConnectionFailed", id(), code, reason, new JsonObject());
        emit(new CallEvent.Failed(code, detail, Map.of()));
        releaseMedia();
    }

    @Override
    public void reject(int code, Map<String, String> headers) {
        synchronized (this) {
            if (state != CallState.ALERTING) {
                return;
            }
            state = CallState.TERMINATED;
            ended("rejected", code >= 300 && code <= 699 ? code : 603);
            releaseMedia();
        }
        int c = code >= 300 && code <= 699 ? code : 603;
        Map<String, String> h;
        synchronized (this) {
            h = headers.isEmpty() ? declineHeaders : headers;
        }
        send("handleConnectionFailed", id(), c, reasonPhrase(c), SdkHeaders.toJson(h));
        emit(new CallEvent.Failed(c, "rejected by the scenario", Map.of()));
    }

    @Override
    public void hangup(Map<String, String> headers) {
        CallState before;
        synchronized (this) {
            before = state;
            if (before == CallState.TERMINATED) {
                return;
            }
            state = CallState.TERMINATED;
            ended(before == CallState.CONNECTED ? "local-hangup" : "cancelled", before == CallState.CONNECTED ? 200 : 487);
            releaseMedia();
        }
        if (before == CallState.CONNECTED) {
            send("handleConnectionDisconnected", id(), SdkHeaders.toJson(headers), new JsonObject());
            emit(new CallEvent.Disconnected(Map.of(), false, 200, "hung up by the scenario"));
        } else {
            send("handleConnectionFailed", id(), 487, "Request Terminated", SdkHeaders.toJson(headers));
            emit(new CallEvent.Failed(487, "cancelled by the scenario", Map.of()));
        }
    }

    @Override
    public void sendMessage(String text) {
        if (!state().isTerminal()) {
            send("handleSIPInfo", id(), "application", "zingaya-im", text, new JsonObject());
        }
    }

    @Override
    public void sendInfo(String mimeType, String body, Map<String, String> headers) {
        if (state().isTerminal()) {
            return;
        }
        int slash = mimeType.indexOf('/');
        String type = slash > 0 ? mimeType.substring(0, slash) : mimeType;
        String subtype = slash > 0 ? mimeType.substring(slash + 1) : "";
        send("handleSIPInfo", id(), type, subtype, body, SdkHeaders.toJson(headers));
    }

    @Override
    public void sendDigits(String digits) {
        WebRtcEndpoint ep;
        synchronized (this) {
            ep = endpoint;
        }
        if (ep != null) {
            ep.sendDigits(digits);
        }
    }

    @Override
    public void handleTones(boolean enabled) {
        tones = enabled;
    }

    @Override
    public MediaUnit media() {
        return link.a();
    }

    @Override
    public void rebind(SdkConnection newConnection) {
        this.connection = newConnection;
    }

    // ---- from the page ----

    /** {@code disconnectCall}: the page hung up; it needs {@code handleConnectionDisconnected} to finish. */
    @Override
    public void hangupFromPage(Map<String, String> headers) {
        CallState before;
        synchronized (this) {
            before = state;
            if (before == CallState.TERMINATED) {
                return;
            }
            state = CallState.TERMINATED;
            ended(before == CallState.CONNECTED ? "remote-hangup" : "cancelled", before == CallState.CONNECTED ? 200 : 487);
            releaseMedia();
        }
        send("handleConnectionDisconnected", id(), new JsonObject(), new JsonObject());
        if (before == CallState.CONNECTED) {
            emit(new CallEvent.Disconnected(headers, true, 200, "hung up by the caller"));
        } else {
            emit(new CallEvent.Failed(487, "cancelled by the caller", headers));
        }
    }

    /** The page's connection is gone for good. */
    @Override
    public void connectionLost() {
        CallState before;
        synchronized (this) {
            before = state;
            if (before == CallState.TERMINATED) {
                return;
            }
            state = CallState.TERMINATED;
            ended("timeout", 408);
            releaseMedia();
        }
        if (before == CallState.CONNECTED) {
            emit(new CallEvent.Disconnected(Map.of(), true, 408, "the page's connection was lost"));
        } else {
            emit(new CallEvent.Failed(408, "the page's connection was lost", Map.of()));
        }
    }

    @Override
    public void infoFromPage(String type, String subtype, String body, Map<String, String> headers) {
        if (state().isTerminal()) {
            return;
        }
        SdkPageLeg peer = direct;
        if (peer != null) {
            peer.relayInfo(type, subtype, body, headers);
            return;
        }
        infoEvent(type, subtype, body, headers).ifPresent(this::emit);
    }

    /** What an INFO from a page means to its scenario (a call with the node's media); nothing for trickled candidates. */
    static Optional<CallEvent> infoEvent(String type, String subtype, String body, Map<String, String> headers) {
        String mime = type + "/" + subtype;
        return switch (mime) {
            case "application/zingaya-im" -> Optional.of(new CallEvent.MessageReceived(body, headers));
            // trickled ICE candidates: our endpoint is ICE-lite and learns the page's address from its checks
            case "voximplant/sdpfrag" -> Optional.empty();
            case "vi/holdemul" -> Optional.of(body.contains("true") ? new CallEvent.OnHold() : new CallEvent.OffHold());
            default -> Optional.of(new CallEvent.InfoReceived(mime, body, headers));
        };
    }

    @Override
    public void holdFromPage(boolean hold) {
        if (state() == CallState.CONNECTED) {
            emit(hold ? new CallEvent.OnHold() : new CallEvent.OffHold());
        }
    }

    /** {@code sendDTMF}: a browser without an RTP DTMF sender. */
    @Override
    public void digitFromPage(char digit) {
        if (tones && state() == CallState.CONNECTED) {
            emit(new CallEvent.ToneReceived(digit, Duration.ofMillis(100), ToneSource.SIGNALLING));
        }
    }

    /** {@code ReInvite}: renegotiates the endpoint (hold, video added — video is rejected, it goes peer to peer). */
    @Override
    public void reInviteFromPage(String sdp, Map<String, String> headers) {
        SdkPageLeg peer = direct;
        if (peer != null) {
            peer.relay("handleReInvite", id(), SdkHeaders.toJson(headers), sdp, "{}");
            return;
        }
        WebRtcEndpoint ep;
        synchronized (this) {
            ep = state == CallState.CONNECTED ? endpoint : null;
        }
        answerReInvite(id(), ep, sdp, this::send);
    }

    /** Answers a page's re-offer with its endpoint (none: not connected, or a call without the node's media). */
    static void answerReInvite(String callId, WebRtcEndpoint ep, String sdp, java.util.function.BiConsumer<String, Object[]> send) {
        if (ep == null) {
            send.accept("handleRejectReinvite", new Object[] {callId, new JsonObject()});
            return;
        }
        switch (ep.renegotiate(sdp)) {
            case WebRtcAnswer.Accepted ok -> send.accept("handleAcceptReinvite", new Object[] {callId, new JsonObject(), ok.sdp()});
            case WebRtcAnswer.Rejected r -> {
                LOG.info("web SDK call {}: re-offer rejected: {}", callId, r.detail());
                send.accept("handleRejectReinvite", new Object[] {callId, new JsonObject()});
            }
        }
    }

    @Override
    public void acceptReInviteFromPage(String sdp, Map<String, String> headers) {
        SdkPageLeg peer = direct;
        if (peer != null) {
            peer.relay("handleAcceptReinvite", id(), SdkHeaders.toJson(headers), sdp);
        }
    }

    @Override
    public void acceptFromPage(String sdp, Map<String, String> headers) {
        send("__error", 409, "acceptCall: call " + id() + " is the page's own call");
    }

    @Override
    public void declineFromPage(Map<String, String> headers) {
        hangupFromPage(headers);
    }

    // ---- internals ----

    private void releaseMedia() {
        if (endpoint != null) {
            RtpStats st = endpoint.stats();
            LOG.info("web SDK call {} ended: {} RTP packets received, {} sent, {} lost, jitter {} ms", id(), st.packetsReceived(),
                    st.packetsSent(), st.packetsLost(), Math.round(st.jitterMs()));
            endpoint.close();
        }
        media.release(link.a());
        media.release(link.b());
        whenTerminated.run();
    }

    private void ended(String reason, int code) {
        endReason = reason;
        endCode = code;
    }

    /** For the call record once the leg ended: when it was created and answered, why and with which code it ended. */
    synchronized Outcome outcome() {
        return new Outcome(createdAt, Optional.ofNullable(answeredAt), endReason, endCode);
    }

    /** How a leg went, for its call record. */
    record Outcome(Instant startedAt, Optional<Instant> answeredAt, String reason, int code) {
        /**
         * The leg's call record (CDR): open while the leg lives ({@code ended} false), finished once it ended, at
         * {@code now}.
         */
        CallRecord record(CallId leg, AccountId account, ApplicationId application, SessionId session,
                          CallDirection direction, String from, String to, boolean ended, Instant now) {
            Optional<Instant> endedAt = ended ? Optional.of(now) : Optional.empty();
            Duration answered = ended && answeredAt.isPresent() ? Duration.between(answeredAt.get(), now).abs() : Duration.ZERO;
            return new CallRecord(leg, "", account, application, Optional.of(session), direction, ClientType.WEB, from, to,
                    Optional.empty(), startedAt, answeredAt, endedAt, answered, ended ? reason : "", ended ? code : 0);
        }
    }

    /** Whether a WebRTC endpoint was ever created for this call (never for a direct call). */
    synchronized boolean hasEndpoint() {
        return endpointCreated;
    }

    private void send(String name, Object... params) {
        SdkConnection c = connection;
        if (c != null) {
            c.send(Frame.of(name, params));
        }
    }

    private void emit(CallEvent e) {
        events.emit(e);
    }

    static String reasonPhrase(int code) {
        return switch (code) {
            case 404 -> "Not Found";
            case 480 -> "Temporarily Unavailable";
            case 486 -> "Busy Here";
            case 487 -> "Request Terminated";
            case 488 -> "Not Acceptable Here";
            case 500 -> "Server Internal Error";
            case 503 -> "Service Unavailable";
            case 603 -> "Decline";
            default -> "Call Failed";
        };
    }

    /** The endpoint's transport failed (on a mixer thread). */
    private void mediaFailed(WebRtcFailure failure) {
        CallState before;
        synchronized (this) {
            before = state;
            if (before == CallState.TERMINATED) {
                return;
            }
            state = CallState.TERMINATED;
            ended("failed", 408);
            endpoint = null;
            releaseMedia();
        }
        LOG.info("web SDK call {}: media failed: {}", id(), failure);
        if (before == CallState.CONNECTED) {
            send("handleConnectionDisconnected", id(), new JsonObject(), new JsonObject());
            emit(new CallEvent.Disconnected(Map.of(), true, 408, "media failed: " + failure));
        } else {
            send("handleConnectionFailed", id(), 408, "Request Timeout", new JsonObject());
            emit(new CallEvent.Failed(408, "media failed: " + failure, Map.of()));
        }
    }
}
