package dev.dialtone.pstn.internal.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DtmfInfoTest {
    @Test
    void readsDtmfRelay() {
        assertThat(DtmfInfo.parse("application/dtmf-relay", "Signal=5\r\nDuration=250\r\n"))
                .contains(new DtmfInfo('5', Duration.ofMillis(250)));
        assertThat(DtmfInfo.parse("application/dtmf-relay", "signal= #\nduration=x\n"))
                .contains(new DtmfInfo('#', DtmfInfo.DEFAULT_DURATION));
        assertThat(DtmfInfo.parse("application/dtmf-relay", "Signal=11\r\n")).map(DtmfInfo::digit).contains('#');
        assertThat(DtmfInfo.parse("application/dtmf-relay", "Signal=a\r\n")).map(DtmfInfo::digit).contains('A');
    }

    @Test
    void readsPlainDtmf() {
        assertThat(DtmfInfo.parse("application/dtmf", "7")).map(DtmfInfo::digit).contains('7');
        assertThat(DtmfInfo.parse("application/dtmf", " 10 \r\n")).map(DtmfInfo::digit).contains('*');
        assertThat(DtmfInfo.parse("application/dtmf", "15")).map(DtmfInfo::digit).contains('D');
    }

    @Test
    void ignoresAnythingElse() {
        assertThat(DtmfInfo.parse("application/dtmf-relay", "Signal=Z\r\n")).isEmpty();
        assertThat(DtmfInfo.parse("application/dtmf-relay", "Duration=100\r\n")).isEmpty();
        assertThat(DtmfInfo.parse("application/dtmf", "16")).isEmpty();
        assertThat(DtmfInfo.parse("application/dtmf", "55")).isEmpty();
        assertThat(DtmfInfo.parse("text/plain", "5")).isEmpty();
        assertThat(DtmfInfo.parse("application/dtmf", "5".repeat(2000))).isEmpty();
    }
}
