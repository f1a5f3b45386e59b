package dev.dialtone.pstn;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TooManyListenersException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sip.SipProvider;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.CallLeg;
import dev.dialtone.core.OutboundCall;
import dev.dialtone.core.Scheduler;
import dev.dialtone.media.MediaEngine;
import dev.dialtone.pstn.internal.call.CallMetrics;
import dev.dialtone.pstn.internal.call.LegContext;
import dev.dialtone.pstn.internal.call.OutboundLeg;
import dev.dialtone.pstn.internal.call.SipDispatcher;
import dev.dialtone.pstn.internal.call.SipLeg;
import dev.dialtone.pstn.internal.guard.OncePerInterval;
import dev.dialtone.pstn.internal.guard.SourceRateLimiter;
import dev.dialtone.pstn.internal.sip.SipMessages;
import dev.dialtone.pstn.internal.sip.SipStack;

/**
 * The SIP connector of a node: JAIN-SIP on UDP and TCP, inbound calls handed to the platform's
 * {@link InboundRouter}, outbound calls placed with {@link #place} (an implementation of core's
 * {@code OutboundCalls} for the {@code PSTN} and {@code SIP} kinds), call records to the
 * {@link CallRecordSink}. {@link #start} binds the ports; {@link #close} ends every call (BYE or
 * 503) and stops the stack.
 */
public final class PstnConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PstnConnector.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final PstnConfig config;
    private final SipStack stack;
    private final LegContext ctx;
    private final ExecutorService callPool;
    private final ThreadPoolExecutor routingPool;
    private final AtomicLong malformedCount;
    private volatile boolean closed;

    private PstnConnector(PstnConfig config, SipStack stack, LegContext ctx, ExecutorService callPool,
                          ThreadPoolExecutor routingPool, AtomicLong malformedCount) {
        this.config = config;
        this.stack = stack;
        this.ctx = ctx;
        this.callPool = callPool;
        this.routingPool = routingPool;
        this.malformedCount = malformedCount;
    }

    /**
     * Binds UDP and TCP on {@code config.port()} (with port 0, one free port for both) and starts
     * taking calls.
     *
     * @throws PstnException if the port is taken or the stack cannot start
     */
    public static PstnConnector start(PstnConfig config, PstnServices services, MediaEngine media, Scheduler scheduler,
                                      MeterRegistry registry) throws PstnException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(registry, "registry");
        InetAddress advertised = config.advertisedAddress().orElseGet(() -> advertisedFor(config.bindAddress()));
        String name = "dialtone-sip-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
        CallMetrics metrics = new CallMetrics(registry);
        OncePerInterval<InetAddress> malformedLog = new OncePerInterval<>(config.malformedLogInterval(), 10_000, scheduler::nanoTime);
        AtomicLong malformedCount = new AtomicLong();
        SipStack stack = SipStack.open(config, name, (source, transport, why) -> {
            metrics.malformed();
            malformedCount.incrementAndGet();
            InetAddress key = source != null ? source : InetAddress.getLoopbackAddress();
            long suppressed = malformedLog.tryReport(key);
            if (suppressed < 0 && LOG.isDebugEnabled()) {
                LOG.debug("malformed SIP message from {} over {} refused: {}", key.getHostAddress(), transport, why);
            } else if (suppressed >= 0) {
                LOG.warn("malformed SIP message from {} over {} refused: {}{}", source == null ? "?" : source.getHostAddress(),
                        transport, why, suppressed > 0 ? " (" + suppressed + " more not logged)" : "");
            }
        });
        ExecutorService callPool = Executors.newFixedThreadPool(config.callThreads(),
                Thread.ofPlatform().name("pstn-call-", 0).daemon(true).factory());
        ThreadPoolExecutor routingPool = new ThreadPoolExecutor(config.routingThreads(), config.routingThreads(), 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(config.routingQueue()),
                Thread.ofPlatform().name("pstn-routing-", 0).daemon(true).factory(), new ThreadPoolExecutor.AbortPolicy());
        routingPool.allowCoreThreadTimeOut(true);
        try {
            SipProvider provider = stack.provider();
            SipMessages sip = new SipMessages(provider, stack.messageFactory(), stack.headerFactory(), stack.addressFactory(),
                    advertised, stack.port(), config.userAgent());
            LegContext ctx = new LegContext(config, sip, media, scheduler, callPool, routingPool, services, metrics);
            SourceRateLimiter limiter = new SourceRateLimiter(config.invitesPerSecond(), config.blockDuration(), 100_000,
                    scheduler::nanoTime);
            OncePerInterval<InetAddress> blockLog = new OncePerInterval<>(config.blockDuration(), 10_000, scheduler::nanoTime);
            provider.addSipListener(new SipDispatcher(ctx, limiter, blockLog));
            metrics.gauge("dialtone.pstn.legs.live", ctx::liveCount);
            metrics.gauge("dialtone.pstn.routing.queue", () -> routingPool.getQueue().size());
            stack.start();
            PstnConnector c = new PstnConnector(config, stack, ctx, callPool, routingPool, malformedCount);
            LOG.info("SIP listening on {}:{} ({}), advertising {}", config.bindAddress().getHostAddress(), stack.port(),
                    String.join("+", config.transports().stream().sorted().toList()), advertised.getHostAddress());
            return c;
        } catch (TooManyListenersException | RuntimeException | PstnException e) {
            stack.close();
            callPool.shutdownNow();
            routingPool.shutdownNow();
            throw e instanceof PstnException p ? p : new PstnException("the SIP stack could not start: " + e.getMessage(), e);
        }
    }

    /** The address to advertise when none is configured: the bind address, or a site-local one for a wildcard bind. */
    static InetAddress advertisedFor(InetAddress bind) {
        if (!bind.isAnyLocalAddress()) {
            return bind;
        }
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a;
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot list network interfaces: {}", e.getMessage());
        }
        return InetAddress.getLoopbackAddress();
    }

    /** The port SIP listens on (UDP and TCP). */
    public int port() {
        return stack.port();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(config.bindAddress().isAnyLocalAddress() ? ctx.sip().advertised() : config.bindAddress(), port());
    }

    /**
     * Places an outbound call ({@link OutboundCall.Kind#PSTN} through the application's trunk,
     * {@link OutboundCall.Kind#SIP} to a URI). Returns at once; a call that cannot be placed reports
     * {@code Failed} (503 overload or no trunk, 484 bad number, 416 bad URI, 404 for {@code USER}).
     */
    public CallLeg place(OutboundCall call) {
        Objects.requireNonNull(call, "call");
        String transport = "udp";
        OutboundLeg leg = new OutboundLeg(ctx, call, transport);
        if (closed) {
            leg.failNow(503, "node stopping");
        } else if (!ctx.reserve()) {
            ctx.overloaded();
            leg.failNow(503, "overload: too many live calls");
        } else {
            leg.start();
        }
        return leg;
    }

    /** Legs alive now (inbound being routed or offered, connected, outbound dialing). */
    public int liveCalls() {
        return ctx.liveCount();
    }

    /** Messages refused as malformed since start. */
    public long malformedMessages() {
        return malformedCount.get();
    }

    /** Datagrams dropped because the UDP queue was full or too old. */
    public long udpDropped() {
        return stack.udpDropped();
    }

    /** Ends every call (BYE or 503), waits up to 2 s for them, stops the stack and the pools. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<SipLeg> legs = List.copyOf(ctx.liveLegs());
        legs.forEach(SipLeg::shutdown);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (ctx.liveCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stack.close();
        routingPool.shutdownNow();
        callPool.shutdown();
        try {
            if (!callPool.awaitTermination(2, TimeUnit.SECONDS)) {
                callPool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callPool.shutdownNow();
        }
        LOG.info("SIP stopped ({} calls ended)", legs.size());
    }
}
