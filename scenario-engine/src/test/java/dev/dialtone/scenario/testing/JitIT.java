package dev.dialtone.scenario.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The optimizing JIT is active in real sandbox workers started the way the node, the test kit and
 * {@code ./dialtone run} start them (Graal compiler on the upgrade module path of a stock JDK), and
 * actually compiles hot scenario code: the worker watches Truffle's compilation events.
 */
class JitIT {

    @Test
    void aHotScenarioFunctionIsCompiledByTheOptimizingJit() throws InterruptedException {
        try (ScenarioHarness h = ScenarioHarness.builder().scenario("hot.js", """
                function dialtoneHotFunction(n) { var s = 0; for (var i = 0; i < n; i++) { s += i % 7; } return s; }
                VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
                  e.call.answer();
                  e.call.addEventListener(CallEvents.MessageReceived, function (m) {
                    var total = 0;
                    for (var k = 0; k < 10; k++) { total += dialtoneHotFunction(2000); }
                    e.call.sendMessage(m.text + ' ' + total);
                  });
                });""").config(c -> c.toBuilder().traceCompilation(true).build()).build()) {
            FakeCallLeg call = h.call("hot", "tester", "", Map.of());
            assertThat(h.engine().runtimeName()).isEqualTo("GraalVM CE");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            int round = 0;
            while (!h.engine().jitCompiledFunctions().contains("dialtoneHotFunction") && System.nanoTime() < deadline) {
                call.sendMessageFromCaller("round " + round);
                h.settle();
                round++;
                if (round > 200) {
                    Thread.sleep(200); // compilation events reach the node within about a second
                }
            }
            assertThat(h.engine().jitCompiledFunctions()).contains("dialtoneHotFunction");
            assertThat(h.sessionLog()).noneMatch(l -> l.text().startsWith("stopped"));
            assertThat(call.messagesToCaller()).hasSize(round).first().isEqualTo("round 0 59950");
        }
    }
}
