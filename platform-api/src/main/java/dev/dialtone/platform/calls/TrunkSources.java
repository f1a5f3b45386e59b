package dev.dialtone.platform.calls;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.dialtone.platform.model.SipTrunk;
import dev.dialtone.platform.service.Cidrs;

/**
 * The trunks an INVITE's source address belongs to, from every account's trunk list read at most
 * once per {@code refresh} (a trunk change reaches inbound routing within that time).
 */
final class TrunkSources {
    private final Supplier<List<SipTrunk>> load;
    private final LongSupplier nanoTime;
    private final long refreshNanos;
    private volatile Snapshot snapshot;

    private record Snapshot(long loadedAt, List<SipTrunk> trunks) {
    }

    TrunkSources(Supplier<List<SipTrunk>> load, Duration refresh, LongSupplier nanoTime) {
        this.load = load;
        this.nanoTime = nanoTime;
        this.refreshNanos = refresh.toNanos();
    }

    /** The trunks whose allowed sources contain {@code source}, lowest id first. */
    List<SipTrunk> matching(InetAddress source) {
        return current().stream().filter(t -> t.allowedSources().stream().anyMatch(c -> Cidrs.contains(c, source))).toList();
    }

    private List<SipTrunk> current() {
        Snapshot s = snapshot;
        long now = nanoTime.getAsLong();
        if (s == null || now - s.loadedAt() > refreshNanos) {
            s = new Snapshot(now, List.copyOf(load.get()));
            snapshot = s;
        }
        return s.trunks();
    }
}
