package dev.dialtone.pstn.internal.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.ThreadAffinityTask;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * A SIP connection over TCP (accepted or opened by us) with our own framing and error answers:
 *
 * <ul>
 *   <li>{@link StreamFramer} cuts the stream into messages (JAIN-SIP's framer mishandles compact and
 *       spaced Content-Length headers);</li>
 *   <li>each message is parsed and processed on JAIN-SIP's worker pool, by Call-ID so one call's
 *       messages stay in order, as JAIN-SIP does;</li>
 *   <li>a request the parser refuses ({@link UnparseableMessage}) gets 400 or 505, as over UDP
 *       (JAIN-SIP's TCP path drops it silently); a stream that cannot be framed gets 400 and is
 *       closed;</li>
 *   <li>every refusal is reported to the connector ({@link StackHooks}).</li>
 * </ul>
 */
final class GuardedTcpChannel extends NioTcpMessageChannel {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedTcpChannel.class);

    /** Time given to messages already read before an unframeable stream's connection is closed. */
    private static final long CLOSE_GRACE_MS = 500;

    private final StackHooks hooks;
    private final StreamFramer framer;
    private volatile boolean broken;

    /** An accepted connection. */
    GuardedTcpChannel(NioTcpMessageProcessor processor, SocketChannel socket) throws IOException {
        super(processor, socket);
        this.messageProcessor = processor;
        this.myClientInputStream = socket.socket().getInputStream();
        this.hooks = StackHooks.of(((SipStackImpl) processor.getSIPStack()).getStackName());
        this.framer = newFramer(processor.getSIPStack());
    }

    /** A connection we open (outbound calls over TCP). */
    GuardedTcpChannel(InetAddress host, int port, SIPTransactionStack stack, NioTcpMessageProcessor processor)
            throws IOException {
        super(host, port, stack, processor);
        this.hooks = StackHooks.of(((SipStackImpl) stack).getStackName());
        this.framer = newFramer(stack);
    }

    private StreamFramer newFramer(SIPTransactionStack stack) {
        int max = stack.getMaxMessageSize() > 0 ? stack.getMaxMessageSize() : 65_535;
        return new StreamFramer(max, new StreamFramer.Sink() {
            @Override
            public void message(byte[] message, String callId) {
                dispatch(message, callId);
            }

            @Override
            public void keepAlive() {
                try {
                    sendSingleCLRF();
                } catch (Exception e) {
                    LOG.debug("keep-alive answer not sent: {}", e.toString());
                }
            }

            @Override
            public void framingError(String headers, String why) {
                hooks.reportMalformed(peerAddress, "tcp", why);
                answerBadRequest(headers, new ParseException(why, 0));
            }
        });
    }

    void markCached() {
        this.isCached = true;
    }

    /** Bytes read from the socket (JAIN-SIP's selector thread). A framing error closes the connection. */
    @Override
    protected void addBytes(byte[] bytes) throws Exception {
        if (broken) {
            return;
        }
        try {
            framer.feed(bytes);
        } catch (StreamFramer.FramingException e) {
            // The stream cannot be resynchronised: read no more, let the messages before the bad one be
            // answered on this connection, then close it (RFC 3261 §18.3).
            broken = true;
            LOG.debug("closing the SIP connection from {}: {}", peerAddress, e.getMessage());
            getSIPStack().getSelfRoutingThreadpoolExecutor().schedule(() -> close(true, true), CLOSE_GRACE_MS,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private void dispatch(byte[] message, String callId) {
        SIPTransactionStack stack = getSIPStack();
        stack.getSelfRoutingThreadpoolExecutor().execute(new ThreadAffinityTask() {
            @Override
            public Object getThreadHash() {
                return callId;
            }

            @Override
            public void run() {
                try {
                    MessageParser parser = stack.getMessageParserFactory().createMessageParser(stack);
                    SIPMessage parsed = parser.parseSIPMessage(message, true, false, null);
                    if (parsed != null) {
                        processMessage(parsed);
                    }
                } catch (Exception e) {
                    LOG.debug("TCP message from {} not processed: {}", peerAddress, e.toString());
                }
            }
        });
    }

    @Override
    public void processMessage(SIPMessage message) throws Exception {
        if (message instanceof UnparseableMessage bad) {
            hooks.reportMalformed(peerAddress, "tcp", bad.why());
            if (bad.refusal() != null) {
                try {
                    send(bad.refusal().encodeAsBytes("TCP"));
                } catch (RuntimeException e) {
                    LOG.debug("refusal not encodable: {}", e.toString());
                }
            } else {
                answerBadRequest(bad.raw(), bad.error());
            }
            return;
        }
        super.processMessage(message);
    }

    InetAddress peer() {
        return peerAddress;
    }

    private void answerBadRequest(String text, ParseException e) {
        if (text == null || text.startsWith("SIP/") || text.startsWith("ACK ")) {
            return;
        }
        String response = createBadReqRes(text, e);
        if (response != null) {
            send(response.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void send(byte[] bytes) {
        try {
            sendMessage(bytes, false);
        } catch (IOException io) {
            // the connection is gone; nothing to answer
        }
    }
}
