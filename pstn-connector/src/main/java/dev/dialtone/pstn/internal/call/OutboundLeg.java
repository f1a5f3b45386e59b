package dev.dialtone.pstn.internal.call;

import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallEvent;
import dev.dialtone.core.CallInfo;
import dev.dialtone.core.CallState;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.OutboundCall;
import dev.dialtone.core.Scheduler;
import dev.dialtone.media.MediaException;
import dev.dialtone.pstn.DigestCredentials;
import dev.dialtone.pstn.TrunkTarget;
import dev.dialtone.pstn.internal.sdp.OfferAnswer;
import dev.dialtone.pstn.internal.sdp.SdpException;
import dev.dialtone.pstn.internal.sdp.SdpParser;
import dev.dialtone.pstn.internal.sip.DigestAuth;
import dev.dialtone.pstn.internal.sip.SipMessages;

/**
 * An outbound SIP call placed by a session ({@code callPSTN} through the application's trunk,
 * {@code callSIP} to a URI): INVITE with our offer, {@link CallEvent.Ringing} on 180/183 (early
 * media from a 183's SDP), {@link CallEvent.Connected} on 2xx (ACK sent), digest authentication
 * once on 401/407, {@link CallEvent.Failed} with the final code otherwise.
 */
public final class OutboundLeg extends SipLeg {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundLeg.class);
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("\\+?[0-9*#A-Da-d]{1,32}");
    private static final java.util.regex.Pattern CALLER = java.util.regex.Pattern.compile("[+0-9A-Za-z._*#-]{1,64}");

    private final OutboundCall call;
    private Request inviteRequest;
    private ClientTransaction inviteTx;
    private Optional<DigestCredentials> credentials = Optional.empty();
    private boolean provisional;
    private boolean cancelPending;
    private boolean ringing;
    private int authAttempts;
    private Scheduler.Cancellable dialTimer;

    public OutboundLeg(LegContext ctx, OutboundCall call, String transport) {
        super(ctx, CallState.PROGRESSING, transport);
        this.call = call;
        this.account = call.account();
        this.application = call.application();
        this.session = call.session();
        ClientType type = call.kind() == OutboundCall.Kind.PSTN ? ClientType.PSTN : ClientType.SIP;
        setInfo(new CallInfo(id, CallDirection.OUTBOUND, type, call.callerId(), call.displayName(), call.target(), call.headers()));
    }

    /** Fails at once (overload, bad target) without dialing. The live slot was not taken. */
    public void failNow(int code, String reason) {
        exec.execute(() -> {
            releasedWithoutSlot();
            end(new CallEvent.Failed(code, reason, Map.of()), "failed", code);
        });
    }

    private void releasedWithoutSlot() {
        markReleased();
    }

    /** Looks up the trunk on the routing pool, then dials on the leg's executor. The live slot is taken. */
    public void start() {
        ctx.added(this);
        ctx.metrics().legCount("outbound");
        beginRecord();
        try {
            ctx.routingPool().execute(() -> {
                Optional<TrunkTarget> trunk;
                try {
                    trunk = ctx.services().trunks().trunkFor(call.account(), call.application());
                } catch (RuntimeException e) {
                    LOG.error("call {}: trunk lookup failed", id, e);
                    exec.execute(() -> fail(500, "trunk lookup failed"));
                    return;
                }
                exec.execute(() -> dial(trunk));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            exec.execute(() -> fail(503, "overload: routing queue full"));
        }
    }

    private void fail(int code, String reason) {
        end(new CallEvent.Failed(code, reason, Map.of()), "failed", code);
    }

    private void dial(Optional<TrunkTarget> trunk) {
        if (terminated()) {
            return;
        }
        try {
            URI requestUri;
            String viaTransport;
            if (call.kind() == OutboundCall.Kind.PSTN) {
                if (trunk.isEmpty()) {
                    fail(503, "no SIP trunk is configured for this application");
                    return;
                }
                if (!NUMBER.matcher(call.target()).matches()) {
                    fail(484, "not a phone number: " + SipMessages.printable(call.target(), 40));
                    return;
                }
                TrunkTarget t = trunk.get();
                if (!t.transport().equals("udp") && !t.transport().equals("tcp")) {
                    fail(503, "trunk transport " + t.transport() + " is not supported yet");
                    return;
                }
                SipURI uri = ctx.sip().addressFactory().createSipURI(call.target(), t.host());
                uri.setPort(t.port());
                if (t.transport().equals("tcp")) {
                    uri.setTransportParam("tcp");
                }
                requestUri = uri;
                viaTransport = t.transport();
                credentials = t.credentials();
                trunkId = Optional.of(t.trunkId());
            } else if (call.kind() == OutboundCall.Kind.SIP) {
                URI parsed;
                try {
                    parsed = ctx.sip().addressFactory().createURI(call.target().trim());
                } catch (ParseException e) {
                    fail(416, "not a SIP URI");
                    return;
                }
                if (!(parsed instanceof SipURI uri) || uri.isSecure()) {
                    fail(416, "only sip: URIs can be called");
                    return;
                }
                String tp = uri.getTransportParam() == null ? "udp" : uri.getTransportParam().toLowerCase(Locale.ROOT);
                if (trunk.isPresent() && trunk.get().host().equalsIgnoreCase(uri.getHost())) {
                    credentials = trunk.get().credentials();
                    trunkId = Optional.of(trunk.get().trunkId());
                    if (uri.getPort() <= 0) {
                        uri.setPort(trunk.get().port());
                    }
                    if (uri.getTransportParam() == null && trunk.get().transport().equals("tcp")) {
                        uri.setTransportParam("tcp");
                        tp = "tcp";
                    }
                }
                if (!tp.equals("udp") && !tp.equals("tcp")) {
                    fail(416, "transport " + tp + " is not supported");
                    return;
                }
                requestUri = uri;
                viaTransport = tp;
            } else {
                fail(404, "the SIP connector cannot call application users");
                return;
            }
            openMedia();
            String offerSdp = stamped(l -> OfferAnswer.offer(l, ctx.media().supportedCodecs()));
            inviteRequest = buildInvite(requestUri, viaTransport, offerSdp);
            sipCallId = ((CallIdHeader) inviteRequest.getHeader(CallIdHeader.NAME)).getCallId();
            send(inviteRequest);
            dialTimer = ctx.scheduler().schedule(ctx.config().dialingTimeout(), () -> exec.execute(this::onDialTimeout));
        } catch (MediaException e) {
            fail(503, "no media port free");
        } catch (ParseException | InvalidArgumentException | SipException | SdpException | RuntimeException e) {
            LOG.info("call {}: the INVITE could not be sent: {}", id, e.toString());
            fail(503, "the call could not be placed: " + e.getMessage());
        }
    }

    private Request buildInvite(URI requestUri, String viaTransport, String sdp)
            throws ParseException, InvalidArgumentException {
        HeaderFactory h = ctx.sip().headerFactory();
        String caller = CALLER.matcher(call.callerId()).matches() ? call.callerId() : "anonymous";
        SipURI fromUri = ctx.sip().addressFactory().createSipURI(caller, ctx.sip().host());
        Address fromAddress = ctx.sip().addressFactory().createAddress(fromUri);
        if (!call.displayName().isBlank()) {
            fromAddress.setDisplayName(SipMessages.printable(call.displayName(), 64));
        }
        FromHeader from = h.createFromHeader(fromAddress, SipMessages.newTag());
        URI toUri = (URI) requestUri.clone();
        if (toUri instanceof SipURI s) {
            s.removePort();
            s.removeParameter("transport");
        }
        ToHeader to = h.createToHeader(ctx.sip().addressFactory().createAddress(toUri), null);
        CallIdHeader callId = ctx.sip().provider().getNewCallId();
        CSeqHeader cseq = h.createCSeqHeader(1L, Request.INVITE);
        ViaHeader via = h.createViaHeader(ctx.sip().host(), ctx.sip().port(), viaTransport, null);
        via.setRPort();
        MaxForwardsHeader mf = h.createMaxForwardsHeader(70);
        Request r = ctx.sip().messageFactory().createRequest(requestUri, Request.INVITE, callId, cseq, from, to, List.of(via), mf);
        ctx.sip().addContact(r, viaTransport);
        ctx.sip().addUserAgent(r);
        ctx.sip().addAllow(r);
        ctx.sip().addExtraHeaders(r, call.headers());
        ctx.sip().setSdp(r, sdp);
        return r;
    }

    private void send(Request invite) throws SipException {
        inviteTx = ctx.sip().provider().getNewClientTransaction(invite);
        inviteTx.setApplicationData(this);
        dialog = inviteTx.getDialog();
        if (dialog != null) {
            dialog.setApplicationData(this);
        }
        inviteTx.sendRequest();
    }

    @Override
    protected void onResponse(Response response, ClientTransaction ct, Dialog d) {
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (cseq == null || !cseq.getMethod().equals(Request.INVITE)) {
            return; // answers to our BYE, INFO, MESSAGE, CANCEL
        }
        int code = response.getStatusCode();
        if (code < 200) {
            onProvisional(response, code);
        } else if (code < 300) {
            onSuccess(response, ct, d);
        } else if (ct != null && ct == inviteTx) {
            onFailure(response, code);
        }
    }

    private void onProvisional(Response response, int code) {
        if (code == Response.TRYING) {
            return;
        }
        provisional = true;
        if (cancelPending) {
            sendCancel();
            return;
        }
        if (terminated()) {
            return;
        }
        if (SipMessages.hasBody(response) && rtp == null) {
            try {
                applyMedia(OfferAnswer.accept(SdpParser.parse(response.getRawContent()), ctx.media().supportedCodecs()));
            } catch (SdpException e) {
                LOG.info("call {}: early media SDP ignored: {}", id, e.getMessage());
            }
        }
        if (!ringing) {
            ringing = true;
            deliver(new CallEvent.Ringing(SipMessages.extensionHeaders(response)));
        }
    }

    private void onSuccess(Response response, ClientTransaction ct, Dialog d) {
        Dialog dl = d != null ? d : ct != null ? ct.getDialog() : dialog;
        if (dl == null) {
            return;
        }
        dialog = dl;
        dl.setApplicationData(this);
        try {
            long seq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dl.sendAck(dl.createAck(seq));
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            LOG.info("call {}: ACK not sent: {}", id, e.toString());
        }
        if (terminated() || state() == CallState.CONNECTED) {
            if (terminated()) {
                sendBye(); // answered after we gave up (CANCEL race): end it
            }
            return;
        }
        if (SipMessages.hasBody(response)) {
            try {
                applyMedia(OfferAnswer.accept(SdpParser.parse(response.getRawContent()), ctx.media().supportedCodecs()));
            } catch (SdpException e) {
                LOG.info("call {}: the SDP answer is unusable: {}", id, e.getMessage());
                sendBye();
                fail(488, "unusable SDP answer");
                return;
            }
        } else if (rtp == null) {
            LOG.info("call {}: 2xx without an SDP answer", id);
            sendBye();
            fail(488, "no SDP answer");
            return;
        }
        cancelTimers();
        setState(CallState.CONNECTED);
        answeredAt = ctx.scheduler().clock().instant();
        deliver(new CallEvent.AudioStarted());
        deliver(new CallEvent.Connected(SipMessages.extensionHeaders(response)));
    }

    private void onFailure(Response response, int code) {
        if (terminated()) {
            return;
        }
        if ((code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED) && authAttempts == 0
                && credentials.isPresent()) {
            authAttempts++;
            if (resendWithCredentials(response, code)) {
                return;
            }
        }
        String reason = response.getReasonPhrase() == null ? "" : SipMessages.printable(response.getReasonPhrase(), 100);
        end(new CallEvent.Failed(code, reason, SipMessages.extensionHeaders(response)), "failed", code);
    }

    private boolean resendWithCredentials(Response challenge, int code) {
        String name = code == Response.UNAUTHORIZED ? WWWAuthenticateHeader.NAME : ProxyAuthenticateHeader.NAME;
        WWWAuthenticateHeader ch = (WWWAuthenticateHeader) challenge.getHeader(name);
        if (ch == null) {
            return false;
        }
        Optional<DigestAuth.Answer> answer = DigestAuth.answer(ch, credentials.get(), Request.INVITE,
                inviteRequest.getRequestURI().toString());
        if (answer.isEmpty()) {
            LOG.info("call {}: cannot answer the {} challenge (scheme or algorithm not supported)", id, code);
            return false;
        }
        try {
            Request again = (Request) inviteRequest.clone();
            CSeqHeader cseq = (CSeqHeader) again.getHeader(CSeqHeader.NAME);
            cseq.setSeqNumber(cseq.getSeqNumber() + 1);
            ViaHeader oldVia = (ViaHeader) again.getHeader(ViaHeader.NAME);
            again.removeHeader(ViaHeader.NAME);
            ViaHeader via = ctx.sip().headerFactory().createViaHeader(oldVia.getHost(), oldVia.getPort(), oldVia.getTransport(), null);
            via.setRPort();
            again.addHeader(via);
            DigestAuth.Answer a = answer.get();
            AuthorizationHeader auth = code == Response.UNAUTHORIZED
                    ? ctx.sip().headerFactory().createAuthorizationHeader("Digest")
                    : ctx.sip().headerFactory().createProxyAuthorizationHeader("Digest");
            auth.setUsername(a.username());
            auth.setRealm(a.realm());
            auth.setNonce(a.nonce());
            auth.setURI(inviteRequest.getRequestURI());
            auth.setResponse(a.response());
            auth.setAlgorithm(a.algorithm());
            if (a.opaque().isPresent()) {
                auth.setOpaque(a.opaque().get());
            }
            if (a.qop().isPresent()) {
                auth.setQop(a.qop().get());
                auth.setCNonce(a.cnonce().orElseThrow());
                auth.setNonceCount(1);
            }
            again.setHeader(auth);
            inviteRequest = again;
            send(again);
            return true;
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            LOG.info("call {}: the authenticated INVITE could not be sent: {}", id, e.toString());
            return false;
        }
    }

    private void sendCancel() {
        cancelPending = false;
        if (inviteTx == null) {
            return;
        }
        try {
            Request cancel = inviteTx.createCancel();
            ClientTransaction ct = ctx.sip().provider().getNewClientTransaction(cancel);
            ct.setApplicationData(this);
            ct.sendRequest();
        } catch (SipException | RuntimeException e) {
            LOG.debug("call {}: CANCEL not sent: {}", id, e.toString());
        }
    }

    private void onDialTimeout() {
        if (state() != CallState.PROGRESSING) {
            return;
        }
        abandon();
        end(new CallEvent.Failed(408, "not answered in " + ctx.config().dialingTimeout().toSeconds() + " s", Map.of()),
                "timeout", 408);
    }

    /** Stops dialing: CANCEL now if the far end has answered provisionally, else as soon as it does. */
    private void abandon() {
        if (inviteTx == null) {
            return;
        }
        if (provisional) {
            sendCancel();
        } else {
            cancelPending = true;
        }
    }

    @Override
    public void ring() {
        // outbound legs do not ring the far end
    }

    @Override
    public void startEarlyMedia() {
        // only for inbound legs
    }

    @Override
    public void answer(Map<String, String> headers) {
        // only for inbound legs
    }

    @Override
    public void reject(int code, Map<String, String> headers) {
        // only for inbound legs
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
            } else {
                abandon();
                end(new CallEvent.Failed(487, "cancelled", Map.of()), "local-hangup", 487);
            }
        });
    }

    @Override
    protected void onAck(Request ack) {
        // we are the UAC: ACKs come from us
    }

    @Override
    public void shutdown() {
        exec.execute(() -> {
            if (terminated()) {
                return;
            }
            if (state() == CallState.CONNECTED) {
                sendBye();
                end(new CallEvent.Disconnected(Map.of(), false, 200, "node stopping"), "node-stopped", 200);
            } else {
                abandon();
                end(new CallEvent.Failed(503, "node stopping", Map.of()), "node-stopped", 487);
            }
        });
    }

    @Override
    protected void cancelTimers() {
        if (dialTimer != null) {
            dialTimer.cancel();
            dialTimer = null;
        }
    }

    @Override
    protected CallDirection direction() {
        return CallDirection.OUTBOUND;
    }
}
