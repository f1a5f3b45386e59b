package dev.dialtone.scenario.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.scenario.ScenarioSource;
import dev.dialtone.scenario.SessionRequest;

class QuarantineTest {
    private final MutableClock clock = new MutableClock();
    private final Quarantine quarantine = new Quarantine(clock, 3, Duration.ofMinutes(10), Duration.ofHours(1));

    private static SessionRequest request(String... versions) {
        List<ScenarioSource> sources = java.util.Arrays.stream(versions)
                .map(v -> new ScenarioSource(v.split(":")[0], v.split(":")[1], "// code")).toList();
        return new SessionRequest(new AccountId(1), new ApplicationId(1), 1, sources);
    }

    @Test
    void aVersionIsQuarantinedAfterItsThirdKillWithinTheWindow() {
        SessionRequest evil = request("evil.js:3");
        quarantine.recordKill(evil);
        clock.advance(Duration.ofMinutes(4));
        quarantine.recordKill(evil);
        assertThat(quarantine.refusal(evil)).isEmpty();
        clock.advance(Duration.ofMinutes(4));
        quarantine.recordKill(evil);
        assertThat(quarantine.refusal(evil)).hasValueSatisfying(r -> assertThat(r).contains("evil.js version 3 is quarantined"));
    }

    @Test
    void killsOlderThanTheWindowDoNotCount() {
        SessionRequest evil = request("evil.js:3");
        quarantine.recordKill(evil);
        quarantine.recordKill(evil);
        clock.advance(Duration.ofMinutes(11));
        quarantine.recordKill(evil);
        assertThat(quarantine.refusal(evil)).isEmpty();
    }

    @Test
    void theQuarantineEndsAfterItsDurationAndOnlyConcernsThatVersion() {
        SessionRequest evil = request("evil.js:3");
        for (int i = 0; i < 3; i++) {
            quarantine.recordKill(evil);
        }
        assertThat(quarantine.refusal(request("evil.js:4"))).as("the fixed version").isEmpty();
        assertThat(quarantine.refusal(request("other.js:3"))).isEmpty();
        assertThat(quarantine.refusal(request("other.js:1", "evil.js:3"))).as("any rule that includes it").isPresent();
        clock.advance(Duration.ofMinutes(59));
        assertThat(quarantine.refusal(evil)).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(quarantine.refusal(evil)).isEmpty();
    }

    @Test
    void everyScenarioOfTheKillingRuleIsCountedBecauseTheCulpritCannotBeTold() {
        SessionRequest rule = request("lib.js:1", "main.js:2");
        for (int i = 0; i < 3; i++) {
            quarantine.recordKill(rule);
        }
        assertThat(quarantine.refusal(request("lib.js:1"))).isPresent();
        assertThat(quarantine.refusal(request("main.js:2"))).isPresent();
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

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
}
