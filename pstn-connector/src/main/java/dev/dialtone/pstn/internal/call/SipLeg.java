package dev.dialtone.pstn.internal.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallEvent;
import dev.dialtone.core.CallId;
import dev.dialtone.core.CallInfo;
import dev.dialtone.core.CallLeg;
import dev.dialtone.core.CallListener;
import dev.dialtone.core.CallState;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.MediaUnit;
import dev.dialtone.core.SerialExecutor;
import dev.dialtone.core.SessionId;
import dev.dialtone.core.ToneSource;
import dev.dialtone.media.RtpEndpoint;
import dev.dialtone.media.RtpParameters;
import dev.dialtone.pstn.CallRecord;
import dev.dialtone.pstn.internal.sdp.LocalMedia;
import dev.dialtone.pstn.internal.sdp.OfferAnswer;
import dev.dialtone.pstn.internal.sdp.SdpException;
import dev.dialtone.pstn.internal.sdp.SdpParser;
import dev.dialtone.pstn.internal.sdp.SessionDescription;
import dev.dialtone.pstn.internal.sip.DtmfInfo;
import dev.dialtone.pstn.internal.sip.SipMessages;

/**
 * A SIP call leg: what inbound and outbound legs share. Each leg runs on its own
 * {@link SerialExecutor}: scenario calls ({@code answer}, {@code hangup}…), SIP events and media
 * events are all queued there and handled one at a time, so the leg's state needs no locks and its
 * listener sees events in order. Methods named {@code on…} and {@code do…} run on that executor.
 *
 * <p>In-dialog handling lives here: BYE either way, re-INVITE (hold/unhold), INFO (DTMF or
 * {@code InfoReceived}), MESSAGE; and the end of every leg: media closed, the call record written
 * (a BYE from the far end is answered only once the record is stored), the live slot released.
 */
public abstract class SipLeg implements CallLeg {
    private static final Logger LOG = LoggerFactory.getLogger(SipLeg.class);

    protected final LegContext ctx;
    protected final SerialExecutor exec;
    protected final CallId id = CallId.random();
    protected final Instant startedAt;
    protected final long startedNanos;
    protected final String transport;
    private volatile CallState state;
    private volatile CallInfo info;
    private CallListener listener;
    private final List<CallEvent> pending = new ArrayList<>();
    private final AtomicBoolean released = new AtomicBoolean();
    protected RtpEndpoint endpoint;
    protected LocalMedia local;
    protected RtpParameters rtp;
    protected boolean remoteHold;
    protected boolean tones;
    protected Dialog dialog;
    protected Instant answeredAt;
    protected String lastLocalSdp;

    // call record facts
    protected AccountId account;
    protected ApplicationId application;
    protected volatile SessionId session;
    protected Optional<Long> trunkId = Optional.empty();
    protected String sipCallId = "";

    protected SipLeg(LegContext ctx, CallState initial, String transport) {
        this.ctx = ctx;
        this.exec = new SerialExecutor(ctx.callPool(), e -> LOG.error("call task failed", e));
        this.state = initial;
        this.transport = transport;
        this.startedAt = ctx.scheduler().clock().instant();
        this.startedNanos = ctx.scheduler().nanoTime();
    }

    // --- CallLeg ---------------------------------------------------------------------------------

    @Override
    public CallInfo info() {
        CallInfo i = info;
        if (i == null) {
            throw new IllegalStateException("the leg has no call info yet");
        }
        return i;
    }

    protected void setInfo(CallInfo i) {
        this.info = i;
    }

    public CallId id() {
        return id;
    }

    @Override
    public CallState state() {
        return state;
    }

    protected void setState(CallState s) {
        this.state = s;
    }

    protected boolean terminated() {
        return state == CallState.TERMINATED;
    }

    @Override
    public void listen(CallListener l) {
        Objects.requireNonNull(l, "listener");
        exec.execute(() -> {
            listener = l;
            List<CallEvent> buffered = List.copyOf(pending);
            pending.clear();
            buffered.forEach(e -> l.onEvent(this, e));
        });
    }

    /** Sends an event to the session (on the leg's executor). */
    protected void deliver(CallEvent e) {
        if (listener == null) {
            pending.add(e);
        } else {
            listener.onEvent(this, e);
        }
    }

    @Override
    public MediaUnit media() {
        RtpEndpoint ep = endpoint;
        if (ep == null) {
            throw new IllegalStateException("the leg has no media yet");
        }
        return ep;
    }

    @Override
    public void handleTones(boolean enabled) {
        exec.execute(() -> {
            tones = enabled;
            if (endpoint != null && !terminated()) {
                endpoint.detectInbandDtmf(enabled);
            }
        });
    }

    @Override
    public void sendDigits(String digits) {
        Objects.requireNonNull(digits, "digits");
        exec.execute(() -> {
            if (!terminated() && endpoint != null && rtp != null) {
                endpoint.sendDigits(digits);
            }
        });
    }

    @Override
    public void sendMessage(String text) {
        Objects.requireNonNull(text, "text");
        exec.execute(() -> sendInDialog(Request.MESSAGE, "text", "plain", text, Map.of()));
    }

    @Override
    public void sendInfo(String mimeType, String body, Map<String, String> headers) {
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(body, "body");
        Map<String, String> h = Map.copyOf(headers);
        exec.execute(() -> {
            int slash = mimeType.indexOf('/');
            if (slash <= 0 || slash == mimeType.length() - 1 || !mimeType.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+")) {
                LOG.info("call {}: sendInfo with an invalid MIME type ignored", id);
                return;
            }
            sendInDialog(Request.INFO, mimeType.substring(0, slash), mimeType.substring(slash + 1), body, h);
        });
    }

    private void sendInDialog(String method, String type, String subtype, String body, Map<String, String> headers) {
        if (terminated() || dialog == null || dialog.getState() != DialogState.CONFIRMED) {
            LOG.debug("call {}: {} not sent, the dialog is not established", id, method);
            return;
        }
        try {
            Request r = dialog.createRequest(method);
            ctx.sip().setBody(r, type, subtype, body);
            ctx.sip().addExtraHeaders(r, headers);
            ClientTransaction ct = ctx.sip().provider().getNewClientTransaction(r);
            ct.setApplicationData(this);
            dialog.sendRequest(ct);
        } catch (SipException | RuntimeException e) {
            LOG.info("call {}: sending {} failed: {}", id, method, e.toString());
        }
    }

    // --- media ------------------------------------------------------------------------------------

    /** Binds the leg's RTP endpoint; events come back on the leg's executor. */
    protected void openMedia() {
        endpoint = ctx.media().createRtpEndpoint(event -> exec.execute(() -> onMediaEvent(event)));
        local = new LocalMedia(ctx.sip().advertised(), endpoint.localAddress().getPort(), endpoint.rtcpAddress().getPort(),
                Math.abs(System.nanoTime() % 1_000_000_000L), 1);
        if (tones) {
            endpoint.detectInbandDtmf(true);
        }
    }

    private void onMediaEvent(CallEvent e) {
        if (terminated()) {
            return;
        }
        if (e instanceof CallEvent.ToneReceived && !tones) {
            return;
        }
        deliver(e);
    }

    /** Applies a negotiation result: endpoint configured, hold changes reported. */
    protected void applyMedia(OfferAnswer.Result r) {
        rtp = r.parameters();
        endpoint.configure(rtp);
        if (r.remoteHold() != remoteHold) {
            remoteHold = r.remoteHold();
            if (state() == CallState.CONNECTED) {
                deliver(remoteHold ? new CallEvent.OnHold() : new CallEvent.OffHold());
            }
        }
    }

    /** Builds one of our SDP bodies for a given origin. */
    @FunctionalInterface
    protected interface SdpBuilder {
        String build(LocalMedia local) throws SdpException;
    }

    /** Our SDP with the origin version raised when it differs from what we sent before (RFC 3264 §8). */
    protected String stamped(SdpBuilder build) throws SdpException {
        String candidate = build.build(local);
        if (lastLocalSdp != null && !sameBody(candidate, lastLocalSdp)) {
            local = local.nextVersion();
            candidate = build.build(local);
        }
        lastLocalSdp = candidate;
        return candidate;
    }

    private static boolean sameBody(String a, String b) {
        // everything but the o= line
        return a.substring(a.indexOf("s=")).equals(b.substring(b.indexOf("s=")));
    }

    // --- in-dialog requests -----------------------------------------------------------------------

    /** A request inside our dialog (JAIN-SIP thread): queued on the leg. */
    public void inDialog(Request request, ServerTransaction st) {
        exec.execute(() -> onInDialog(request, st));
    }

    private void onInDialog(Request request, ServerTransaction st) {
        switch (request.getMethod()) {
            case Request.BYE -> onBye(st);
            case Request.INVITE -> onReInvite(request, st);
            case Request.ACK -> onAck(request);
            case Request.INFO -> onInfo(request, st);
            case Request.MESSAGE -> onMessage(request, st);
            case Request.OPTIONS -> respond(st, request, Response.OK);
            default -> respond(st, request, Response.NOT_IMPLEMENTED);
        }
    }

    protected void respond(ServerTransaction st, Request request, int code) {
        respond(st, ctx.sip().response(request, code, null));
    }

    protected void respond(ServerTransaction st, Response response) {
        try {
            st.sendResponse(response);
        } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.debug("call {}: response {} not sent: {}", id, response.getStatusCode(), e.toString());
        }
    }

    protected abstract void onAck(Request ack);

    private void onInfo(Request request, ServerTransaction st) {
        String type = SipMessages.contentType(request);
        String body = SipMessages.bodyText(request);
        Optional<DtmfInfo> dtmf = DtmfInfo.parse(type, body);
        respond(st, request, Response.OK);
        if (terminated()) {
            return;
        }
        if (dtmf.isPresent()) {
            if (tones) {
                deliver(new CallEvent.ToneReceived(dtmf.get().digit(), dtmf.get().duration(), ToneSource.SIP_INFO));
            }
            return;
        }
        if (!type.isEmpty() || !body.isEmpty()) {
            deliver(new CallEvent.InfoReceived(type, SipMessages.printableBody(body), SipMessages.extensionHeaders(request)));
        }
    }

    private void onMessage(Request request, ServerTransaction st) {
        respond(st, request, Response.OK);
        if (!terminated()) {
            deliver(new CallEvent.MessageReceived(SipMessages.printableBody(SipMessages.bodyText(request)),
                    SipMessages.extensionHeaders(request)));
        }
    }

    private void onReInvite(Request request, ServerTransaction st) {
        if (terminated() || endpoint == null) {
            respond(st, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        Response ok = ctx.sip().response(request, Response.OK, null);
        ctx.sip().addContact(ok, transport);
        if (SipMessages.hasBody(request)) {
            if (!SipMessages.contentType(request).equals("application/sdp")) {
                respond(st, request, Response.UNSUPPORTED_MEDIA_TYPE);
                return;
            }
            try {
                SessionDescription offer = SdpParser.parse(request.getRawContent());
                OfferAnswer.Result[] result = new OfferAnswer.Result[1];
                String sdp = stamped(l -> {
                    result[0] = OfferAnswer.answer(offer, l, ctx.media().supportedCodecs());
                    return result[0].sdp().orElseThrow();
                });
                ctx.sip().setSdp(ok, sdp);
                respond(st, ok);
                applyMedia(result[0]);
            } catch (SdpException e) {
                LOG.info("call {}: re-INVITE refused: {}", id, e.getMessage());
                respond(st, request, Response.NOT_ACCEPTABLE_HERE);
            }
        } else {
            // offer in our 200, answer in the ACK
            awaitingAckAnswer = true;
            try {
                ctx.sip().setSdp(ok, stamped(l -> OfferAnswer.offer(l, ctx.media().supportedCodecs())));
            } catch (SdpException e) {
                throw new IllegalStateException("our own offer cannot fail", e);
            }
            respond(st, ok);
        }
    }

    /** The 200 to a re-INVITE (or a late-offer INVITE) carried our offer: the answer is in the ACK. */
    protected boolean awaitingAckAnswer;

    /** Handles the SDP of an ACK that answers our offer. */
    protected void acceptAnswerInAck(Request ack) {
        if (!awaitingAckAnswer) {
            return;
        }
        awaitingAckAnswer = false;
        if (!SipMessages.hasBody(ack)) {
            LOG.info("call {}: the ACK carried no SDP answer; keeping the previous media", id);
            return;
        }
        try {
            applyMedia(OfferAnswer.accept(SdpParser.parse(ack.getRawContent()), ctx.media().supportedCodecs()));
        } catch (SdpException e) {
            LOG.info("call {}: the SDP answer in the ACK is unusable ({}); hanging up", id, e.getMessage());
            sendBye();
            end(new CallEvent.Disconnected(Map.of(), false, 488, "unusable SDP answer"), "failed", 488);
        }
    }

    private void onBye(ServerTransaction st) {
        Request bye = st.getRequest();
        if (terminated()) {
            respond(st, bye, Response.OK);
            return;
        }
        CallEvent e = state() == CallState.CONNECTED
                ? new CallEvent.Disconnected(SipMessages.extensionHeaders(bye), true, 200, "remote hangup")
                : new CallEvent.Failed(487, "caller hung up", SipMessages.extensionHeaders(bye));
        CompletionStage<Void> stored = end(e, "remote-hangup", 200);
        // Answer the BYE only once the call record is durable (or the wait times out).
        CompletableFuture<Void> gate = new CompletableFuture<>();
        stored.whenComplete((v, err) -> gate.complete(null));
        ctx.scheduler().schedule(ctx.config().recordTimeout(), () -> {
            if (gate.complete(null)) {
                ctx.metrics().recordTimeout();
                LOG.error("call {}: the call record was not stored within {}; answering the BYE anyway", id,
                        ctx.config().recordTimeout());
            }
        });
        gate.thenRun(() -> respond(st, bye, Response.OK));
    }

    /** Sends BYE in the dialog (best effort). */
    protected void sendBye() {
        if (dialog == null) {
            return;
        }
        try {
            Request bye = dialog.createRequest(Request.BYE);
            ClientTransaction ct = ctx.sip().provider().getNewClientTransaction(bye);
            ct.setApplicationData(this);
            dialog.sendRequest(ct);
        } catch (SipException | RuntimeException e) {
            LOG.info("call {}: BYE not sent: {}", id, e.toString());
        }
    }

    /** The dialog died without an ACK for our 2xx, or a transaction timed out. */
    public void dialogFailed(String why) {
        exec.execute(() -> {
            if (terminated()) {
                return;
            }
            LOG.info("call {}: {}", id, why);
            sendBye();
            CallEvent e = state() == CallState.CONNECTED
                    ? new CallEvent.Disconnected(Map.of(), false, 408, why)
                    : new CallEvent.Failed(408, why, Map.of());
            end(e, "timeout", 408);
        });
    }

    /** A response to a request we sent in the dialog (BYE, INFO, MESSAGE) or to our INVITE. */
    public void response(Response response, ClientTransaction ct, Dialog d) {
        exec.execute(() -> onResponse(response, ct, d));
    }

    protected void onResponse(Response response, ClientTransaction ct, Dialog d) {
        // in-dialog requests of ours: nothing to do with their answers
    }

    // --- the end ----------------------------------------------------------------------------------

    /**
     * Ends the leg: state, timers, media, live slot, the final event, the call record. Returns when
     * the record is stored. Runs once; later calls return a completed stage.
     */
    protected CompletionStage<Void> end(CallEvent finalEvent, String reason, int sipCode) {
        if (terminated()) {
            return CompletableFuture.completedFuture(null);
        }
        setState(CallState.TERMINATED);
        cancelTimers();
        if (endpoint != null) {
            endpoint.close();
        }
        releaseSlot();
        deliver(finalEvent);
        if (account == null) {
            return CompletableFuture.completedFuture(null); // never routed: no record
        }
        CallRecord record = record(Optional.of(ctx.scheduler().clock().instant()), reason, sipCode);
        try {
            return ctx.services().records().finish(record);
        } catch (RuntimeException e) {
            LOG.error("call {}: storing its call record failed", id, e);
            return CompletableFuture.failedFuture(e);
        }
    }

    /** For a leg that never took a live slot: nothing to release when it ends. */
    protected void markReleased() {
        released.set(true);
    }

    protected void releaseSlot() {
        if (released.compareAndSet(false, true)) {
            ctx.removed(this);
            ctx.release();
        }
    }

    protected abstract void cancelTimers();

    protected CallRecord record(Optional<Instant> endedAt, String reason, int sipCode) {
        CallInfo i = info;
        Duration duration = answeredAt != null && endedAt.isPresent()
                ? Duration.between(answeredAt, endedAt.get()).isNegative() ? Duration.ZERO : Duration.between(answeredAt, endedAt.get())
                : Duration.ZERO;
        return new CallRecord(id, sipCallId, account, application, Optional.ofNullable(session), direction(),
                i == null ? ClientType.SIP : i.clientType(), i == null ? "" : i.callerId(), i == null ? "" : i.destination(), trunkId,
                startedAt, Optional.ofNullable(answeredAt), endedAt, duration, reason, sipCode);
    }

    protected abstract CallDirection direction();

    /** Writes the open record (best effort). */
    protected void beginRecord() {
        try {
            ctx.services().records().begin(record(Optional.empty(), "", 0));
        } catch (RuntimeException e) {
            LOG.warn("call {}: the open call record was not stored: {}", id, e.toString());
        }
    }

    /** The node is stopping: end the call now (BYE or final response), no waiting. */
    public abstract void shutdown();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + ", " + state + "]";
    }
}
