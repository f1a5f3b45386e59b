package dev.dialtone.pstn.internal.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.concurrent.LinkedBlockingQueue;

import javax.sip.ListeningPoint;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.BlockingQueueDispatchAuditor;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.core.HostPort;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.pstn.internal.guard.OncePerInterval;

/**
 * JAIN-SIP's {@code MESSAGE_PROCESSOR_FACTORY}: the NIO processors with two fixes.
 *
 * <ul>
 *   <li>UDP: JAIN-SIP queues every datagram in an unbounded queue for its worker threads (a flood
 *       fills the heap with message-size buffers). Ours holds at most a fixed number of
 *       datagrams ({@code sip.udp-queue}) and drops those older than {@code sip.udp-queue-max-age}.</li>
 *   <li>TCP: accepted connections are {@link GuardedTcpChannel}s, which answer malformed requests.</li>
 * </ul>
 */
public final class GuardedProcessorFactory extends NioMessageProcessorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedProcessorFactory.class);

    public GuardedProcessorFactory() {
        // JAIN-SIP creates it by reflection
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress ip, int port, String transport)
            throws IOException {
        SipStackImpl impl = (SipStackImpl) stack;
        StackHooks hooks = StackHooks.of(impl.getStackName());
        if (transport.equalsIgnoreCase(ListeningPoint.UDP)) {
            int capacity = Integer.parseInt(impl.getConfigurationProperties().getProperty(SipStackSettings.UDP_QUEUE));
            int maxAge = Integer.parseInt(impl.getConfigurationProperties().getProperty(SipStackSettings.UDP_QUEUE_MAX_AGE));
            int threads = Integer.parseInt(impl.getConfigurationProperties().getProperty(SipStackSettings.THREAD_POOL_SIZE, "-1"));
            BoundedUdpProcessor p = new BoundedUdpProcessor(ip, stack, port, capacity, maxAge, threads, hooks);
            sendFromListeningSocket(stack);
            return p;
        }
        if (transport.equalsIgnoreCase(ListeningPoint.TCP)) {
            return new GuardedTcpProcessor(ip, stack, port);
        }
        return super.createMessageProcessor(stack, ip, port, transport);
    }

    /**
     * What JAIN-SIP's own factory does for UDP (the field is package-private): replies and requests
     * leave from the listening socket, not from a new ephemeral socket per message.
     */
    private static void sendFromListeningSocket(SIPTransactionStack stack) throws IOException {
        try {
            java.lang.reflect.Field f = SIPTransactionStack.class.getDeclaredField("udpFlag");
            f.setAccessible(true);
            f.setBoolean(stack, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("this JAIN-SIP build has no udpFlag: cannot send from the listening socket", e);
        }
    }

    /** A UDP processor whose queue is bounded in length and age. */
    static final class BoundedUdpProcessor extends UDPMessageProcessor {
        private final BlockingQueueDispatchAuditor auditor;
        private final OncePerInterval<String> receiveFailures = new OncePerInterval<>(Duration.ofMinutes(1), 16,
                System::nanoTime);
        private final int threads;
        private final String stackName;

        BoundedUdpProcessor(InetAddress ip, SIPTransactionStack stack, int port, int capacity, int maxAgeMs,
                            int threads, StackHooks hooks) throws IOException {
            super(ip, stack, port);
            this.threads = threads;
            this.stackName = ((SipStackImpl) stack).getStackName();
            this.messageQueue = new LinkedBlockingQueue<>(capacity) {
                private static final long serialVersionUID = 1L;

                @Override
                public boolean offer(DatagramQueuedMessageDispatch d) {
                    boolean queued = super.offer(d);
                    if (queued) {
                        hooks.countUdpQueued(d.packet.getData().length);
                    } else {
                        hooks.countUdpDropped();
                    }
                    return queued;
                }

                @Override
                public DatagramQueuedMessageDispatch poll() {
                    // only the auditor calls poll() without a timeout, to drop a datagram that waited too long
                    DatagramQueuedMessageDispatch d = super.poll();
                    if (d != null) {
                        hooks.countUdpDropped();
                    }
                    return d;
                }
            };
            this.auditor = new BlockingQueueDispatchAuditor(messageQueue);
            this.auditor.setTimeout(maxAgeMs);
        }

        @Override
        public void start() throws IOException {
            super.start();
            auditor.start(Math.max(100, auditor.getTimeout() / 2));
        }

        /**
         * JAIN-SIP's receive loop with one change: it allocated a buffer of the largest message size (16 KiB by
         * default) for every datagram and queued it whole, so each SIP message of a kilobyte cost the heap sixteen.
         * This loop receives into one buffer and queues an exact-size copy; the channel threads that parse it are
         * JAIN-SIP's own, as before.
         */
        @Override
        public void run() {
            if (threads < 1) {
                super.run(); // a channel per datagram: not how SipStackSettings configures the stack
                return;
            }
            messageChannels = new LinkedList<>();
            for (int i = 0; i < threads; i++) {
                messageChannels.add(new UDPMessageChannel(sipStack, this, stackName + "-UDPMessageChannelThread-" + i) {
                });
            }
            byte[] buffer = new byte[getMaximumMessageSize()];
            while (isRunning) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    sock.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (IOException e) {
                    if (!isRunning) {
                        return;
                    }
                    long suppressed = receiveFailures.tryReport(e.getClass().getSimpleName());
                    if (suppressed >= 0) {
                        LOG.warn("SIP UDP port {}: receiving failed ({}); {} more since the last report", getPort(),
                                e.toString(), suppressed);
                    }
                    continue;
                }
                packet.setData(Arrays.copyOf(buffer, packet.getLength()));
                messageQueue.offer(new DatagramQueuedMessageDispatch(packet, System.currentTimeMillis()));
            }
        }

        @Override
        public void stop() {
            auditor.stop();
            super.stop();
        }
    }

    /** A TCP processor whose connections, accepted and opened, are {@link GuardedTcpChannel}s. */
    static final class GuardedTcpProcessor extends NioTcpMessageProcessor {
        GuardedTcpProcessor(InetAddress ip, SIPTransactionStack stack, int port) {
            super(ip, stack, port);
        }

        @Override
        public MessageChannel createMessageChannel(HostPort target) throws IOException {
            return createMessageChannel(target.getInetAddress(), target.getPort());
        }

        @Override
        public MessageChannel createMessageChannel(InetAddress host, int port) throws IOException {
            String key = MessageChannel.getKey(host, port, transport);
            MessageChannel existing = messageChannels.get(key);
            if (existing != null) {
                return existing;
            }
            synchronized (this) {
                existing = messageChannels.get(key);
                if (existing != null) {
                    return existing;
                }
                GuardedTcpChannel channel = new GuardedTcpChannel(host, port, sipStack, this);
                channel.markCached();
                messageChannels.put(key, channel);
                return channel;
            }
        }

        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel client)
                throws IOException {
            NioTcpMessageChannel existing = nioHandler.getMessageChannel(client);
            if (existing != null) {
                return existing;
            }
            GuardedTcpChannel channel = new GuardedTcpChannel(processor, client);
            nioHandler.putMessageChannel(client, channel);
            return channel;
        }
    }
}
