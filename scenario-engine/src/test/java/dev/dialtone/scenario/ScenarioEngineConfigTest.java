package dev.dialtone.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class ScenarioEngineConfigTest {

    private static ScenarioEngineConfig with(UnaryOperator<ScenarioEngineConfig.Builder> change) {
        return change.apply(ScenarioEngineConfig.defaults().toBuilder()).build();
    }

    @Test
    void defaultsAreThePublishedLimitsOrStricter() {
        ScenarioEngineConfig c = ScenarioEngineConfig.defaults();
        assertThat(c.cpuPerCallback()).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(c.heapPerSession()).isLessThanOrEqualTo(16L * 1024 * 1024);
        assertThat(c.maxTimers()).isLessThanOrEqualTo(100);
        assertThat(c.httpInFlight()).isLessThanOrEqualTo(3);
        assertThat(c.httpPerSession()).isLessThanOrEqualTo(35);
        assertThat(c.maxSourceChars()).isLessThanOrEqualTo(256 * 1024);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.alertingTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.net().allowPrivateAddresses()).isFalse();
        assertThat(c.dateFollowsScheduler()).isFalse();
    }

    @Test
    void theBuilderChangesOnlyWhatItIsTold() {
        ScenarioEngineConfig base = ScenarioEngineConfig.defaults();
        ScenarioEngineConfig c = with(b -> b.maxTimers(7).httpPerSession(3).demoteAfter(Duration.ofMillis(5)));
        assertThat(c.maxTimers()).isEqualTo(7);
        assertThat(c.httpPerSession()).isEqualTo(3);
        assertThat(c.demoteAfter()).isEqualTo(Duration.ofMillis(5));
        assertThat(c).isEqualTo(with(b -> b.maxTimers(7).httpPerSession(3).demoteAfter(Duration.ofMillis(5))));
        assertThat(c.toBuilder().maxTimers(base.maxTimers()).httpPerSession(base.httpPerSession())
                .demoteAfter(base.demoteAfter()).build()).isEqualTo(base);
    }

    @Test
    void rejectsEachInvalidSettingNamingItsKey() {
        assertBad(b -> b.cpu(Duration.ZERO), "cpu-per-callback");
        assertBad(b -> b.cpu(Duration.ofMillis(-1)), "cpu-per-callback");
        assertBad(b -> b.cancelGrace(Duration.ZERO), "cancel-grace");
        assertBad(b -> b.workerSilence(Duration.ZERO), "worker.silence-limit");
        assertBad(b -> b.heapPerSession(1024), "heap-per-session");
        assertBad(b -> b.allocationPerCallback(1L << 40), "allocation-per-callback");
        assertBad(b -> b.maxTimers(0), "max-timers");
        assertBad(b -> b.httpInFlight(0), "http-in-flight");
        assertBad(b -> b.httpPerSession(-1), "http-per-session");
        assertBad(b -> b.maxSourceChars(0), "max-source-chars");
        assertBad(b -> b.maxLogBytes(10), "max-log-bytes");
        assertBad(b -> b.maxCommandsPerCallback(1), "max-commands-per-callback");
        assertBad(b -> b.maxCommandsPerSecond(1), "max-commands-per-second");
        assertBad(b -> b.maxQueuedEvents(1), "max-queued-events");
        assertBad(b -> b.minTimerInterval(Duration.ZERO), "min-timer-interval");
        assertBad(b -> b.idleTimeout(Duration.ZERO), "idle-timeout");
        assertBad(b -> b.alertingTimeout(Duration.ofSeconds(-1)), "alerting-timeout");
        assertBad(b -> b.demoteAfter(Duration.ZERO), "worker.demote-after");
        assertBad(b -> b.demoteAfter(Duration.ofSeconds(1)), "worker.demote-after");
        assertBad(b -> b.wallClockAfter(Duration.ZERO), "worker.wall-clock-after");
        assertBad(b -> b.wallClockAfter(Duration.ofSeconds(1)), "worker.wall-clock-after");
        assertBad(b -> b.workerThreads(0), "worker.threads");
        assertBad(b -> b.workerPrewarm(-1), "worker.prewarm");
        assertBad(b -> b.workerHeapMegabytes(16), "worker.heap-mb");
        assertBad(b -> b.warmWorkers(-1), "worker.warm");
        assertBad(b -> b.maxWorkers(0), "worker.max");
        assertBad(b -> b.warmWorkers(5).maxWorkers(4), "worker.warm");
        assertBad(b -> b.quarantineKills(0), "quarantine.kills");
        assertBad(b -> b.quarantineWindow(Duration.ZERO), "quarantine.window");
        assertBad(b -> b.quarantineDuration(Duration.ZERO), "quarantine.duration");
        assertBad(b -> b.accessUrlBase(URI.create("/relative/")), "access-url-base");
        assertBad(b -> b.accessUrlBase(URI.create("http://host/no-slash")), "access-url-base");
    }

    @Test
    void rejectsMissingValuesAndCopiesLists() {
        assertThatThrownBy(() -> with(b -> b.cpu(null))).isInstanceOf(NullPointerException.class).hasMessageContaining("cpu-per-callback");
        assertThatThrownBy(() -> with(b -> b.net(null))).isInstanceOf(NullPointerException.class);
        List<String> options = new ArrayList<>(List.of("-Dx=1"));
        ScenarioEngineConfig c = with(b -> b.workerJavaOptions(options));
        options.add("-Dy=2");
        assertThat(c.workerJavaOptions()).containsExactly("-Dx=1");
    }

    private static void assertBad(UnaryOperator<ScenarioEngineConfig.Builder> change, String key) {
        assertThatThrownBy(() -> with(change)).as(key).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
    }
}
