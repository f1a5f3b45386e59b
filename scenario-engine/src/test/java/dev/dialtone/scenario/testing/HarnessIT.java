package dev.dialtone.scenario.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dialtone.scenario.SessionLogEntry;
import dev.dialtone.scenario.testing.Timeline.Kind;

/** What the test kit promises scenario developers, through real sandbox workers. */
class HarnessIT {

    @Test
    void dateInsideScenariosFollowsTheVirtualClock() {
        try (ScenarioHarness h = ScenarioHarness.builder().scenario("clock.js", """
                var start = Date.now();
                VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
                  e.call.answer();
                  Logger.write('alerting at ' + new Date().toISOString());
                  setTimeout(function () {
                    Logger.write('a minute later: ' + (Date.now() - start) + ' ms, ' + new Date().toISOString());
                    VoxEngine.terminate();
                  }, 60000);
                });""").build()) {
            long before = System.nanoTime();
            h.call("anything", "alice", "", Map.of());
            String startedAt = h.now().toString().replace("Z", ".000Z");
            h.advance(Duration.ofSeconds(61));
            assertThat(h.sessionLog()).extracting(SessionLogEntry::text)
                    .contains("alerting at " + startedAt)
                    .anyMatch(l -> l.startsWith("a minute later: 60000 ms, 2026-01-01T00:01:00"));
            assertThat(h.timeline().has(Kind.TERMINATED)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("a minute of scenario time in real time")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void atMostThreeRequestsAreInFlightAndTheRestWaitTheirTurn() {
        try (ScenarioHarness h = ScenarioHarness.builder().scenario("fanout.js", """
                VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
                  e.call.answer();
                  var answered = 0;
                  for (var i = 0; i < 10; i++) {
                    Net.httpRequestAsync('https://slow.example.com/' + i).then(function (r) {
                      if (r.code === 200 && ++answered === 10) { Logger.write('all 10 answered'); }
                    });
                  }
                });""").build()) {
            h.respondAfter("https://slow.example.com/", Duration.ofSeconds(2), 200, "ok");
            h.call("anything", "alice", "", Map.of());
            assertThat(h.timeline().of(Kind.HTTP_REQUEST)).as("sent at once").hasSize(3);
            h.advance(Duration.ofSeconds(2));
            assertThat(h.timeline().of(Kind.HTTP_REQUEST)).as("the next three after the first answers").hasSize(6);
            h.advance(Duration.ofSeconds(10));
            assertThat(h.http().maxInFlight()).isEqualTo(3);
            assertThat(h.sessionLog()).extracting(SessionLogEntry::text).contains("all 10 answered");
        }
    }

    @Test
    void anUncaughtErrorStopsTheSessionAndHangsUpItsCalls() {
        try (ScenarioHarness h = ScenarioHarness.builder().scenario("broken.js", """
                VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
                  e.call.answer();
                  e.call.addEventListener(CallEvents.ToneReceived, function (t) { undefinedFunction(t.tone); });
                  e.call.handleTones(true);
                });""").build()) {
            FakeCallLeg call = h.call("anything", "alice", "", Map.of());
            call.pressDigits("5");
            h.settle();
            assertThat(h.sessionLog()).extracting(SessionLogEntry::text)
                    .anyMatch(l -> l.startsWith("stopped by an uncaught error: ReferenceError: undefinedFunction is not defined (broken.js:3:"));
            assertThat(call.state().isTerminal()).isTrue();
            assertThat(h.liveSessions()).isZero();
        }
    }
}
