package dev.dialtone.pstn.internal.sip;

import java.text.ParseException;
import java.util.concurrent.atomic.AtomicLong;

import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * JAIN-SIP's {@code SIP_MESSAGE_VALVE}: keeps two unrelated requests that carry the same branch
 * apart. JAIN-SIP keys its server transactions by branch alone and takes a new request whose
 * branch belongs to a live transaction for a retransmission of it, dropping it unanswered. RFC 3261
 * §17.2.3 matches on branch, sent-by and method. When a request's branch is taken by a
 * transaction it does not belong to by those rules, its branch gets a unique suffix
 * ({@value #MARK}n), so it gets a transaction of its own; {@link #originalBranch} undoes it for
 * stateless answers. ACK and CANCEL are left alone: they share their INVITE's branch by design.
 */
public final class BranchCollisionValve implements SIPMessageValve {
    static final String MARK = "-dtcollision";
    private final AtomicLong counter = new AtomicLong();
    private volatile SIPTransactionStack stack;

    public BranchCollisionValve() {
        // JAIN-SIP creates it by reflection
    }

    @Override
    public void init(SipStack sipStack) {
        this.stack = (SIPTransactionStack) sipStack;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        SIPTransactionStack s = stack;
        String method = request.getMethod();
        if (s == null || Request.ACK.equals(method) || Request.CANCEL.equals(method)) {
            return true;
        }
        Via via = request.getTopmostVia();
        if (via == null || via.getBranch() == null) {
            return true;
        }
        SIPTransaction existing = s.findTransaction(request.getTransactionId(), true);
        if (existing == null) {
            return true;
        }
        boolean same = existing instanceof SIPServerTransaction st && st.isMessagePartOfTransaction(request)
                && method.equals(existing.getMethod());
        if (!same) {
            try {
                via.setBranch(via.getBranch() + MARK + counter.incrementAndGet());
            } catch (ParseException e) {
                return true; // keep JAIN-SIP's behaviour
            }
        }
        return true;
    }

    /** The branch as the client sent it. */
    public static String originalBranch(String branch) {
        int i = branch == null ? -1 : branch.lastIndexOf(MARK);
        return i < 0 ? branch : branch.substring(0, i);
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
        stack = null;
    }
}
