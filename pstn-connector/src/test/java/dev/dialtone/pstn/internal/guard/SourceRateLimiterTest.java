package dev.dialtone.pstn.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {
    final AtomicLong now = new AtomicLong();
    final SourceRateLimiter limiter = new SourceRateLimiter(3, Duration.ofSeconds(10), 2, now::get);

    static InetAddress ip(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
    }

    @Test
    void blocksASourceOverTheRateForTheBlockDuration() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit(ip(1))).isEqualTo(SourceRateLimiter.Verdict.ALLOWED);
        }
        assertThat(limiter.admit(ip(1))).isEqualTo(SourceRateLimiter.Verdict.BLOCKED_NOW);
        assertThat(limiter.admit(ip(2))).as("other sources are not affected").isEqualTo(SourceRateLimiter.Verdict.ALLOWED);
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(limiter.admit(ip(1))).isEqualTo(SourceRateLimiter.Verdict.BLOCKED);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(limiter.admit(ip(1))).isEqualTo(SourceRateLimiter.Verdict.ALLOWED);
    }

    @Test
    void aSteadyRateUnderTheLimitIsNeverBlocked() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.admit(ip(1))).isEqualTo(SourceRateLimiter.Verdict.ALLOWED);
            now.addAndGet(Duration.ofMillis(400).toNanos());
        }
    }

    @Test
    void memoryIsBoundedAndIdleSourcesAreForgotten() throws Exception {
        limiter.admit(ip(1));
        limiter.admit(ip(2));
        assertThat(limiter.admit(ip(3))).isEqualTo(SourceRateLimiter.Verdict.ALLOWED);
        assertThat(limiter.trackedSources()).isEqualTo(2);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        limiter.admit(ip(4));
        assertThat(limiter.trackedSources()).isEqualTo(1);
    }
}
