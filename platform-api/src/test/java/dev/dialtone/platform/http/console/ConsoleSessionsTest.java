package dev.dialtone.platform.http.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.dialtone.core.AccountId;
import dev.dialtone.platform.ConsoleConfig;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.http.Principal;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.testing.InMemoryLiveState;

class ConsoleSessionsTest {
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final InMemoryLiveState live = new InMemoryLiveState(clock);
    private final Account admin = new Account(new AccountId(1), "admin", true, Instant.EPOCH);
    private final Map<AccountId, Account> accounts = new HashMap<>(Map.of(admin.id(), admin));
    private Optional<Instant> passwordChanged = Optional.of(Instant.parse("2026-02-01T00:00:00.123456Z"));
    private final ConsoleSessions sessions = new ConsoleSessions(live, id -> Optional.ofNullable(accounts.get(id)),
            a -> passwordChanged, ConsoleConfig.DEFAULT.withTimeouts(Duration.ofMinutes(30), Duration.ofHours(2)), clock,
            new SecureRandom());

    private static String cookie(String token) {
        return "other=1; " + ConsoleSessions.COOKIE + "=" + token + "; theme=dark";
    }

    @Test
    void aSessionAuthenticatesReadsWithoutAndChangesOnlyWithItsCsrfToken() throws Exception {
        var opened = sessions.open(admin, SignInMethod.API_KEY, Optional.empty());
        Optional<Principal> read = sessions.authenticate(cookie(opened.token()), true, null);
        assertThat(read).get().extracting(Principal::actor).isEqualTo("admin (console, API key)");
        assertThatThrownBy(() -> sessions.authenticate(cookie(opened.token()), false, null))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.kind()).isEqualTo(PlatformException.Kind.FORBIDDEN));
        assertThatThrownBy(() -> sessions.authenticate(cookie(opened.token()), false, "wrong"))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.kind()).isEqualTo(PlatformException.Kind.FORBIDDEN));
        assertThat(sessions.authenticate(cookie(opened.token()), false, opened.active().csrfToken())).isPresent();
    }

    @Test
    void noCookieMeansNoSessionAndAnUnknownCookieIsRefused() throws Exception {
        assertThat(sessions.authenticate(null, true, null)).isEmpty();
        assertThat(sessions.authenticate("theme=dark", true, null)).isEmpty();
        assertThatThrownBy(() -> sessions.authenticate(cookie("forged-token"), true, null))
                .isInstanceOfSatisfying(PlatformException.class,
                        e -> assertThat(e.kind()).isEqualTo(PlatformException.Kind.UNAUTHORIZED));
    }

    @Test
    void theTokenIsNotStoredInTheLiveState() {
        var opened = sessions.open(admin, SignInMethod.API_KEY, Optional.empty());
        assertThat(live.get(ConsoleSessions.SPACE, opened.token())).isEmpty();
        assertThat(live.size(ConsoleSessions.SPACE)).isEqualTo(1);
    }

    @Test
    void anIdleSessionEndsAndUseKeepsItAlive() {
        var opened = sessions.open(admin, SignInMethod.API_KEY, Optional.empty());
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(sessions.find(opened.token())).as("used every 20 minutes, round %d", i).isPresent();
        }
        clock.advance(Duration.ofMinutes(31));
        assertThat(sessions.find(opened.token())).isEmpty();
    }

    @Test
    void aSessionEndsAtItsMaximumLifetimeEvenWhenUsed() {
        var opened = sessions.open(admin, SignInMethod.API_KEY, Optional.empty());
        assertThat(opened.active().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(sessions.find(opened.token())).isPresent();
        }
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.find(opened.token())).isEmpty();
    }

    @Test
    void signOutEndsTheSession() {
        var opened = sessions.open(admin, SignInMethod.API_KEY, Optional.empty());
        sessions.close(opened.token());
        assertThat(sessions.find(opened.token())).isEmpty();
    }

    @Test
    void deletingTheAccountEndsItsSessions() {
        var opened = sessions.open(admin, SignInMethod.API_KEY, Optional.empty());
        accounts.clear();
        assertThat(sessions.find(opened.token())).isEmpty();
    }

    @Test
    void changingThePasswordEndsPasswordSessionsButNotApiKeySessions() {
        var byPassword = sessions.open(admin, SignInMethod.PASSWORD, passwordChanged);
        var byKey = sessions.open(admin, SignInMethod.API_KEY, Optional.empty());
        assertThat(sessions.find(byPassword.token())).isPresent();
        passwordChanged = Optional.of(Instant.parse("2026-03-01T09:00:00Z"));
        assertThat(sessions.find(byPassword.token())).isEmpty();
        assertThat(sessions.find(byKey.token())).isPresent();
    }

    @Test
    void theHttpsCookieWinsOverThePlainOne() {
        assertThat(ConsoleSessions.tokenFrom(ConsoleSessions.COOKIE + "=a; " + ConsoleSessions.SECURE_COOKIE + "=b")).hasValue("b");
        assertThat(ConsoleSessions.tokenFrom(ConsoleSessions.COOKIE + "=")).isEmpty();
        assertThat(ConsoleSessions.tokenFrom("x" + ConsoleSessions.COOKIE + "=a")).isEmpty();
    }

    @Test
    void cookiesAreHttpOnlyStrictAndSecureOverHttps() {
        assertThat(ConsoleRoutes.cookie("t", false)).isEqualTo("dialtone_console=t; Path=/; HttpOnly; SameSite=Strict");
        assertThat(ConsoleRoutes.cookie("t", true)).isEqualTo("__Host-dialtone_console=t; Path=/; HttpOnly; SameSite=Strict; Secure");
        assertThat(ConsoleRoutes.expiredCookie(false)).contains("Max-Age=0");
    }
}
