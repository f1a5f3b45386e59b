package dev.dialtone.platform.sdk.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import dev.dialtone.core.ToneSource;
import dev.dialtone.media.MediaEngine;
import dev.dialtone.media.WebRtcAnswer;
import dev.dialtone.media.WebRtcEndpoint;
import dev.dialtone.media.WebRtcFailure;
import dev.dialtone.media.WebRtcOffer;
import io.vertx.core.json.JsonObject;

/**
 * A call from a scenario to a logged-in page. Two kinds:
 * <ul>
 *   <li>direct ({@code forwardCallToUserDirect}, {@code callUserDirect}): the page is rung with
 *       {@code handleIncomingConnection} carrying the caller page's own offer, answers with {@code acceptCall}
 *       (its answer goes to the caller page) or declines ({@code rejectCall}: 603). Media flows between the two
 *       browsers; the node relays candidates, re-offers and messages and creates no media endpoint;</li>
 *   <li>with the node's media ({@code callUser}): the page is rung with the media engine's own offer
 *       ({@link #ringWithNodeMedia}); its answer creates a WebRTC endpoint joined to the leg's link, so the
 *       scenario's {@code say}, players, conferences and {@code sendMediaBetween} reach the page, and its
 *       digits, messages and re-offers come back to the scenario.</li>
 * </ul>
 * The leg's media unit is one end of a link either way (unused for a direct call), so scripts can address it.
 */
public final class SdkPageLeg implements CallLeg, PageCall {
    private static final Logger LOG = LoggerFactory.getLogger(SdkPageLeg.class);

    private final CallInfo info;
    private final MediaEngine media;
    private final MediaLink link;
    private final CallEventQueue events = new CallEventQueue(this, (e, ex) ->
            LOG.error("web SDK call {} to {}: the session's listener failed on {}", id(), info().destination(), e, ex));
    private final List<Object[]> heldInfos = new ArrayList<>();
    private volatile SdkConnection connection;
    private volatile SdkCallLeg caller;
    private volatile String pageId;
    private volatile Runnable whenTerminated = () -> { };
    private CallState state = CallState.PROGRESSING;
    private final Clock clock;
    private final Instant createdAt;
    private Instant answeredAt;
    private String endReason = "";
    private int endCode;
    /** The node's offer while the page rings ({@link #ringWithNodeMedia}); then the endpoint its answer made. */
    private WebRtcOffer nodeOffer;
    private WebRtcEndpoint endpoint;
    private volatile boolean tones;

    SdkPageLeg(CallId id, String target, String callerId, String displayName, Map<String, String> headers, MediaEngine media,
               Clock clock) {
        this.info = new CallInfo(id, CallDirection.OUTBOUND, ClientType.WEB, callerId, displayName, target, headers);
        this.media = media;
        this.link = media.link();
        this.pageId = id.value();
        this.clock = clock;
        this.createdAt = clock.instant();
    }

    /** How the leg went, for its call record: when it was created and answered, why and with which code it ended. */
    synchronized SdkCallLeg.Outcome outcome() {
        return new SdkCallLeg.Outcome(createdAt, Optional.ofNullable(answeredAt), endReason, endCode);
    }

    /** Under the lock, as the leg becomes terminated. */
    private void ended(CallState before, String reasonIfAnswered, int code) {
        state = CallState.TERMINATED;
        endReason = before == CallState.CONNECTED ? reasonIfAnswered : code == 603 ? "rejected" : code == 487 ? "cancelled"
                : "failed";
        endCode = before == CallState.CONNECTED ? 200 : code;
    }

    /** The id the rung page knows this call by: the caller page's call id (both ends of a direct call share it). */
    @Override
    public String id() {
        return pageId;
    }

    /** Runs {@code r} (after what was registered before) once the leg is terminated. */
    synchronized void whenTerminated(Runnable r) {
        Runnable before = whenTerminated;
        whenTerminated = () -> {
            before.run();
            r.run();
        };
    }

    /** Pairs with the caller page's leg of a direct call: from now on this call has that call's id. */
    void bindCaller(SdkCallLeg callerLeg) {
        this.caller = callerLeg;
        this.pageId = callerLeg.id();
    }

    /** Rings {@code page} with the caller page's offer ({@link #bindCaller} first). */
    void ring(SdkConnection page) {
        SdkCallLeg callerLeg = Objects.requireNonNull(caller, "bindCaller first");
        this.connection = page;
        Map<String, String> headers = new LinkedHashMap<>(info.headers());
        headers.remove("X-Dialtone-Direct");
        page.send(Frame.of("handleIncomingConnection", id(), info.callerId(), info.displayName(), SdkHeaders.toJson(headers),
                callerLeg.offer()));
        emit(new CallEvent.Ringing(Map.of()));
    }

    /**
     * Rings {@code page} with an offer from the node's media engine ({@code callUser}): when the page answers,
     * the scenario's audio reaches it through a WebRTC endpoint. No port free: fails with 503.
     */
    void ringWithNodeMedia(SdkConnection page) {
        WebRtcOffer offer;
        try {
            offer = media.createWebRtcOffer();
        } catch (RuntimeException e) {
            LOG.warn("web SDK call {} to {}: no WebRTC offer: {}", id(), info.destination(), e.getMessage());
            fail(503, "no media resources");
            return;
        }
        synchronized (this) {
            if (state == CallState.TERMINATED) {
                offer.cancel();
                return;
            }
            nodeOffer = offer;
        }
        this.connection = page;
        page.send(Frame.of("handleIncomingConnection", id(), info.callerId(), info.displayName(),
                SdkHeaders.toJson(info.headers()), offer.sdp()));
        emit(new CallEvent.Ringing(Map.of()));
    }

    /** Ends at once: nobody to ring, or nothing to relay. */
    void fail(int code, String reason) {
        synchronized (this) {
            if (state == CallState.TERMINATED) {
                return;
            }
            ended(state, "", code);
        }
        release();
        emit(new CallEvent.Failed(code, reason, Map.of()));
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
    }

    @Override
    public void startEarlyMedia() {
    }

    @Override
    public void answer(Map<String, String> headers) {
    }

    @Override
    public void reject(int code, Map<String, String> headers) {
    }

    @Override
    public void hangup(Map<String, String> headers) {
        CallState before;
        synchronized (this) {
            before = state;
            if (before == CallState.TERMINATED) {
                return;
            }
            ended(before, "local-hangup", 487);
        }
        release();
        send("handleConnectionDisconnected", id(), SdkHeaders.toJson(headers), new JsonObject());
        if (before == CallState.CONNECTED) {
            emit(new CallEvent.Disconnected(Map.of(), false, 200, "hung up by the scenario"));
        } else {
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
        send("handleSIPInfo", id(), slash > 0 ? mimeType.substring(0, slash) : mimeType,
                slash > 0 ? mimeType.substring(slash + 1) : "", body, SdkHeaders.toJson(headers));
    }

    @Override
    public void sendDigits(String digits) {
        WebRtcEndpoint ep;
        synchronized (this) {
            ep = endpoint;
        }
        if (ep != null) {
            ep.sendDigits(digits); // a direct call has no endpoint: the pages exchange audio themselves
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

    // ---- from the rung page ----

    @Override
    public void acceptFromPage(String sdp, Map<String, String> headers) {
        SdkCallLeg c = caller;
        WebRtcOffer offer;
        synchronized (this) {
            offer = nodeOffer;
            nodeOffer = null;
        }
        if (offer != null) {
            acceptWithNodeMedia(offer, sdp, headers);
            return;
        }
        List<Object[]> held;
        synchronized (this) {
            if (state != CallState.PROGRESSING || c == null) {
                return;
            }
            state = CallState.CONNECTED;
            answeredAt = clock.instant();
            held = new ArrayList<>(heldInfos);
            heldInfos.clear();
        }
        c.directAnswered(sdp, headers);
        send("handleConnectionConnected", id(), new JsonObject(), "");
        for (Object[] info : held) {
            send("handleSIPInfo", info);
        }
        emit(new CallEvent.Connected(headers));
    }

    /** The page answered the node's offer: its endpoint joins the leg's link, or an unusable answer ends the call (488). */
    private void acceptWithNodeMedia(WebRtcOffer offer, String sdp, Map<String, String> headers) {
        WebRtcAnswer a;
        try {
            a = sdp == null ? new WebRtcAnswer.Rejected(WebRtcAnswer.Reason.MALFORMED_SDP, "the page answered without SDP")
                    : offer.accept(sdp, new PageMediaEvents(() -> tones, this::emit, this::mediaFailed));
        } catch (RuntimeException e) {
            LOG.warn("web SDK call {} to {}: the page's answer could not be used", id(), info.destination(), e);
            a = new WebRtcAnswer.Rejected(WebRtcAnswer.Reason.UNSUPPORTED_TRANSPORT, "no media resources");
        }
        switch (a) {
            case WebRtcAnswer.Accepted ok -> {
                synchronized (this) {
                    if (state != CallState.PROGRESSING) {
                        ok.endpoint().close();
                        return;
                    }
                    endpoint = ok.endpoint();
                    state = CallState.CONNECTED;
                    answeredAt = clock.instant();
                }
                ok.endpoint().sendMediaTo(link.b());
                link.b().sendMediaTo(ok.endpoint());
                send("handleConnectionConnected", id(), new JsonObject(), "");
                emit(new CallEvent.Connected(headers));
            }
            case WebRtcAnswer.Rejected r -> {
                synchronized (this) {
                    if (state == CallState.TERMINATED) {
                        return;
                    }
                    ended(state, "", 488);
                }
                LOG.info("web SDK call {} to {}: the page's answer was rejected: {} ({})", id(), info.destination(),
                        r.reason(), r.detail());
                release();
                send("handleConnectionDisconnected", id(), new JsonObject(), new JsonObject());
                emit(new CallEvent.Failed(488, "the page's answer is not usable: " + r.detail(), headers));
            }
        }
    }

    @Override
    public void declineFromPage(Map<String, String> headers) {
        SdkCallLeg c = caller;
        synchronized (this) {
            if (state != CallState.PROGRESSING) {
                return;
            }
            ended(state, "", 603);
        }
        if (c != null) {
            c.directDeclined(headers);
        }
        release();
        emit(new CallEvent.Failed(603, "Decline", headers));
    }

    @Override
    public void hangupFromPage(Map<String, String> headers) {
        CallState before;
        synchronized (this) {
            before = state;
            if (before == CallState.TERMINATED) {
                return;
            }
            ended(before, "remote-hangup", 487);
        }
        release();
        send("handleConnectionDisconnected", id(), new JsonObject(), new JsonObject());
        if (before == CallState.CONNECTED) {
            emit(new CallEvent.Disconnected(headers, true, 200, "hung up by the callee"));
        } else {
            emit(new CallEvent.Failed(487, "the callee hung up while ringing", headers));
        }
    }

    @Override
    public void connectionLost() {
        CallState before;
        synchronized (this) {
            before = state;
            if (before == CallState.TERMINATED) {
                return;
            }
            ended(before, "connection-lost", 480);
        }
        release();
        if (before == CallState.CONNECTED) {
            emit(new CallEvent.Disconnected(Map.of(), true, 408, "the callee's connection was lost"));
        } else {
            emit(new CallEvent.Failed(480, "the callee's connection was lost", Map.of()));
        }
    }

    @Override
    public void infoFromPage(String type, String subtype, String body, Map<String, String> headers) {
        if (state().isTerminal()) {
            return;
        }
        SdkCallLeg c = caller;
        if (c != null) {
            c.relay("handleSIPInfo", id(), type, subtype, body, SdkHeaders.toJson(headers));
        } else {
            SdkCallLeg.infoEvent(type, subtype, body, headers).ifPresent(this::emit);
        }
    }

    @Override
    public void holdFromPage(boolean hold) {
        if (state() == CallState.CONNECTED) {
            emit(hold ? new CallEvent.OnHold() : new CallEvent.OffHold());
        }
    }

    /** {@code sendDTMF}: a browser without an RTP DTMF sender (a call with the node's media). */
    @Override
    public void digitFromPage(char digit) {
        if (tones && caller == null && state() == CallState.CONNECTED) {
            emit(new CallEvent.ToneReceived(digit, Duration.ofMillis(100), ToneSource.SIGNALLING));
        }
    }

    @Override
    public void reInviteFromPage(String sdp, Map<String, String> headers) {
        SdkCallLeg c = caller;
        if (c != null) {
            if (state() == CallState.CONNECTED) {
                c.relay("handleReInvite", id(), SdkHeaders.toJson(headers), sdp, "{}");
            }
            return;
        }
        WebRtcEndpoint ep;
        synchronized (this) {
            ep = state == CallState.CONNECTED ? endpoint : null;
        }
        SdkCallLeg.answerReInvite(id(), ep, sdp, this::send);
    }

    @Override
    public void acceptReInviteFromPage(String sdp, Map<String, String> headers) {
        SdkCallLeg c = caller;
        if (c != null) {
            c.relay("handleAcceptReinvite", id(), SdkHeaders.toJson(headers), sdp);
        }
    }

    // ---- relayed from the caller page ----

    /** An INFO from the caller page: candidates are held until this page answered (it has no remote description before). */
    void relayInfo(String type, String subtype, String body, Map<String, String> headers) {
        Object[] params = {id(), type, subtype, body, SdkHeaders.toJson(headers)};
        synchronized (this) {
            if (state == CallState.TERMINATED) {
                return;
            }
            if (state == CallState.PROGRESSING) {
                if (heldInfos.size() < 200) {
                    heldInfos.add(params);
                }
                return;
            }
        }
        send("handleSIPInfo", params);
    }

    void relay(String name, Object... params) {
        send(name, params);
    }

    private void send(String name, Object... params) {
        SdkConnection c = connection;
        if (c != null) {
            c.send(Frame.of(name, params));
        }
    }

    private void release() {
        WebRtcOffer offer;
        WebRtcEndpoint ep;
        synchronized (this) {
            offer = nodeOffer;
            nodeOffer = null;
            ep = endpoint;
            endpoint = null;
        }
        if (offer != null) {
            offer.cancel();
        }
        if (ep != null) {
            ep.close();
        }
        media.release(link.a());
        media.release(link.b());
        whenTerminated.run();
    }

    /** The endpoint's transport failed (on a mixer thread). */
    private void mediaFailed(WebRtcFailure failure) {
        CallState before;
        synchronized (this) {
            before = state;
            if (before == CallState.TERMINATED) {
                return;
            }
            ended(before, "media-failed", 408);
            endpoint = null;
        }
        LOG.info("web SDK call {} to {}: media failed: {}", id(), info.destination(), failure);
        release();
        send("handleConnectionDisconnected", id(), new JsonObject(), new JsonObject());
        if (before == CallState.CONNECTED) {
            emit(new CallEvent.Disconnected(Map.of(), true, 408, "media failed: " + failure));
        } else {
            emit(new CallEvent.Failed(408, "media failed: " + failure, Map.of()));
        }
    }

    private void emit(CallEvent e) {
        events.emit(e);
    }
}
