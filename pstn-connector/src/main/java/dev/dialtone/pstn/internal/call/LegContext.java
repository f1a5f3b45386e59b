package dev.dialtone.pstn.internal.call;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import dev.dialtone.core.Scheduler;
import dev.dialtone.media.MediaEngine;
import dev.dialtone.pstn.PstnConfig;
import dev.dialtone.pstn.PstnServices;
import dev.dialtone.pstn.internal.guard.OncePerInterval;
import dev.dialtone.pstn.internal.sip.SipMessages;

/**
 * What every leg of one connector shares: SIP message building, the media engine, time, the thread
 * pools, the platform's services, and the set of live legs (for the overload limit and shutdown).
 */
public final class LegContext {
    private final PstnConfig config;
    private final SipMessages sip;
    private final MediaEngine media;
    private final Scheduler scheduler;
    private final Executor callPool;
    private final ExecutorService routingPool;
    private final PstnServices services;
    private final CallMetrics metrics;
    private final Set<SipLeg> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger liveCount = new AtomicInteger();
    /** "No session could start" lines, once per reason per {@link #FAILURE_LOG_INTERVAL}: an overloaded node refuses thousands. */
    private final OncePerInterval<String> startFailureLog;
    static final Duration FAILURE_LOG_INTERVAL = Duration.ofSeconds(10);

    public LegContext(PstnConfig config, SipMessages sip, MediaEngine media, Scheduler scheduler, Executor callPool,
                      ExecutorService routingPool, PstnServices services, CallMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.sip = Objects.requireNonNull(sip, "sip");
        this.media = Objects.requireNonNull(media, "media");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.callPool = Objects.requireNonNull(callPool, "callPool");
        this.routingPool = Objects.requireNonNull(routingPool, "routingPool");
        this.services = Objects.requireNonNull(services, "services");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.startFailureLog = new OncePerInterval<>(FAILURE_LOG_INTERVAL, 1_000, scheduler::nanoTime);
    }

    public PstnConfig config() {
        return config;
    }

    public SipMessages sip() {
        return sip;
    }

    public MediaEngine media() {
        return media;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    Executor callPool() {
        return callPool;
    }

    ExecutorService routingPool() {
        return routingPool;
    }

    PstnServices services() {
        return services;
    }

    CallMetrics metrics() {
        return metrics;
    }

    OncePerInterval<String> startFailureLog() {
        return startFailureLog;
    }

    /**
     * Reserves a slot for a new leg; false when {@code max-live-calls} legs are already live. Every
     * successful call is matched by exactly one {@link #release}.
     */
    public boolean reserve() {
        while (true) {
            int n = liveCount.get();
            if (n >= config.maxLiveCalls()) {
                return false;
            }
            if (liveCount.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        liveCount.decrementAndGet();
    }

    public void overloaded() {
        metrics.overload();
    }

    public int liveCount() {
        return liveCount.get();
    }

    void added(SipLeg leg) {
        live.add(leg);
    }

    void removed(SipLeg leg) {
        live.remove(leg);
    }

    public Set<SipLeg> liveLegs() {
        return Set.copyOf(live);
    }
}
