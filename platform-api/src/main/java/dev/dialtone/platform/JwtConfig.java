package dev.dialtone.platform;

import java.time.Duration;
import java.util.Objects;

/**
 * How the compatible API checks service-account JWTs ({@code dialtone.platform.jwt.*}).
 *
 * @param maxLifetime {@code dialtone.platform.jwt.max-lifetime-seconds}: the longest {@code exp - iat}
 *                    accepted (the original accepts up to an hour; its clients sign for 64 s)
 * @param clockSkew   {@code dialtone.platform.jwt.clock-skew-seconds}: how far {@code iat} may be in
 *                    the future and {@code exp} in the past, for clocks that differ slightly
 */
public record JwtConfig(Duration maxLifetime, Duration clockSkew) {
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(1);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final JwtConfig DEFAULT = new JwtConfig(DEFAULT_MAX_LIFETIME, DEFAULT_CLOCK_SKEW);

    public JwtConfig {
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (maxLifetime.toSeconds() < 1 || maxLifetime.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("jwt.max-lifetime-seconds must be 1..86400: " + maxLifetime.toSeconds());
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("jwt.clock-skew-seconds must be 0..300: " + clockSkew.toSeconds());
        }
    }
}
