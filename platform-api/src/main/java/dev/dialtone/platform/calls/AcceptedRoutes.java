package dev.dialtone.platform.calls;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.dialtone.pstn.InboundDecision;

/**
 * Recent routing decisions that accepted a call, by what decided them (request host and user, and the
 * source address for trunk calls), kept for {@code ttl}: a burst of calls to the same number or
 * address is routed once per {@code ttl} instead of once per INVITE (account, application, rules and
 * scenario sources are several database reads). Rejections are never kept. At most {@code max}
 * entries; when full the map is emptied (it refills from the busiest keys).
 */
final class AcceptedRoutes {
    private record Entry(long expiresAt, InboundDecision.Accept accept) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int max;
    private final LongSupplier nanoTime;

    AcceptedRoutes(Duration ttl, int max, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.max = max;
        this.nanoTime = nanoTime;
    }

    Optional<InboundDecision.Accept> get(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - e.expiresAt() > 0) {
            entries.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.accept());
    }

    void put(String key, InboundDecision.Accept accept) {
        if (ttlNanos <= 0) {
            return;
        }
        if (entries.size() >= max) {
            entries.clear();
        }
        entries.put(key, new Entry(nanoTime.getAsLong() + ttlNanos, accept));
    }

    int size() {
        return entries.size();
    }
}
