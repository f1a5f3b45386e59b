package dev.dialtone.pstn.internal.sip;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What our JAIN-SIP plug-ins ({@link GuardedParserFactory}, {@link GuardedProcessorFactory}) report
 * to the connector that owns the stack. JAIN-SIP builds plug-ins by class name with no-argument
 * constructors, so they find their connector here by stack name; the connector registers before the
 * stack starts and unregisters when it stops.
 */
public final class StackHooks {
    private static final Map<String, StackHooks> BY_STACK = new ConcurrentHashMap<>();

    /** Receives one malformed message: its source (null if unknown), the transport and why. */
    @FunctionalInterface
    public interface MalformedListener {
        void malformed(InetAddress source, String transport, String why);
    }

    private final MalformedListener malformed;
    private final AtomicLong udpDropped = new AtomicLong();

    public StackHooks(MalformedListener malformed) {
        this.malformed = Objects.requireNonNull(malformed, "malformed");
    }

    static void register(String stackName, StackHooks hooks) {
        if (BY_STACK.putIfAbsent(stackName, hooks) != null) {
            throw new IllegalStateException("a SIP stack named " + stackName + " is already running");
        }
    }

    static void unregister(String stackName) {
        BY_STACK.remove(stackName);
    }

    /** The hooks of a stack; a no-op set if none registered (never null). */
    static StackHooks of(String stackName) {
        StackHooks h = BY_STACK.get(stackName);
        return h != null ? h : NONE;
    }

    private static final StackHooks NONE = new StackHooks((source, transport, why) -> {
    });

    void reportMalformed(InetAddress source, String transport, String why) {
        malformed.malformed(source, transport, why);
    }

    void countUdpDropped() {
        udpDropped.incrementAndGet();
    }

    /** Datagrams dropped because the UDP queue was full or they waited too long. */
    public long udpDropped() {
        return udpDropped.get();
    }
}
