package dev.dialtone.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dialtone.scenario.testing.FakeCallLeg;
import dev.dialtone.scenario.testing.ScenarioHarness;
import dev.dialtone.scenario.testing.Timeline.Kind;

/**
 * The four videoconf scenarios on the scenario test kit (real sandbox workers, virtual clock, fake
 * calls): the same rules, in the same order, as {@code samples/videoconf/provision} creates.
 */
class VideoconfScenariosIT {
    private static final Path SCENARIOS = Path.of("videoconf", "scenarios");
    private static final String NUMBER = "+15551230000";
    private static final String API = "https://api.videoconf.test";
    private static final Map<String, String> SETTINGS = Map.of(
            "API_URL", API, "ACCOUNT_ID", "7", "API_KEY", "test-key-not-a-secret", "APPLICATION_ID", "3",
            "CALLER_ID", NUMBER, "HOLD_MUSIC_URL", "https://media.videoconf.test/hold.mp3");

    /** A scenario's source with its {{SETTING}} placeholders filled in, as the provisioning script does. */
    static String scenario(String name) {
        try {
            String code = Files.readString(SCENARIOS.resolve(name + ".js"));
            for (var e : SETTINGS.entrySet()) {
                code = code.replace("{{" + e.getKey() + "}}", e.getValue());
            }
            return code;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ScenarioHarness videoconf() {
        return ScenarioHarness.builder()
                .scenario("InboundFromPSTN", scenario("InboundFromPSTN"))
                .scenario("InboundCall", scenario("InboundCall"))
                .scenario("Fwd", scenario("Fwd"))
                .scenario("P2P", scenario("P2P"))
                .rule("\\+15551230000", "InboundFromPSTN")
                .rule("joinconf", "InboundCall")
                .rule("conf_[A-Za-z0-9]+", "Fwd")
                .rule(".*", "P2P")
                .outboundAnswerDelay(Duration.ofSeconds(2))
                .build()
                .respond(API + "/platform_api/DelUser", 200, "{\"result\":1}");
    }

    private static FakeCallLeg browser(ScenarioHarness h, String user, String room) {
        FakeCallLeg leg = h.call("joinconf", user, user.toUpperCase(), Map.of("X-Conference-Id", room));
        h.advance(Duration.ofSeconds(5)); // connect, greeting, media
        return leg;
    }

    private static String lastRoster(FakeCallLeg page) {
        List<String> rosters = page.messagesToCaller().stream().filter(m -> m.contains("\"ROSTER\"")).toList();
        assertThat(rosters).as("roster messages to the page").isNotEmpty();
        return rosters.getLast();
    }

    @Test
    void browsersAndPhonesMeetInOneRoomAndTheRoomCleansUpAfterTheLastBrowser() {
        try (ScenarioHarness h = videoconf()) {
            FakeCallLeg alice = browser(h, "alice", "42");
            assertThat(h.timeline().details(Kind.PLAY)).first().asString().contains("https://media.videoconf.test/hold.mp3");
            assertThat(h.timeline().of(Kind.CONFERENCE_CREATED)).as("two mixers in the room").hasSize(2);
            assertThat(h.timeline().details(Kind.SAY)).contains("Welcome to the conference. (UK_ENGLISH_FEMALE)");
            assertThat(lastRoster(alice)).contains("\"callerid\":\"alice\"", "\"displayName\":\"ALICE\"");

            FakeCallLeg bob = browser(h, "bob", "42");
            assertThat(lastRoster(alice)).contains("alice", "bob");
            assertThat(lastRoster(bob)).contains("alice", "bob");

            // A phone caller enters PIN 42 and joins; the browsers see them in the roster.
            FakeCallLeg phone = h.call(NUMBER, "+15557654321", "", Map.of());
            h.advance(Duration.ofSeconds(3));
            assertThat(h.timeline().details(Kind.SAY)).anyMatch(s -> s.startsWith("Welcome to the conference. Please enter the conference PIN")
                    && s.endsWith("(UK_ENGLISH_FEMALE)"));
            phone.pressDigits("42#");
            h.advance(Duration.ofSeconds(5));
            assertThat(lastRoster(alice)).contains("\"kind\":\"pstn\"", "+15557654321");
            assertThat(h.sessionLog()).noneMatch(e -> e.text().contains("42#"));

            // A caller with a PIN nobody uses is told so and asked again; they never join a room.
            FakeCallLeg stranger = h.call(NUMBER, "+15550009999", "", Map.of());
            h.advance(Duration.ofSeconds(3));
            int joinsBefore = h.timeline().of(Kind.CONFERENCE_JOIN).size();
            stranger.pressDigits("999#");
            h.advance(Duration.ofSeconds(5));
            assertThat(h.timeline().details(Kind.SAY)).anyMatch(s -> s.startsWith("Sorry, there is no conference with that PIN."));
            assertThat(h.timeline().of(Kind.CONFERENCE_JOIN)).hasSize(joinsBefore);
            assertThat(lastRoster(alice)).doesNotContain("+15550009999");
            stranger.hangupFromCaller();

            // A browser asks the room to dial a number; it is called out through the trunk and announced.
            alice.sendMessageFromCaller("{\"type\":\"CALL_PARTICIPANT\",\"number\":\"+15550001111\"}");
            h.advance(Duration.ofSeconds(8));
            assertThat(h.timeline().details(Kind.CALL_PLACED)).anyMatch(d -> d.contains("+15550001111"));
            assertThat(bob.messagesToCaller()).anyMatch(m -> m.contains("CALL_PARTICIPANT_CONNECTED") && m.contains("+15550001111"));
            assertThat(lastRoster(bob)).contains("+15550001111");
            alice.sendMessageFromCaller("{\"type\":\"CALL_PARTICIPANT\",\"number\":\"not a number\"}");
            h.advance(Duration.ofSeconds(1));
            assertThat(alice.messagesToCaller()).anyMatch(m -> m.contains("CALL_PARTICIPANT_FAILED") && m.contains("not a phone number"));

            // ICE_FAILED goes to the named peer only, with the sender named.
            int aliceBefore = alice.messagesToCaller().size();
            alice.sendMessageFromCaller("{\"type\":\"ICE_FAILED\",\"to\":\"bob\"}");
            h.advance(Duration.ofSeconds(1));
            assertThat(bob.messagesToCaller()).contains("{\"type\":\"ICE_FAILED\",\"from\":\"alice\"}");
            assertThat(alice.messagesToCaller().subList(aliceBefore, alice.messagesToCaller().size()))
                    .noneMatch(m -> m.contains("ICE_FAILED"));

            // Alice leaves: her temporary user is deleted over HTTP and Bob's roster drops her.
            alice.hangupFromCaller();
            h.advance(Duration.ofSeconds(2));
            assertThat(h.timeline().details(Kind.HTTP_REQUEST)).anyMatch(d -> d.contains("/platform_api/DelUser"));
            assertThat(h.timeline().details(Kind.HTTP_REQUEST)).anyMatch(d -> d.startsWith(API + "/platform_api/DelUser ")
                    && d.contains("user_name=alice") && d.contains("application_id=3"));
            assertThat(lastRoster(bob)).doesNotContain("alice");
            assertThat(h.sessionLog()).noneMatch(e -> e.text().contains("test-key-not-a-secret"));

            // The last browser leaves: everybody is hung up, the room ends, every session is gone.
            bob.hangupFromCaller();
            h.advance(Duration.ofSeconds(70));
            assertThat(h.timeline().details(Kind.HTTP_REQUEST)).anyMatch(d -> d.contains("user_name=bob"));
            assertThat(phone.state().isTerminal()).isTrue();
            assertThat(h.liveSessions()).isZero();
        }
    }

    @Test
    void aPhoneCallerCannotOpenARoomThatNoBrowserIsIn() {
        try (ScenarioHarness h = videoconf()) {
            FakeCallLeg phone = h.call(NUMBER, "+15557654321", "", Map.of());
            h.advance(Duration.ofSeconds(3));
            for (int attempt = 0; attempt < 3; attempt++) {
                phone.pressDigits("1234#");
                h.advance(Duration.ofSeconds(8));
            }
            assertThat(h.timeline().details(Kind.SAY)).as(h.timeline().toString()).last().asString()
                    .startsWith("Sorry, there is no conference with that PIN. Goodbye.");
            h.advance(Duration.ofSeconds(10));
            assertThat(phone.state().isTerminal()).isTrue();
            assertThat(h.timeline().of(Kind.CONFERENCE_JOIN)).isEmpty();
            assertThat(h.liveSessions()).isZero();
        }
    }

    @Test
    void theWebGatekeeperRefusesACallWithoutAValidRoomId() {
        try (ScenarioHarness h = videoconf()) {
            FakeCallLeg page = h.call("joinconf", "mallory", "Mallory", Map.of("X-Conference-Id", "../../etc"));
            h.advance(Duration.ofSeconds(1));
            assertThat(h.timeline().details(Kind.REJECTED)).anyMatch(d -> d.contains("400"));
            assertThat(page.state().isTerminal()).isTrue();
            assertThat(h.timeline().of(Kind.CONFERENCE_CREATED)).isEmpty();
        }
    }

    @Test
    void anyOtherNumberIsADirectCallToThatUser() {
        try (ScenarioHarness h = videoconf()) {
            h.call("bob", "alice", "Alice", Map.of());
            h.advance(Duration.ofSeconds(3));
            assertThat(h.outboundCalls()).singleElement().satisfies(out -> {
                assertThat(out.info().destination()).isEqualTo("bob");
                assertThat(out.info().headers()).containsEntry("X-Dialtone-Direct", "true");
            });
        }
    }
}
