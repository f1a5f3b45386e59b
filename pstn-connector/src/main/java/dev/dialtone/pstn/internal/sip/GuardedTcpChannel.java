package dev.dialtone.pstn.internal.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;

/**
 * An accepted TCP connection whose malformed requests get a 400, as over UDP (JAIN-SIP's TCP path
 * drops them silently: "@todo also other transports"). While this channel feeds bytes to the
 * parser it is the thread's {@link #current()} channel, so {@link GuardedParserFactory} can answer
 * through it. Parsing happens on the reading thread as long as
 * {@code TCP_POST_PARSING_THREAD_POOL_SIZE} is 0, which our stack settings guarantee.
 */
final class GuardedTcpChannel extends NioTcpMessageChannel {
    private static final ThreadLocal<GuardedTcpChannel> CURRENT = new ThreadLocal<>();

    GuardedTcpChannel(NioTcpMessageProcessor processor, SocketChannel socket) throws IOException {
        super(processor, socket);
        this.messageProcessor = processor;
        this.myClientInputStream = socket.socket().getInputStream();
    }

    static GuardedTcpChannel current() {
        return CURRENT.get();
    }

    InetAddress peer() {
        return peerAddress;
    }

    @Override
    protected void addBytes(byte[] bytes) throws Exception {
        CURRENT.set(this);
        try {
            super.addBytes(bytes);
        } finally {
            CURRENT.remove();
        }
    }

    /** The parser rejected a message read from this connection: answer 400 if it was a request. */
    void answerMalformed(byte[] raw, ParseException e) {
        String text = new String(raw, StandardCharsets.UTF_8);
        if (text.startsWith("SIP/") || text.startsWith("ACK ")) {
            return;
        }
        String response = createBadReqRes(text, e);
        if (response == null) {
            return;
        }
        try {
            sendMessage(response.getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException io) {
            // the connection is gone; nothing to answer
        }
    }

    @Override
    public void processMessage(SIPMessage message) throws Exception {
        if (message == null) {
            return; // a message the parser rejected (and we answered above)
        }
        super.processMessage(message);
    }
}
