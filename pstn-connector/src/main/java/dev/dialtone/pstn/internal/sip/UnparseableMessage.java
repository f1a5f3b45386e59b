package dev.dialtone.pstn.internal.sip;

import java.text.ParseException;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

/**
 * Stands for a request refused while parsing on JAIN-SIP's TCP path, which parses on a worker
 * thread without the connection at hand and would drop it silently. Either the parser failed
 * ({@link #raw} and {@link #error}: the answer is built from the raw text) or the request parsed but
 * must be refused ({@link #refusal}: 505, 400 for missing headers). {@link GuardedTcpChannel}
 * recognises it, answers and reports it; it never reaches the rest of the stack.
 */
final class UnparseableMessage extends SIPRequest {
    private static final long serialVersionUID = 1L;

    private final transient String raw;
    private final transient ParseException error;
    private final transient SIPResponse refusal;

    UnparseableMessage(String raw, ParseException error, SIPResponse refusal) {
        this.raw = raw;
        this.error = error;
        this.refusal = refusal;
    }

    String raw() {
        return raw;
    }

    ParseException error() {
        return error;
    }

    SIPResponse refusal() {
        return refusal;
    }

    String why() {
        return refusal != null ? refusal.getReasonPhrase() : error.getMessage();
    }
}
