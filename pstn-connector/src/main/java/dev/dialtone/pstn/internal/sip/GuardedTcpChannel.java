package dev.dialtone.pstn.internal.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;

/**
 * An accepted TCP connection whose malformed requests get a 400, as over UDP (JAIN-SIP's TCP path
 * drops them silently: "@todo also other transports"). {@link GuardedParserFactory} turns a parse
 * failure on this path into an {@link UnparseableMessage}; this channel answers it from the raw
 * text and reports it, once per source per interval in the log.
 */
final class GuardedTcpChannel extends NioTcpMessageChannel {
    private final StackHooks hooks;

    GuardedTcpChannel(NioTcpMessageProcessor processor, SocketChannel socket) throws IOException {
        super(processor, socket);
        this.messageProcessor = processor;
        this.myClientInputStream = socket.socket().getInputStream();
        this.hooks = StackHooks.of(((SipStackImpl) processor.getSIPStack()).getStackName());
    }

    @Override
    public void processMessage(SIPMessage message) throws Exception {
        if (message instanceof UnparseableMessage bad) {
            hooks.reportMalformed(peerAddress, "tcp", bad.why());
            if (bad.refusal() != null) {
                try {
                    sendMessage(bad.refusal().encodeAsBytes("TCP"), false);
                } catch (IOException io) {
                    // the connection is gone
                }
            } else {
                answerMalformed(bad);
            }
            return;
        }
        super.processMessage(message);
    }

    InetAddress peer() {
        return peerAddress;
    }

    private void answerMalformed(UnparseableMessage bad) {
        String text = bad.raw();
        if (text.startsWith("SIP/") || text.startsWith("ACK ")) {
            return;
        }
        String response = createBadReqRes(text, bad.error());
        if (response == null) {
            return;
        }
        try {
            sendMessage(response.getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException io) {
            // the connection is gone; nothing to answer
        }
    }
}
