package dev.dialtone.routing;

/**
 * Limits of the routing module ({@code dialtone.routing.*}).
 *
 * @param maxPatternLength {@code dialtone.routing.max-pattern-length}: longest pattern accepted, in characters
 * @param maxDialedLength  {@code dialtone.routing.max-dialed-length}: longer dialed strings match no rule
 */
public record RoutingConfig(int maxPatternLength, int maxDialedLength) {
    public static final int DEFAULT_MAX_PATTERN_LENGTH = 512;
    public static final int DEFAULT_MAX_DIALED_LENGTH = 256;
    public static final RoutingConfig DEFAULT = new RoutingConfig(DEFAULT_MAX_PATTERN_LENGTH, DEFAULT_MAX_DIALED_LENGTH);

    public RoutingConfig {
        if (maxPatternLength < 1 || maxPatternLength > 10_000) {
            throw new IllegalArgumentException("max-pattern-length must be 1..10000: " + maxPatternLength);
        }
        if (maxDialedLength < 1 || maxDialedLength > 10_000) {
            throw new IllegalArgumentException("max-dialed-length must be 1..10000: " + maxDialedLength);
        }
    }
}
