package dev.dialtone.pstn.internal.call;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

import javax.sip.ServerTransaction;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallEvent;
import dev.dialtone.core.CallInfo;
import dev.dialtone.core.CallState;
import dev.dialtone.core.Scheduler;
import dev.dialtone.core.SessionId;
import dev.dialtone.media.MediaException;
import dev.dialtone.pstn.InboundDecision;
import dev.dialtone.pstn.InboundInvite;
import dev.dialtone.pstn.internal.sdp.OfferAnswer;
import dev.dialtone.pstn.internal.sdp.SdpException;
import dev.dialtone.pstn.internal.sdp.SessionDescription;
import dev.dialtone.pstn.internal.sip.SipMessages;

/**
 * An inbound SIP call: created when a new INVITE passed the checks (100 Trying already sent), routed
 * on the routing pool, then offered to a session, which answers, rings, starts early media, rejects
 * or hangs up. {@link CallEvent.Connected} is raised when our 200 is acknowledged.
 */
public final class InboundLeg extends SipLeg {
    private static final Logger LOG = LoggerFactory.getLogger(InboundLeg.class);

    private final ServerTransaction inviteTx;
    private final Request invite;
    private final SessionDescription offer; // null: late offer (INVITE without SDP)
    private final InboundInvite facts;
    private final String toTag = SipMessages.newTag();
    private final long receivedNanos;
    private boolean finalSent;
    private boolean ringing;
    private boolean audioStarted;
    private boolean hangupAfterAck;
    private boolean routed;
    private Scheduler.Cancellable alertTimer;

    public InboundLeg(LegContext ctx, ServerTransaction inviteTx, SessionDescription offer, InboundInvite facts,
                      long receivedNanos) {
        super(ctx, CallState.ALERTING, facts.transport());
        this.inviteTx = Objects.requireNonNull(inviteTx, "inviteTx");
        this.invite = inviteTx.getRequest();
        this.offer = offer;
        this.facts = facts;
        this.receivedNanos = receivedNanos;
        this.sipCallId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
        inviteTx.setApplicationData(this);
        this.dialog = inviteTx.getDialog();
        if (dialog != null) {
            dialog.setApplicationData(this);
        }
    }

    /** Asks the platform where the call goes (on the routing pool). Throws if that pool's queue is full. */
    public void route() throws RejectedExecutionException {
        ctx.routingPool().execute(() -> {
            InboundDecision d;
            try {
                d = ctx.services().router().route(facts);
            } catch (RuntimeException e) {
                LOG.error("routing the call {} failed", id, e);
                d = new InboundDecision.Reject(500, "Server Internal Error");
            }
            InboundDecision decision = d;
            exec.execute(() -> onDecision(decision));
        });
    }

    private void onDecision(InboundDecision d) {
        if (finalSent || terminated()) {
            releaseSlot(); // cancelled while routing
            return;
        }
        switch (d) {
            case InboundDecision.Reject r -> {
                finalSent = true;
                respond(inviteTx, ctx.sip().response(invite, r.code(), toTag, r.reason()));
                setState(CallState.TERMINATED);
                releaseSlot();
            }
            case InboundDecision.Accept a -> accept(a);
        }
    }

    private void accept(InboundDecision.Accept a) {
        account = a.account();
        application = a.application();
        trunkId = a.trunkId();
        setInfo(new CallInfo(id, CallDirection.INBOUND, a.clientType(), facts.fromUser(), facts.displayName(), a.dialed(),
                facts.headers()));
        try {
            openMedia();
        } catch (MediaException e) {
            LOG.warn("call {}: no RTP port free: {}", id, e.getMessage());
            finalSent = true;
            Response busy = ctx.sip().response(invite, Response.SERVICE_UNAVAILABLE, toTag);
            ctx.sip().addRetryAfter(busy, ctx.config().retryAfter().toSeconds());
            respond(inviteTx, busy);
            end(new CallEvent.Failed(503, "no media port", Map.of()), "failed", 503);
            return;
        }
        routed = true;
        ctx.added(this);
        ctx.metrics().legCount("inbound");
        beginRecord();
        alertTimer = ctx.scheduler().schedule(ctx.config().alertingTimeout(), () -> exec.execute(this::onAlertTimeout));
        CompletionStage<SessionId> started;
        try {
            started = a.starter().start(this);
        } catch (RuntimeException e) {
            started = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        started.whenComplete((sid, err) -> exec.execute(() -> onStarted(sid, err)));
    }

    private void onStarted(SessionId sid, Throwable err) {
        if (err == null) {
            session = sid;
            return;
        }
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        boolean overload = message.startsWith("overload");
        long suppressed = ctx.startFailureLog().tryReport(overload ? "overload" : message);
        if (suppressed >= 0) {
            LOG.warn("call {}: no session could start: {}{}", id, message,
                    suppressed == 0 ? "" : " (" + suppressed + " more calls since the last such line)");
        }
        if (!finalSent && !terminated()) {
            int code = overload ? Response.SERVICE_UNAVAILABLE : Response.SERVER_INTERNAL_ERROR;
            finalSent = true;
            Response r = ctx.sip().response(invite, code, toTag);
            if (overload) {
                ctx.sip().addRetryAfter(r, ctx.config().retryAfter().toSeconds());
            }
            respond(inviteTx, r);
            end(new CallEvent.Failed(code, "no session: " + message, Map.of()), "failed", code);
        }
    }

    // --- scenario commands ------------------------------------------------------------------------

    @Override
    public void ring() {
        exec.execute(() -> {
            if (!routed || finalSent || terminated() || ringing) {
                return;
            }
            ringing = true;
            Response r = ctx.sip().response(invite, Response.RINGING, toTag);
            ctx.sip().addContact(r, transport);
            respond(inviteTx, r);
        });
    }

    @Override
    public void startEarlyMedia() {
        exec.execute(() -> {
            if (!routed || finalSent || terminated()) {
                return;
            }
            if (offer == null) {
                LOG.info("call {}: early media needs an SDP offer in the INVITE; ignored", id);
                return;
            }
            try {
                Response r = ctx.sip().response(invite, Response.SESSION_PROGRESS, toTag);
                ctx.sip().addContact(r, transport);
                ctx.sip().setSdp(r, negotiate());
                respond(inviteTx, r);
                audioStarted();
            } catch (SdpException e) {
                refuseOffer(e);
            }
        });
    }

    /** Answers the INVITE's offer (once; later calls reuse the answer). */
    private String negotiate() throws SdpException {
        if (rtp != null && lastLocalSdp != null) {
            return lastLocalSdp;
        }
        OfferAnswer.Result[] result = new OfferAnswer.Result[1];
        String sdp = stamped(l -> {
            result[0] = OfferAnswer.answer(offer, l, ctx.media().supportedCodecs());
            return result[0].sdp().orElseThrow();
        });
        applyMedia(result[0]);
        return sdp;
    }

    private void refuseOffer(SdpException e) {
        LOG.info("call {}: SDP offer refused: {}", id, e.getMessage());
        int code = Response.NOT_ACCEPTABLE_HERE;
        finalSent = true;
        respond(inviteTx, ctx.sip().response(invite, code, toTag));
        end(new CallEvent.Failed(code, e.getMessage(), Map.of()), "failed", code);
    }

    private void audioStarted() {
        if (!audioStarted) {
            audioStarted = true;
            deliver(new CallEvent.AudioStarted());
        }
    }

    @Override
    public void answer(Map<String, String> headers) {
        Map<String, String> extra = Map.copyOf(headers);
        exec.execute(() -> {
            if (!routed || finalSent || terminated()) {
                return;
            }
            try {
                Response ok = ctx.sip().response(invite, Response.OK, toTag);
                ctx.sip().addContact(ok, transport);
                ctx.sip().addExtraHeaders(ok, extra);
                if (offer != null) {
                    ctx.sip().setSdp(ok, negotiate());
                } else {
                    awaitingAckAnswer = true;
                    ctx.sip().setSdp(ok, stamped(l -> OfferAnswer.offer(l, ctx.media().supportedCodecs())));
                }
                finalSent = true;
                answeredAt = ctx.scheduler().clock().instant();
                respond(inviteTx, ok);
                ctx.metrics().inviteToAnswer(ctx.scheduler().nanoTime() - receivedNanos);
                if (rtp != null) {
                    audioStarted();
                }
            } catch (SdpException e) {
                refuseOffer(e);
            }
        });
    }

    @Override
    protected void onAck(javax.sip.message.Request ack) {
        if (terminated()) {
            return;
        }
        acceptAnswerInAck(ack);
        if (terminated()) {
            return;
        }
        if (state() == CallState.ALERTING && answeredAt != null) {
            setState(CallState.CONNECTED);
            cancelTimers();
            audioStarted();
            deliver(new CallEvent.Connected(SipMessages.extensionHeaders(ack)));
            if (hangupAfterAck) {
                sendBye();
                end(new CallEvent.Disconnected(Map.of(), false, 200, "hung up"), "local-hangup", 200);
            }
        }
    }

    @Override
    public void reject(int code, Map<String, String> headers) {
        Map<String, String> extra = Map.copyOf(headers);
        exec.execute(() -> {
            if (!routed || finalSent || terminated()) {
                return;
            }
            int c = code >= 300 && code <= 699 ? code : Response.BUSY_HERE;
            finalSent = true;
            Response r = ctx.sip().response(invite, c, toTag);
            ctx.sip().addExtraHeaders(r, extra);
            respond(inviteTx, r);
            end(new CallEvent.Failed(c, "rejected by the scenario", Map.of()), "rejected", c);
        });
    }

    @Override
    public void hangup(Map<String, String> headers) {
        exec.execute(() -> {
            if (terminated()) {
                return;
            }
            if (state() == CallState.CONNECTED) {
                sendBye();
                end(new CallEvent.Disconnected(Map.of(), false, 200, "hung up"), "local-hangup", 200);
            } else if (finalSent && answeredAt != null) {
                hangupAfterAck = true; // a BYE may only follow the ACK of our 200 (RFC 3261 §15)
            } else if (!finalSent) {
                finalSent = true;
                respond(inviteTx, ctx.sip().response(invite, Response.BUSY_HERE, toTag));
                if (routed) {
                    end(new CallEvent.Failed(487, "cancelled", Map.of()), "local-hangup", Response.BUSY_HERE);
                }
            }
        });
    }

    /** The caller sent CANCEL (its 200 is already sent by the dispatcher). */
    public void cancelled() {
        exec.execute(() -> {
            if (finalSent || terminated()) {
                return;
            }
            finalSent = true;
            respond(inviteTx, ctx.sip().response(invite, Response.REQUEST_TERMINATED, toTag));
            if (routed) {
                end(new CallEvent.Failed(487, "caller cancelled", Map.of()), "cancelled", Response.REQUEST_TERMINATED);
            } else {
                setState(CallState.TERMINATED);
                // the routing result will release the slot
            }
        });
    }

    private void onAlertTimeout() {
        if (finalSent || terminated() || state() != CallState.ALERTING) {
            return;
        }
        finalSent = true;
        respond(inviteTx, ctx.sip().response(invite, Response.TEMPORARILY_UNAVAILABLE, toTag));
        end(new CallEvent.Failed(408, "not answered in " + ctx.config().alertingTimeout().toSeconds() + " s", Map.of()),
                "timeout", Response.TEMPORARILY_UNAVAILABLE);
    }

    @Override
    public void shutdown() {
        exec.execute(() -> {
            if (terminated()) {
                return;
            }
            if (!finalSent) {
                finalSent = true;
                Response r = ctx.sip().response(invite, Response.SERVICE_UNAVAILABLE, toTag);
                ctx.sip().addRetryAfter(r, ctx.config().retryAfter().toSeconds());
                respond(inviteTx, r);
                if (!routed) {
                    setState(CallState.TERMINATED);
                    releaseSlot();
                    return;
                }
                end(new CallEvent.Failed(503, "node stopping", Map.of()), "node-stopped", 503);
            } else {
                sendBye();
                end(state() == CallState.CONNECTED ? new CallEvent.Disconnected(Map.of(), false, 200, "node stopping")
                        : new CallEvent.Failed(503, "node stopping", Map.of()), "node-stopped", 200);
            }
        });
    }

    @Override
    protected void cancelTimers() {
        if (alertTimer != null) {
            alertTimer.cancel();
            alertTimer = null;
        }
    }

    @Override
    protected CallDirection direction() {
        return CallDirection.INBOUND;
    }
}
