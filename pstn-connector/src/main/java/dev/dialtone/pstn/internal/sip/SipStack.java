package dev.dialtone.pstn.internal.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.PeerUnavailableException;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.pstn.PstnConfig;
import dev.dialtone.pstn.PstnException;

import gov.nist.javax.sip.EventScanner;
import gov.nist.javax.sip.EventWrapper;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;

/**
 * One JAIN-SIP stack with its listening points (UDP and/or TCP on the same port) and one provider.
 * Created directly rather than through {@code SipFactory}, whose process-wide cache would hand two
 * connectors the same stack.
 */
public final class SipStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipStack.class);
    private static final int PORT_ATTEMPTS = 20;

    private final String name;
    private final SipStackImpl stack;
    private final SipProvider provider;
    private final StackHooks hooks;
    private final int port;
    private boolean closed;

    private SipStack(String name, SipStackImpl stack, SipProvider provider, StackHooks hooks, int port) {
        this.name = name;
        this.stack = stack;
        this.provider = provider;
        this.hooks = hooks;
        this.port = port;
    }

    /** Creates the stack and binds its listening points; {@link #start} begins delivering messages. */
    public static SipStack open(PstnConfig config, String name, StackHooks.MalformedListener malformed) throws PstnException {
        Objects.requireNonNull(config, "config");
        StackHooks hooks = new StackHooks(malformed);
        StackHooks.register(name, hooks);
        SipStackImpl stack = null;
        try {
            stack = new SipStackImpl(SipStackSettings.of(config, name));
            String ip = config.bindAddress().getHostAddress();
            PstnException last = null;
            int attempts = config.port() == 0 ? PORT_ATTEMPTS : 1;
            for (int i = 0; i < attempts; i++) {
                int port = config.port() == 0 ? freePort(config) : config.port();
                List<ListeningPoint> points = new ArrayList<>();
                try {
                    for (String transport : List.of("udp", "tcp")) {
                        if (config.transports().contains(transport)) {
                            points.add(stack.createListeningPoint(ip, port, transport));
                        }
                    }
                    SipProvider provider = stack.createSipProvider(points.getFirst());
                    for (ListeningPoint lp : points.subList(1, points.size())) {
                        provider.addListeningPoint(lp);
                    }
                    return new SipStack(name, stack, provider, hooks, port);
                } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
                    last = new PstnException("cannot listen for SIP on " + ip + ":" + port + " (" + config.transports()
                            + "): " + e.getMessage(), e);
                    for (ListeningPoint lp : points) {
                        try {
                            stack.deleteListeningPoint(lp);
                        } catch (ObjectInUseException ignored) {
                            // best effort before the next attempt
                        }
                    }
                }
            }
            throw last;
        } catch (PeerUnavailableException e) {
            StackHooks.unregister(name);
            throw new PstnException("JAIN-SIP refused its settings: " + e.getMessage(), e);
        } catch (PstnException | RuntimeException e) {
            if (stack != null) {
                stack.stop();
            }
            StackHooks.unregister(name);
            throw e;
        }
    }

    /** A port free for both UDP and TCP right now (it may be taken before we bind: the caller retries). */
    private static int freePort(PstnConfig config) throws PstnException {
        for (int i = 0; i < PORT_ATTEMPTS; i++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(config.bindAddress(), 0))) {
                int p = udp.getLocalPort();
                if (!config.transports().contains("tcp")) {
                    return p;
                }
                try (ServerSocket tcp = new ServerSocket()) {
                    tcp.bind(new InetSocketAddress(config.bindAddress(), p));
                    return p;
                } catch (IOException busy) {
                    // try another
                }
            } catch (IOException e) {
                throw new PstnException("cannot bind " + config.bindAddress() + ": " + e.getMessage(), e);
            }
        }
        throw new PstnException("no port free for both UDP and TCP on " + config.bindAddress());
    }

    public void start() throws PstnException {
        try {
            stack.start();
        } catch (SipException e) {
            throw new PstnException("the SIP stack could not start: " + e.getMessage(), e);
        }
    }

    public SipProvider provider() {
        return provider;
    }

    public int port() {
        return port;
    }

    public MessageFactory messageFactory() {
        return new MessageFactoryImpl();
    }

    public HeaderFactory headerFactory() {
        return new HeaderFactoryImpl();
    }

    public AddressFactory addressFactory() {
        return new AddressFactoryImpl();
    }

    public long udpDropped() {
        return hooks.udpDropped();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            EventScanner scanner = stack.getEventScanner();
            stack.stop();
            if (scanner != null) {
                // JAIN-SIP's stop() only flags its event thread, which stays blocked on its queue (a
                // non-daemon thread left per stack, keeping a JVM whose main returned alive): one event
                // wakes it to see the flag. An I/O event with no provider behind it goes to the stack's
                // listener at most, which only logs it at debug level.
                scanner.addEvent(new EventWrapper(new IOExceptionEvent(this, "stopped", 0, "udp"), null));
            }
        } catch (RuntimeException e) {
            LOG.warn("stopping the SIP stack failed", e);
        } finally {
            StackHooks.unregister(name);
        }
    }
}
