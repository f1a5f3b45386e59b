package dev.dialtone.scenario.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dialtone.scenario.SessionHttpResponse;
import dev.dialtone.scenario.StartedSession;
import dev.dialtone.scenario.testing.Timeline.Kind;

/** Every example scenario in scenario-engine/examples runs here, on the test kit, in real sandbox workers. */
class ExamplesIT {
    private static final Path EXAMPLES = Path.of("examples");

    @Test
    void gatekeeperCollectsThePinAndJoinsTheConferenceOwnedByOneSession() {
        try (ScenarioHarness h = ScenarioHarness.builder()
                .scenarioFile(EXAMPLES.resolve("gatekeeper.js"))
                .scenarioFile(EXAMPLES.resolve("conference.js"))
                .rule("joinconf", "gatekeeper.js")
                .rule("conf_[A-Za-z0-9]+", "conference.js")
                .build()) {
            FakeCallLeg alice = h.call("joinconf", "alice", "Alice", Map.of("X-Test", "1"));
            assertThat(h.timeline().has(Kind.ANSWERED)).isTrue();
            assertThat(h.timeline().details(Kind.SAY)).first().asString()
                    .startsWith("Welcome. Please enter your conference PIN").endsWith("(UK_ENGLISH_FEMALE)");
            h.advance(Duration.ofSeconds(3));
            alice.pressDigits("12");
            alice.pressDigits("#");
            h.advance(Duration.ofSeconds(1));
            assertThat(h.timeline().details(Kind.SAY)).last().asString().startsWith("That PIN is too short");
            alice.pressDigits("1234#");
            h.advance(Duration.ofSeconds(1));

            FakeCallLeg bob = h.call("joinconf", "bob", "Bob", Map.of());
            h.advance(Duration.ofSeconds(1));
            bob.pressDigits("1234#");
            h.advance(Duration.ofSeconds(2));

            // Two gatekeeper sessions and exactly one conference session for conf_1234.
            assertThat(h.liveSessions()).isEqualTo(3);
            assertThat(h.timeline().of(Kind.CONFERENCE_CREATED)).hasSize(1);
            assertThat(h.timeline().of(Kind.CONFERENCE_JOIN)).hasSize(2);
            assertThat(h.sessionLog()).anyMatch(e -> e.text().equals("participant alice joins room conf_1234 (id 1234)"));
            assertThat(h.sessionLog()).noneMatch(e -> e.text().contains("1234#"));

            alice.hangupFromCaller();
            h.advance(Duration.ofSeconds(1));
            assertThat(h.sessionLog()).anyMatch(e -> e.text().equals("participant left; 1 remain"));
            bob.hangupFromCaller();
            h.advance(Duration.ofSeconds(61));
            assertThat(h.liveSessions()).isZero();
        }
    }

    @Test
    void callersReachingANewConferenceWhileItsSessionStartsAllJoinThatOneSession() {
        try (ScenarioHarness h = ScenarioHarness.builder()
                .scenarioFile(EXAMPLES.resolve("gatekeeper.js"))
                .scenarioFile(EXAMPLES.resolve("conference.js"))
                .rule("joinconf", "gatekeeper.js")
                .rule("conf_[A-Za-z0-9]+", "conference.js")
                .routeDelay(Duration.ofMillis(300)) // the node looks the rule up in its database meanwhile
                .build()) {
            FakeCallLeg alice = h.call("joinconf", "alice", "Alice", Map.of());
            FakeCallLeg bob = h.call("joinconf", "bob", "Bob", Map.of());
            FakeCallLeg carol = h.call("joinconf", "carol", "Carol", Map.of());
            h.advance(Duration.ofSeconds(3));
            alice.pressDigits("2468#");
            bob.pressDigits("2468#");
            carol.pressDigits("2468#");
            h.settle();
            assertThat(h.timeline().of(Kind.CONFERENCE_CREATED)).as("nobody owns conf_2468 before its rule is found").isEmpty();
            h.advance(Duration.ofSeconds(2));
            assertThat(h.timeline().of(Kind.CONFERENCE_CREATED)).as(h.timeline().toString()).hasSize(1);
            assertThat(h.timeline().of(Kind.CONFERENCE_JOIN)).hasSize(3);
            assertThat(h.liveSessions()).isEqualTo(4);
        }
    }

    @Test
    void gatekeeperTellsTheCallerWhenNoRuleTakesTheConference() {
        try (ScenarioHarness h = ScenarioHarness.builder()
                .scenarioFile(EXAMPLES.resolve("gatekeeper.js"))
                .rule("joinconf", "gatekeeper.js")
                .build()) {
            FakeCallLeg alice = h.call("joinconf", "alice", "Alice", Map.of());
            h.advance(Duration.ofSeconds(2));
            alice.pressDigits("9999#");
            h.advance(Duration.ofSeconds(10));
            assertThat(h.timeline().details(Kind.SAY)).last().asString().startsWith("Sorry, that conference does not exist.");
            assertThat(alice.state().isTerminal()).isTrue();
            assertThat(h.timeline().has(Kind.TERMINATED)).isTrue();
        }
    }

    @Test
    void callbackIsStartedOverHttpLooksUpTheCustomerAndCallsThem() {
        try (ScenarioHarness h = ScenarioHarness.builder()
                .scenarioFile(EXAMPLES.resolve("callback.js"))
                .rule("callback", "callback.js")
                .build()) {
            h.respond("https://crm.example.com/customers", 200, "{\"name\":\"Ada\"}");
            StartedSession s = h.startFromHttp("callback", "+15550123");
            assertThat(s.accessUrl().toString()).contains(s.id().value());
            assertThat(h.timeline().details(Kind.HTTP_REQUEST)).containsExactly("https://crm.example.com/customers?phone=%2B15550123");
            assertThat(h.timeline().details(Kind.CALL_PLACED)).containsExactly("PSTN +15550123");

            SessionHttpResponse before = h.httpRequest(s, "GET", "");
            assertThat(before.body()).isEqualTo("{\"number\":\"+15550123\",\"state\":\"PROGRESSING\"}");
            h.advance(Duration.ofSeconds(3));
            assertThat(h.timeline().details(Kind.SAY)).containsExactly("Hello Ada, this is your callback. (US_ENGLISH_MALE)");
            h.advance(Duration.ofSeconds(10));
            assertThat(h.timeline().has(Kind.TERMINATED)).isTrue();
            assertThat(h.liveSessions()).isZero();
        }
    }
}
