package dev.dialtone.pstn.internal.call;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.SipURI;
import javax.sip.header.AcceptHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.pstn.InboundInvite;
import dev.dialtone.pstn.internal.guard.OncePerInterval;
import dev.dialtone.pstn.internal.guard.SourceRateLimiter;
import dev.dialtone.pstn.internal.sdp.LocalMedia;
import dev.dialtone.pstn.internal.sdp.OfferAnswer;
import dev.dialtone.pstn.internal.sdp.SdpException;
import dev.dialtone.pstn.internal.sdp.SdpParser;
import dev.dialtone.pstn.internal.sdp.SessionDescription;
import dev.dialtone.pstn.internal.sip.BranchCollisionValve;
import dev.dialtone.pstn.internal.sip.SipMessages;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipListenerExt;
import gov.nist.javax.sip.SipProviderImpl;
import gov.nist.javax.sip.message.Content;
import gov.nist.javax.sip.message.MultipartMimeContent;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * The one JAIN-SIP listener of a connector. It runs on JAIN-SIP's threads and never blocks: it
 * checks new requests (the RFC 3261 §8.2 checks, rate limit, overload), answers what needs no call
 * (OPTIONS, errors) and hands everything about a call to its leg's executor. This is the one place
 * where a problem with a new request becomes a SIP status code.
 */
public final class SipDispatcher implements SipListenerExt {
    private static final Logger LOG = LoggerFactory.getLogger(SipDispatcher.class);

    /** Stands in for our media when an offer is checked before the call has an RTP port. */
    private static final LocalMedia PROBE = new LocalMedia(java.net.InetAddress.getLoopbackAddress(), 9, 10, 0, 0);

    private final LegContext ctx;
    private final SourceRateLimiter limiter;
    private final OncePerInterval<InetAddress> blockLog;

    public SipDispatcher(LegContext ctx, SourceRateLimiter limiter, OncePerInterval<InetAddress> blockLog) {
        this.ctx = ctx;
        this.limiter = limiter;
        this.blockLog = blockLog;
    }

    /** The request being handled on this JAIN-SIP thread, for {@link #send}. */
    private final ThreadLocal<RequestEvent> pending = new ThreadLocal<>();

    @Override
    public void processRequest(RequestEvent ev) {
        pending.set(ev);
        try {
            handle(ev);
        } catch (RuntimeException e) {
            LOG.warn("request {} failed", ev.getRequest().getMethod(), e);
        } finally {
            pending.remove();
        }
    }

    private void handle(RequestEvent ev) {
        Request req = ev.getRequest();
        String method = req.getMethod();
        answerOverArrivalTransport(req);
        Dialog dialog = ev.getDialog();
        SipLeg leg = dialog != null && dialog.getApplicationData() instanceof SipLeg l ? l : null;
        if (method.equals(Request.ACK)) {
            if (leg != null) {
                leg.inDialog(req, null);
            }
            return;
        }
        if (method.equals(Request.CANCEL)) {
            cancel(ev);
            return;
        }
        if (toTag(req) != null) {
            if (leg != null) {
                ServerTransaction st = ev.getServerTransaction() != null ? ev.getServerTransaction() : newServerTransaction(req);
                if (st != null) {
                    leg.inDialog(req, st);
                }
            } else {
                stateless(req, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            }
            return;
        }
        if (refusedByCommonChecks(req)) {
            return;
        }
        switch (method) {
            case Request.INVITE -> newInvite(ev, req);
            case Request.OPTIONS -> options(req);
            case Request.BYE, Request.INFO, Request.PRACK, Request.UPDATE ->
                    stateless(req, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            case Request.MESSAGE -> stateless(req, Response.FORBIDDEN, "MESSAGE only inside a call");
            case Request.REGISTER, Request.SUBSCRIBE, Request.NOTIFY, Request.PUBLISH, Request.REFER -> {
                Response r = ctx.sip().response(req, Response.METHOD_NOT_ALLOWED, SipMessages.newTag());
                ctx.sip().addAllow(r);
                send(r);
            }
            default -> stateless(req, Response.NOT_IMPLEMENTED);
        }
    }

    /**
     * RFC 3261 §8.2.1-8.2.2 for a new request: URI scheme (416), Require (420). Answers and returns
     * true when the request is refused.
     */
    private boolean refusedByCommonChecks(Request req) {
        if (!req.getRequestURI().isSipURI() || ((SipURI) req.getRequestURI()).isSecure()) {
            stateless(req, Response.UNSUPPORTED_URI_SCHEME);
            return true;
        }
        ListIterator<?> requires = req.getHeaders(RequireHeader.NAME);
        List<String> unsupported = new ArrayList<>();
        while (requires.hasNext()) {
            unsupported.add(((RequireHeader) requires.next()).getOptionTag());
        }
        if (!unsupported.isEmpty()) {
            Response r = ctx.sip().response(req, Response.BAD_EXTENSION, SipMessages.newTag());
            for (String tag : unsupported) {
                try {
                    r.addHeader(ctx.sip().headerFactory().createUnsupportedHeader(tag));
                } catch (ParseException e) {
                    // an option tag JAIN-SIP parsed but cannot write back: leave it out
                }
            }
            send(r);
            return true;
        }
        return false;
    }

    private void options(Request req) {
        Response r = ctx.sip().response(req, Response.OK, SipMessages.newTag());
        ctx.sip().addAllow(r);
        ctx.sip().addAcceptSdp(r);
        send(r);
    }

    /**
     * A request that came over UDP is answered over UDP (to its source address), whatever transport
     * its top Via names: a datagram claiming TCP or TLS would otherwise be answered over a connection
     * to an arbitrary host. Over TCP, JAIN-SIP answers on the request's connection anyway.
     */
    private static void answerOverArrivalTransport(Request req) {
        if (req instanceof SIPRequest sr && sr.getMessageChannel() instanceof MessageChannel mc
                && "UDP".equalsIgnoreCase(mc.getTransport())) {
            ViaHeader via = (ViaHeader) req.getHeader(ViaHeader.NAME);
            if (via != null && !"UDP".equalsIgnoreCase(via.getTransport())) {
                try {
                    via.setTransport("UDP");
                } catch (ParseException e) {
                    // keep it; the answer may then not arrive
                }
            }
        }
    }

    // --- new INVITE ---------------------------------------------------------------------------------

    private void newInvite(RequestEvent ev, Request req) {
        long received = ctx.scheduler().nanoTime();
        InetAddress source = remote(ev);
        if (source == null) {
            return;
        }
        switch (limiter.admit(source)) {
            case BLOCKED_NOW -> {
                ctx.metrics().blocked();
                if (blockLog.tryReport(source) >= 0) {
                    LOG.warn("{} sends more than {} new INVITEs a second: its INVITEs are dropped for {}", source.getHostAddress(),
                            ctx.config().invitesPerSecond(), ctx.config().blockDuration());
                }
                return;
            }
            case BLOCKED -> {
                ctx.metrics().blocked();
                return;
            }
            case ALLOWED -> {
                // go on
            }
        }
        SessionDescription offer;
        try {
            offer = offerOf(req);
        } catch (Refusal r) {
            Response resp = ctx.sip().response(req, r.code, SipMessages.newTag(), r.getMessage());
            if (r.code == Response.UNSUPPORTED_MEDIA_TYPE || r.code == Response.NOT_ACCEPTABLE) {
                ctx.sip().addAcceptSdp(resp);
            }
            send(resp);
            return;
        }
        if (req.getHeader(ContactHeader.NAME) == null) {
            // RFC 2543 INVITEs may omit Contact (RFC 4475 §3.4.1): requests then go to the From URI
            FromHeader from = (FromHeader) req.getHeader(FromHeader.NAME);
            req.setHeader(ctx.sip().headerFactory().createContactHeader(from.getAddress()));
        }
        if (!ctx.reserve()) {
            ctx.metrics().overload();
            Response busy = ctx.sip().response(req, Response.SERVICE_UNAVAILABLE, SipMessages.newTag());
            ctx.sip().addRetryAfter(busy, ctx.config().retryAfter().toSeconds());
            send(busy);
            return;
        }
        ServerTransaction st = newServerTransaction(req);
        if (st == null) {
            ctx.release();
            if (branchTakenByAnotherCall(req)) {
                stateless(req, Response.LOOP_DETECTED, "Branch in use by another request");
            }
            return; // otherwise a retransmission: its transaction answers it
        }
        try {
            st.sendResponse(ctx.sip().response(req, Response.TRYING, null));
        } catch (SipException | javax.sip.InvalidArgumentException e) {
            LOG.debug("100 Trying not sent: {}", e.toString());
        }
        String transport = ((ViaHeader) req.getHeader(ViaHeader.NAME)).getTransport().toLowerCase(Locale.ROOT);
        InboundLeg leg = new InboundLeg(ctx, st, offer, facts(req, source, transport), received);
        try {
            leg.route();
        } catch (RejectedExecutionException e) {
            ctx.metrics().overload();
            leg.shutdown(); // 503 with Retry-After, slot released
        }
    }

    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Refusal(int code, String why) {
            super(why, null, false, false);
            this.code = code;
        }
    }

    /** The SDP offer of a new INVITE (null for a late offer), or the refusal code (406, 415, 488). */
    private SessionDescription offerOf(Request req) throws Refusal {
        ListIterator<?> accepts = req.getHeaders(AcceptHeader.NAME);
        if (accepts.hasNext()) {
            boolean sdp = false;
            while (accepts.hasNext()) {
                AcceptHeader a = (AcceptHeader) accepts.next();
                String type = a.getContentType() == null ? "" : a.getContentType().toLowerCase(Locale.ROOT);
                String sub = a.getContentSubType() == null ? "" : a.getContentSubType().toLowerCase(Locale.ROOT);
                if ((type.equals("application") || type.equals("*")) && (sub.equals("sdp") || sub.equals("*"))) {
                    sdp = true;
                }
            }
            if (!sdp) {
                throw new Refusal(Response.NOT_ACCEPTABLE, "we answer with application/sdp only");
            }
        }
        if (!SipMessages.hasBody(req)) {
            return null;
        }
        String type = SipMessages.contentType(req);
        byte[] sdp;
        if (type.equals("application/sdp")) {
            sdp = req.getRawContent();
        } else if (type.startsWith("multipart/")) {
            sdp = sdpPart((SIPMessage) req);
            if (sdp == null) {
                throw new Refusal(Response.UNSUPPORTED_MEDIA_TYPE, "no application/sdp part");
            }
        } else {
            throw new Refusal(Response.UNSUPPORTED_MEDIA_TYPE, "unsupported body " + type);
        }
        try {
            SessionDescription offer = SdpParser.parse(sdp);
            // refuse an offer we could never answer now, before a session is started for it
            OfferAnswer.answer(offer, PROBE, ctx.media().supportedCodecs());
            return offer;
        } catch (SdpException e) {
            throw new Refusal(Response.NOT_ACCEPTABLE_HERE, e.getMessage());
        }
    }

    private static byte[] sdpPart(SIPMessage m) {
        try {
            MultipartMimeContent parts = m.getMultipartMimeContent();
            Iterator<Content> it = parts.getContents();
            while (it.hasNext()) {
                Content c = it.next();
                if (c.getContentTypeHeader() != null
                        && "application".equalsIgnoreCase(c.getContentTypeHeader().getContentType())
                        && "sdp".equalsIgnoreCase(c.getContentTypeHeader().getContentSubType())) {
                    Object content = c.getContent();
                    return content == null ? null : content.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        } catch (ParseException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static InboundInvite facts(Request req, InetAddress source, String transport) {
        SipURI ruri = (SipURI) req.getRequestURI();
        FromHeader from = (FromHeader) req.getHeader(FromHeader.NAME);
        String host = ruri.getHost() == null ? "" : ruri.getHost().toLowerCase(Locale.ROOT);
        Map<String, String> x = SipMessages.extensionHeaders(req);
        return new InboundInvite(unescape(ruri.getUser()), host, unescape(SipMessages.userOf(from.getAddress().getURI())),
                SipMessages.displayNameOf(from.getAddress()), source, transport, x);
    }

    /** Undoes %HH escapes of a URI user part (RFC 3261 §19.1.2); printable characters only. */
    static String unescape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    c = (char) (hi * 16 + lo);
                    i += 2;
                }
            }
            b.append(c);
        }
        return SipMessages.printable(b.toString(), 256);
    }

    private static InetAddress remote(RequestEvent ev) {
        String ip = ev instanceof RequestEventExt ext ? ext.getRemoteIpAddress() : null;
        if (ip == null) {
            return null;
        }
        try {
            return InetAddress.getByName(ip); // an IP literal: no DNS lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    // --- CANCEL ------------------------------------------------------------------------------------

    private void cancel(RequestEvent ev) {
        Request req = ev.getRequest();
        ServerTransaction cancelTx = ev.getServerTransaction() != null ? ev.getServerTransaction() : newServerTransaction(req);
        if (cancelTx == null) {
            return;
        }
        SIPServerTransaction inviteTx = cancelTx instanceof SIPServerTransaction s ? s.getCanceledInviteTransaction() : null;
        try {
            cancelTx.sendResponse(ctx.sip().response(req, Response.OK, toTag(req)));
        } catch (SipException | javax.sip.InvalidArgumentException e) {
            LOG.debug("200 to CANCEL not sent: {}", e.toString());
        }
        if (inviteTx != null && inviteTx.getApplicationData() instanceof InboundLeg leg) {
            leg.cancelled();
        }
    }

    // --- responses and timeouts -------------------------------------------------------------------

    @Override
    public void processResponse(ResponseEvent ev) {
        ClientTransaction ct = ev.getClientTransaction();
        Dialog dialog = ev.getDialog();
        Object owner = ct != null ? ct.getApplicationData() : dialog != null ? dialog.getApplicationData() : null;
        if (owner instanceof SipLeg leg) {
            leg.response(ev.getResponse(), ct, dialog);
        } else if (ct == null && dialog != null && ev.getResponse().getStatusCode() / 100 == 2) {
            ackStray(ev.getResponse(), dialog);
        }
    }

    /** A 2xx retransmission for a dialog no leg owns any more: ACK it so the far end stops. */
    private void ackStray(Response r, Dialog dialog) {
        try {
            CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
            if (cseq != null && cseq.getMethod().equals(Request.INVITE)) {
                dialog.sendAck(dialog.createAck(cseq.getSeqNumber()));
            }
        } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.debug("stray 2xx not ACKed: {}", e.toString());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent ev) {
        if (ev.isServerTransaction()) {
            return;
        }
        ClientTransaction ct = ev.getClientTransaction();
        if (ct != null && ct.getApplicationData() instanceof SipLeg leg && ct.getRequest().getMethod().equals(Request.INVITE)) {
            leg.dialogFailed("no answer from the far end (SIP timeout)");
        }
    }

    @Override
    public void processDialogTimeout(DialogTimeoutEvent ev) {
        Dialog d = ev.getDialog();
        if (d != null && d.getApplicationData() instanceof SipLeg leg) {
            leg.dialogFailed("dialog timeout: " + ev.getReason());
        }
    }

    @Override
    public void processIOException(IOExceptionEvent ev) {
        LOG.debug("SIP I/O error towards {}:{}/{}", ev.getHost(), ev.getPort(), ev.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent ev) {
        // nothing kept per transaction
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent ev) {
        // legs end on BYE, CANCEL, final responses and timeouts
    }

    // --- helpers -----------------------------------------------------------------------------------

    /**
     * JAIN-SIP matches server transactions by branch alone; a new INVITE whose branch belongs to a
     * live transaction of another call (RFC 3261 §17.2.3 would tell them apart by sent-by) cannot
     * get its own transaction. True in that case, false for a real retransmission.
     */
    private boolean branchTakenByAnotherCall(Request req) {
        if (ctx.sip().provider() instanceof SipProviderImpl p && req instanceof SIPRequest sr) {
            SIPTransaction existing = p.getSipStack() instanceof SIPTransactionStack stack ? stack.findTransaction(sr, true) : null;
            if (existing != null && existing.getRequest() instanceof Request other) {
                Object a = other.getHeader(CallIdHeader.NAME);
                Object b = req.getHeader(CallIdHeader.NAME);
                return a != null && b != null && !a.equals(b);
            }
        }
        return false;
    }

    private ServerTransaction newServerTransaction(Request req) {
        if (req.getHeader(MaxForwardsHeader.NAME) == null) {
            // RFC 2543 clients send none; JAIN-SIP refuses a transaction without it
            try {
                req.setHeader(ctx.sip().headerFactory().createMaxForwardsHeader(70));
            } catch (javax.sip.InvalidArgumentException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return ctx.sip().provider().getNewServerTransaction(req);
        } catch (TransactionAlreadyExistsException e) {
            return null;
        } catch (TransactionUnavailableException e) {
            LOG.debug("no server transaction for {}: {}", req.getMethod(), e.getMessage());
            return null;
        }
    }

    private static String toTag(Request req) {
        ToHeader to = (ToHeader) req.getHeader(ToHeader.NAME);
        return to == null ? null : to.getTag();
    }

    private void stateless(Request req, int code) {
        send(ctx.sip().response(req, code, SipMessages.newTag()));
    }

    private void stateless(Request req, int code, String reason) {
        send(ctx.sip().response(req, code, SipMessages.newTag(), reason));
    }

    /**
     * Answers a request outside any call statelessly, back through the channel it came on: over TCP
     * on its connection, over UDP to its source address at the Via's port (the source port with
     * rport; RFC 3261 §18.2.2, RFC 3581). Going through the channel rather than the provider also
     * avoids JAIN-SIP's transaction table, which matches by branch alone and would take two
     * unrelated requests with the same branch for one.
     */
    private void send(Response r) {
        RequestEvent ev = pending.get();
        try {
            if (ev instanceof RequestEventExt ext && ev.getRequest() instanceof SIPRequest req
                    && req.getMessageChannel() instanceof MessageChannel mc && r instanceof SIPResponse resp) {
                InetAddress to = remote(ev);
                ViaHeader via = (ViaHeader) req.getHeader(ViaHeader.NAME);
                int port;
                if (!"UDP".equalsIgnoreCase(mc.getTransport()) || via == null || via.getRPort() != -1) {
                    port = ext.getRemotePort();
                } else {
                    port = via.getPort() > 0 ? via.getPort() : 5060;
                }
                if (to != null && port > 0) {
                    ViaHeader top = (ViaHeader) resp.getHeader(ViaHeader.NAME);
                    if (top != null && top.getBranch() != null && top.getBranch().contains("-dtcollision")) {
                        top.setBranch(BranchCollisionValve.originalBranch(top.getBranch()));
                    }
                    mc.sendMessage(resp, to, port);
                    return;
                }
            }
            ctx.sip().provider().sendResponse(r);
        } catch (java.io.IOException | ParseException | SipException | RuntimeException e) {
            LOG.debug("response {} not sent: {}", r.getStatusCode(), e.toString());
        }
    }
}
