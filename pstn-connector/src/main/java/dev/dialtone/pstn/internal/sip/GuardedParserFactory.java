package dev.dialtone.pstn.internal.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * JAIN-SIP's {@code MESSAGE_PARSER_FACTORY}: its own parser, made strict for requests and watched.
 *
 * <ul>
 *   <li>Any header of a request that does not parse rejects the whole request (JAIN-SIP alone drops
 *       the bad header and carries on, except for a few mandatory ones). The stack then answers 400
 *       over UDP. Its TCP path parses without a channel at hand and drops failures silently, so
 *       there the parser returns an {@link UnparseableMessage} and {@link GuardedTcpChannel}
 *       answers it.</li>
 *   <li>A request whose version is not SIP/2.0 gets 505 (JAIN-SIP's parser quietly reads any version
 *       as 2.0), one without Via, From, To, Call-ID or CSeq gets 400 (JAIN-SIP drops it unanswered);
 *       both with whatever of those headers it has (RFC 3261 §8.2.2 and §8.1.1).</li>
 *   <li>Every refused message is reported to the owning connector ({@link StackHooks}), which logs
 *       once per source per interval.</li>
 * </ul>
 */
public final class GuardedParserFactory implements MessageParserFactory {
    private static final StringMsgParser PARSER = new StringMsgParser(); // stateless, as JAIN-SIP's own factory shares it
    private static final String[] MANDATORY = {"Via", "From", "To", "Call-ID", "CSeq"};

    public GuardedParserFactory() {
        // JAIN-SIP creates it by reflection
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        StackHooks hooks = StackHooks.of(((SipStackImpl) stack).getStackName());
        return (bytes, readBody, strict, listener) -> parse(hooks, bytes, readBody, strict, listener);
    }

    private static SIPMessage parse(StackHooks hooks, byte[] bytes, boolean readBody, boolean strict,
                                    ParseExceptionListener listener) throws ParseException {
        ParseExceptionListener strictListener = (ex, message, headerClass, header, raw) -> {
            if (message instanceof SIPRequest) {
                throw ex;
            }
            if (listener != null) {
                listener.handleException(ex, message, headerClass, header, raw);
            }
            // a bad header in a response is dropped, as JAIN-SIP does on its TCP path
        };
        SIPMessage message;
        try {
            message = PARSER.parseSIPMessage(bytes, readBody, strict, strictListener);
        } catch (ParseException e) {
            if (listener == null) {
                // JAIN-SIP's TCP path: the channel answers and reports it (see GuardedTcpChannel)
                return new UnparseableMessage(new String(bytes, StandardCharsets.UTF_8), e, null);
            }
            report(hooks, listener, e.getMessage());
            throw e;
        }
        if (!(message instanceof SIPRequest request)) {
            return message;
        }
        SIPResponse refusal = refusal(request, bytes);
        if (refusal == null) {
            return message;
        }
        if (listener == null) {
            return new UnparseableMessage(null, null, refusal);
        }
        report(hooks, listener, refusal.getReasonPhrase());
        if (listener instanceof MessageChannel channel) {
            sendOverUdp(channel, request, refusal);
        }
        return null; // JAIN-SIP's UDP path ignores a null message
    }

    /** 505 or 400 for a request JAIN-SIP would accept or drop silently; null if it is fine. */
    static SIPResponse refusal(SIPRequest request, byte[] raw) {
        String version = firstLineVersion(raw);
        if (!version.equals("SIP/2.0")) {
            return response(request, 505, "Version Not Supported");
        }
        for (String name : MANDATORY) {
            if (request.getHeader(name) == null) {
                return response(request, 400, "Missing " + name + " header");
            }
        }
        String duplicate = duplicateSingleton(raw);
        if (duplicate != null) {
            return response(request, 400, "More than one " + duplicate + " header");
        }
        return null;
    }

    /** Headers that may appear once (RFC 3261 §7.3.1, §20); compact forms map to their full name. */
    private static final java.util.Map<String, String> SINGLETONS = java.util.Map.ofEntries(
            java.util.Map.entry("call-id", "Call-ID"), java.util.Map.entry("i", "Call-ID"),
            java.util.Map.entry("cseq", "CSeq"),
            java.util.Map.entry("from", "From"), java.util.Map.entry("f", "From"),
            java.util.Map.entry("to", "To"), java.util.Map.entry("t", "To"),
            java.util.Map.entry("content-length", "Content-Length"), java.util.Map.entry("l", "Content-Length"),
            java.util.Map.entry("content-type", "Content-Type"), java.util.Map.entry("c", "Content-Type"),
            java.util.Map.entry("max-forwards", "Max-Forwards"));

    /**
     * The name of a single-valued header that occurs twice in the raw header section, or null.
     * JAIN-SIP keeps one of the values silently (which Content-Length frames the body?).
     */
    static String duplicateSingleton(byte[] raw) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        int i = 0;
        int n = raw.length;
        boolean first = true;
        while (i < n) {
            int end = i;
            while (end < n && raw[end] != '\r' && raw[end] != '\n') {
                end++;
            }
            if (end == i && !first) {
                return null; // the blank line: end of the headers
            }
            if (!first && end > i && raw[i] != ' ' && raw[i] != '\t') {
                int colon = i;
                while (colon < end && raw[colon] != ':') {
                    colon++;
                }
                if (colon < end) {
                    String name = new String(raw, i, colon - i, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
                    String canonical = SINGLETONS.get(name);
                    if (canonical != null && !seen.add(canonical)) {
                        return canonical;
                    }
                }
            }
            if (end > i || !first) {
                first = false;
            }
            i = end;
            if (i < n && raw[i] == '\r') {
                i++;
            }
            if (i < n && raw[i] == '\n') {
                i++;
            }
        }
        return null;
    }

    /** The last token of the request line, as written. */
    static String firstLineVersion(byte[] raw) {
        int start = 0;
        while (start < raw.length && (raw[start] == '\r' || raw[start] == '\n')) {
            start++;
        }
        int end = start;
        while (end < raw.length && raw[end] != '\r' && raw[end] != '\n') {
            end++;
        }
        String line = new String(raw, start, end - start, StandardCharsets.UTF_8).trim();
        int sp = line.lastIndexOf(' ');
        return sp < 0 ? line : line.substring(sp + 1).toUpperCase(Locale.ROOT);
    }

    /** A response with whichever of the request's Via, From, To, Call-ID and CSeq exist. */
    private static SIPResponse response(SIPRequest request, int code, String reason) {
        SIPResponse r = new SIPResponse();
        try {
            r.setStatusCode(code);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
        r.setReasonPhrase(reason);
        if (request.getViaHeaders() != null) {
            r.setHeader((SIPHeader) request.getViaHeaders().clone());
        }
        for (String name : MANDATORY) {
            if (name.equals("Via")) {
                continue;
            }
            if (request.getHeader(name) instanceof SIPHeader sh) {
                SIPHeader copy = (SIPHeader) sh.clone();
                if (copy instanceof To to && to.getTag() == null) {
                    try {
                        to.setTag(SipMessages.newTag());
                    } catch (ParseException e) {
                        // leave it without a tag
                    }
                }
                r.setHeader(copy);
            }
        }
        r.setHeader(new ContentLength(0));
        return r;
    }

    /** Sends a refusal back to the datagram's source, at the top Via's port (5060 if none). */
    private static void sendOverUdp(MessageChannel channel, SIPRequest request, SIPResponse response) {
        InetAddress to = literal(channel.getPeerAddress());
        if (to == null) {
            return;
        }
        Via via = request.getTopmostVia();
        int port = via == null ? 5060 : via.getRPort() > 0 ? via.getRPort() : via.getPort() > 0 ? via.getPort() : 5060;
        try {
            channel.sendMessage(response, to, port);
        } catch (IOException | RuntimeException e) {
            // unreachable source: nothing more to do
        }
    }

    private static void report(StackHooks hooks, ParseExceptionListener listener, String why) {
        InetAddress source = null;
        String transport = "udp";
        if (listener instanceof MessageChannel channel) {
            source = literal(channel.getPeerAddress());
            transport = channel.getTransport().toLowerCase(Locale.ROOT);
        }
        hooks.reportMalformed(source, transport, why);
    }

    /** The channel's peer is an IP literal (never a name), so this does no DNS lookup. */
    private static InetAddress literal(String address) {
        if (address == null) {
            return null;
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
