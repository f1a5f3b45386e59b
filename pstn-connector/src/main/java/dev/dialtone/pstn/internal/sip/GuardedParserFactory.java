package dev.dialtone.pstn.internal.sip;

import java.net.InetAddress;
import java.text.ParseException;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
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
 *       over UDP; over TCP {@link GuardedTcpChannel} answers it.</li>
 *   <li>Every rejected message is reported to the owning connector ({@link StackHooks}), which logs
 *       once per source per interval.</li>
 * </ul>
 */
public final class GuardedParserFactory implements MessageParserFactory {
    private static final StringMsgParser PARSER = new StringMsgParser(); // stateless, as JAIN-SIP's own factory shares it

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
        GuardedTcpChannel tcp = GuardedTcpChannel.current();
        ParseExceptionListener strictListener = listener == null ? null : (ex, message, headerClass, header, raw) -> {
            if (message instanceof SIPRequest) {
                throw ex;
            }
            listener.handleException(ex, message, headerClass, header, raw);
        };
        try {
            return PARSER.parseSIPMessage(bytes, readBody, strict, strictListener);
        } catch (ParseException e) {
            InetAddress source = null;
            String transport = "udp";
            if (tcp != null) {
                source = tcp.peer();
                transport = "tcp";
                tcp.answerMalformed(bytes, e);
            } else if (listener instanceof MessageChannel channel) {
                source = literal(channel.getPeerAddress());
                transport = channel.getTransport().toLowerCase(java.util.Locale.ROOT);
            }
            hooks.reportMalformed(source, transport, e.getMessage());
            throw e;
        }
    }

    /** The channel's peer is an IP literal (never a name), so this does no DNS lookup. */
    private static InetAddress literal(String address) {
        if (address == null) {
            return null;
        }
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
