package dev.dialtone.platform.calls;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;

/**
 * Which call records to list: start time in {@code [from, to)}, one application, calls from or to
 * any of {@code numbers}, calls whose remote party is any of {@code remoteNumbers} (the caller of an
 * inbound call, the callee of an outbound one) or whose local party is any of {@code localNumbers}
 * (the other side), some sessions ({@code sessionKeys}: session ids, or {@code leg:<leg id>} for a
 * leg that never reached a session), and a page. Empty lists do not filter.
 */
public record CallQuery(Optional<Instant> from, Optional<Instant> to, Optional<ApplicationId> application, List<String> numbers,
                        List<String> remoteNumbers, List<String> localNumbers, List<String> sessionKeys, int offset, int limit) {
    public static final int MAX_LIMIT = 1_000;
    public static final int MAX_NUMBERS = 100;

    public CallQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(application, "application");
        numbers = List.copyOf(numbers);
        remoteNumbers = List.copyOf(remoteNumbers);
        localNumbers = List.copyOf(localNumbers);
        sessionKeys = List.copyOf(sessionKeys);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
        if (numbers.size() > MAX_NUMBERS || remoteNumbers.size() > MAX_NUMBERS || localNumbers.size() > MAX_NUMBERS
                || sessionKeys.size() > MAX_LIMIT) {
            throw new IllegalArgumentException("at most " + MAX_NUMBERS + " numbers");
        }
    }

    /** Everything of an account, first page. */
    public static CallQuery all(int limit) {
        return new CallQuery(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), List.of(), 0, limit);
    }
}
