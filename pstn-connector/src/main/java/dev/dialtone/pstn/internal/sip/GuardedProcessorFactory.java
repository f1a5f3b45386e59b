package dev.dialtone.pstn.internal.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sip.ListeningPoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import gov.nist.javax.sip.stack.UDPMessageProcessor;

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
            BoundedUdpProcessor p = new BoundedUdpProcessor(ip, stack, port, capacity, maxAge, hooks);
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

    /** A UDP processor whose queue is bounded in length and age, and that stops cleanly however soon after its start. */
    static final class BoundedUdpProcessor extends UDPMessageProcessor {
        private final BlockingQueueDispatchAuditor auditor;
        private final CountDownLatch runEnded = new CountDownLatch(1);
        private volatile boolean started;

        BoundedUdpProcessor(InetAddress ip, SIPTransactionStack stack, int port, int capacity, int maxAgeMs,
                            StackHooks hooks) throws IOException {
            super(ip, stack, port);
            this.messageQueue = new LinkedBlockingQueue<>(capacity) {
                private static final long serialVersionUID = 1L;

                @Override
                public boolean offer(DatagramQueuedMessageDispatch d) {
                    boolean queued = super.offer(d);
                    if (!queued) {
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
            started = true;
            super.start();
            auditor.start(Math.max(100, auditor.getTimeout() / 2));
        }

        @Override
        public void run() {
            try {
                super.run();
            } finally {
                runEnded.countDown();
            }
        }

        /**
         * JAIN-SIP's {@code run()} creates the channel list and starts the channel threads before it reads its first
         * datagram, and its {@code stop()} walks that list to end them. A stop right after the start walked a list still
         * growing (ConcurrentModificationException: the stop failed and every stack thread stayed) or missed channels
         * added after it (threads blocked for ever on their queue). So: stop receiving, wait until {@code run()} has
         * returned (the list is complete), then let JAIN-SIP end the channels.
         */
        @Override
        public void stop() {
            auditor.stop();
            if (started) {
                isRunning = false;
                sock.close();
                try {
                    if (!runEnded.await(5, TimeUnit.SECONDS)) {
                        LOG.warn("the SIP UDP receive thread did not end within 5 s of its socket's close; stopping anyway");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
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
