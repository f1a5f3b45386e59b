package dev.dialtone.platform.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.dialtone.platform.live.LiveState;

/** A {@link LiveState} in a map, with expiry on an injected clock, for unit tests. */
public final class InMemoryLiveState implements LiveState {
    private record Entry(String value, Instant expires) {
    }

    private final Clock clock;
    private final Map<String, Entry> values = new ConcurrentHashMap<>();
    private final Map<String, Long> counters = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<String>>> topics = new ConcurrentHashMap<>();

    public InMemoryLiveState(Clock clock) {
        this.clock = clock;
    }

    private Optional<Entry> live(String k) {
        Entry e = values.get(k);
        if (e != null && !clock.instant().isBefore(e.expires)) {
            values.remove(k, e);
            return Optional.empty();
        }
        return Optional.ofNullable(e);
    }

    @Override
    public synchronized boolean putIfAbsent(String space, String key, String value, Duration ttl) {
        if (live(space + "/" + key).isPresent()) {
            return false;
        }
        values.put(space + "/" + key, new Entry(value, clock.instant().plus(ttl)));
        return true;
    }

    @Override
    public Optional<String> get(String space, String key) {
        return live(space + "/" + key).map(Entry::value);
    }

    @Override
    public void put(String space, String key, String value, Duration ttl) {
        values.put(space + "/" + key, new Entry(value, clock.instant().plus(ttl)));
    }

    @Override
    public synchronized Optional<String> take(String space, String key) {
        Optional<String> v = get(space, key);
        values.remove(space + "/" + key);
        return v;
    }

    /** How many values are stored in {@code space} (expired ones included until read). */
    public long size(String space) {
        return values.keySet().stream().filter(k -> k.startsWith(space + "/")).count();
    }

    @Override
    public long increment(String counter, Duration window) {
        return counters.merge(counter + "@" + clock.millis() / window.toMillis(), 1L, Long::sum);
    }

    @Override
    public long count(String counter, Duration window) {
        return counters.getOrDefault(counter + "@" + clock.millis() / window.toMillis(), 0L);
    }

    @Override
    public void publish(String topic, String message) {
        topics.getOrDefault(topic, List.of()).forEach(l -> l.accept(message));
    }

    @Override
    public void subscribe(String topic, Consumer<String> listener) {
        topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public void close() {
    }
}
