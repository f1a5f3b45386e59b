package dev.dialtone.platform.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.VirtualScheduler;
import dev.dialtone.platform.testing.InMemoryLiveState;

class AccessTokensTest {
    private final VirtualScheduler time = new VirtualScheduler(Instant.parse("2030-01-01T00:00:00Z"));
    private final SchedulerClock clock = new SchedulerClock(time);
    private final InMemoryLiveState live = new InMemoryLiveState(clock);
    private final AccessTokens tokens = new AccessTokens(live, clock, new SecureRandom(), Duration.ofMinutes(10),
            Duration.ofHours(1));
    private final AccessTokens.Holder alice = new AccessTokens.Holder(new ApplicationId(7), "alice", "fp1");

    @Test
    void issuedAccessTokenChecksAsItsHolderUntilItExpiresThenAsExpired() {
        AccessTokens.Issued pair = tokens.issue(alice);
        assertThat(tokens.checkAccess(pair.accessToken())).isEqualTo(new AccessTokens.Check.Valid(alice));
        assertThat(tokens.checkAccess(pair.accessToken())).isEqualTo(new AccessTokens.Check.Valid(alice));
        time.advance(Duration.ofMinutes(10));
        assertThat(tokens.checkAccess(pair.accessToken())).isInstanceOf(AccessTokens.Check.Expired.class);
        assertThat(tokens.checkAccess("made-up")).isInstanceOf(AccessTokens.Check.Unknown.class);
    }

    @Test
    void refreshTokenIsSingleUseAndNotAnAccessToken() {
        AccessTokens.Issued pair = tokens.issue(alice);
        assertThat(tokens.checkAccess(pair.refreshToken())).isInstanceOf(AccessTokens.Check.Unknown.class);
        assertThat(tokens.takeRefresh(pair.accessToken())).isInstanceOf(AccessTokens.Check.Unknown.class);
        assertThat(tokens.takeRefresh(pair.refreshToken())).isEqualTo(new AccessTokens.Check.Valid(alice));
        assertThat(tokens.takeRefresh(pair.refreshToken())).isInstanceOf(AccessTokens.Check.Unknown.class);
    }

    @Test
    void expiredRefreshTokenIsReportedExpired() {
        AccessTokens.Issued pair = tokens.issue(alice);
        time.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(tokens.takeRefresh(pair.refreshToken())).isInstanceOf(AccessTokens.Check.Expired.class);
    }

    @Test
    void tokensAreStoredOnlyAsHashes() {
        AccessTokens.Issued pair = tokens.issue(alice);
        assertThat(live.get(AccessTokens.ACCESS_SPACE, pair.accessToken())).isEmpty();
        assertThat(live.get(AccessTokens.REFRESH_SPACE, pair.refreshToken())).isEmpty();
        assertThat(live.size(AccessTokens.ACCESS_SPACE)).isEqualTo(1);
        assertThat(pair.toString()).doesNotContain(pair.accessToken()).doesNotContain(pair.refreshToken());
        assertThat(pair.accessToken()).hasSize(43);
        assertThat(pair.toOAuth().getLong("accessExpire")).isEqualTo(600);
        assertThat(pair.toOAuth().getLong("refreshExpire")).isEqualTo(3600);
    }

    @Test
    void passwordFingerprintChangesWithTheHash() {
        assertThat(AccessTokens.passwordFingerprint("$argon2id$a")).hasSize(16)
                .isNotEqualTo(AccessTokens.passwordFingerprint("$argon2id$b"));
    }
}
