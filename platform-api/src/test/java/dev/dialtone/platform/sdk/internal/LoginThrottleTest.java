package dev.dialtone.platform.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.dialtone.core.VirtualScheduler;
import dev.dialtone.platform.testing.InMemoryLiveState;

class LoginThrottleTest {
    private final VirtualScheduler time = new VirtualScheduler(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemoryLiveState live = new InMemoryLiveState(new SchedulerClock(time));
    private final LoginThrottle throttle = new LoginThrottle(live, 3, Duration.ofMinutes(15), 5);

    @Test
    void blocksAUserAfterItsFailuresForTheRestOfTheWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.userBlocked("7:alice")).isFalse();
            throttle.failed("10.0.0." + i, "7:alice");
        }
        assertThat(throttle.userBlocked("7:alice")).isTrue();
        assertThat(throttle.userBlocked("7:bob")).isFalse();
        time.advance(Duration.ofMinutes(15));
        assertThat(throttle.userBlocked("7:alice")).isFalse();
    }

    @Test
    void blocksASourceAfterItsFailuresAcrossUsersForAMinute() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.sourceBlocked("10.0.0.9")).isFalse();
            throttle.failed("10.0.0.9", i % 2 == 0 ? null : "7:user" + i);
        }
        assertThat(throttle.sourceBlocked("10.0.0.9")).isTrue();
        assertThat(throttle.sourceBlocked("10.0.0.8")).isFalse();
        time.advance(Duration.ofMinutes(1));
        assertThat(throttle.sourceBlocked("10.0.0.9")).isFalse();
    }
}
