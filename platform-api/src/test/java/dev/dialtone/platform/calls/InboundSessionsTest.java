package dev.dialtone.platform.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboundSessionsTest {
    private static final long MS = 1_000_000L;

    @Test
    void aNodeBelowBothLimitsStartsSessions() {
        assertThat(InboundSessions.overload(10, 4_000, 40 * MS, 500 * MS)).isNull();
    }

    @Test
    void tooManyLiveSessionsIsAnOverload() {
        assertThat(InboundSessions.overload(4_000, 4_000, 0, 500 * MS)).isEqualTo("overload: 4000 live sessions");
    }

    @Test
    void scenarioWorkersThatAreBehindAreAnOverload() {
        assertThat(InboundSessions.overload(900, 4_000, 730 * MS, 500 * MS))
                .isEqualTo("overload: scenario callbacks wait 730 ms (limit 500 ms)");
        assertThat(InboundSessions.overload(900, 4_000, 499 * MS, 500 * MS)).isNull();
    }

    @Test
    void aDelayLimitOfZeroIsOff() {
        assertThat(InboundSessions.overload(900, 4_000, 60_000 * MS, 0)).isNull();
    }
}
