package dev.dialtone.platform.live;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The node's live, non-durable state, shared by the nodes of a cluster: one-time login keys and
 * rate-limit counters today; later sessions, conference homes and presence. Backed by Hazelcast
 * ({@link HazelcastLiveState}); nothing outside this package sees Hazelcast types.
 */
public interface LiveState extends AutoCloseable {
    /**
     * Stores {@code value} under {@code key} in {@code space} for at most {@code ttl}, unless the key
     * is already there.
     *
     * @return false if the key was taken
     */
    boolean putIfAbsent(String space, String key, String value, Duration ttl);

    /** The value under {@code key}, if present and not expired; leaves it in place. */
    Optional<String> get(String space, String key);

    /** Stores {@code value} under {@code key} for at most {@code ttl}, replacing any value (and its remaining time). */
    void put(String space, String key, String value, Duration ttl);

    /** Removes and returns the value under {@code key} (a one-time key can be taken once). */
    Optional<String> take(String space, String key);

    /**
     * Counts one more event for {@code counter} in the current fixed window of length {@code window}
     * and returns the count so far in that window.
     */
    long increment(String counter, Duration window);

    /** The count of {@code counter} in the current window, without counting. */
    long count(String counter, Duration window);

    /**
     * Sends {@code message} to every node's listeners of {@code topic}, this node's included
     * (asynchronously, in the order published). Used to drop cached copies of changed data.
     */
    void publish(String topic, String message);

    /** Calls {@code listener} with every message published to {@code topic} from now on. */
    void subscribe(String topic, Consumer<String> listener);

    /** Whether the store is running. */
    boolean healthy();

    @Override
    void close();
}
