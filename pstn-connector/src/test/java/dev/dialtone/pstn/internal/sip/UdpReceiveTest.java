package dev.dialtone.pstn.internal.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.dialtone.pstn.PstnConfig;

class UdpReceiveTest {

    @Test
    void eachDatagramIsQueuedInABufferOfItsOwnSizeNotTheMaximum() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        PstnConfig config = PstnConfig.builder().bindAddress(lo).advertisedAddress(lo).port(0).build();
        CompletableFuture<String> malformed = new CompletableFuture<>();
        SipStack stack = SipStack.open(config, "udp-receive-test", (source, transport, why) -> malformed.complete(why));
        try (DatagramSocket peer = new DatagramSocket(0, lo)) {
            stack.start();
            StackHooks hooks = StackHooks.of("udp-receive-test");
            long sent = 0;
            for (int i = 0; i < 3; i++) {
                byte[] options = options(peer.getLocalPort(), stack.port(), i).getBytes(StandardCharsets.US_ASCII);
                peer.send(new DatagramPacket(options, options.length, lo, stack.port()));
                sent += options.length;
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (hooks.udpQueuedBufferBytes() < sent && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(sent).isLessThan(3L * config.maxMessageBytes() / 4);
            assertThat(hooks.udpQueuedBufferBytes()).as("bytes of the buffers queued for three datagrams").isEqualTo(sent);

            // and JAIN-SIP's channel threads still parse what is queued: a malformed request is reported
            byte[] bad = options(peer.getLocalPort(), stack.port(), 9).replace("CSeq: 1 OPTIONS", "CSeq: x OPTIONS")
                    .getBytes(StandardCharsets.US_ASCII);
            peer.send(new DatagramPacket(bad, bad.length, lo, stack.port()));
            assertThat(malformed.get(5, TimeUnit.SECONDS)).isNotBlank();
        } finally {
            stack.close();
        }
    }

    private static String options(int fromPort, int toPort, int n) {
        return "OPTIONS sip:probe@127.0.0.1:" + toPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + fromPort + ";branch=z9hG4bK-udp-receive-" + n + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:tester@127.0.0.1>;tag=t" + n + "\r\n"
                + "To: <sip:probe@127.0.0.1>\r\n"
                + "Call-ID: udp-receive-" + n + "@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
