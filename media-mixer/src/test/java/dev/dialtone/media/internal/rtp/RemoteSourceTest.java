package dev.dialtone.media.internal.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

class RemoteSourceTest {
    private static final long MS = 1_000_000;
    private final InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4000);
    private final InetSocketAddress b = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000);

    @Test
    void latchesOntoTheFirstSenderAndIgnoresOthersWhileItTalks() {
        RemoteSource r = new RemoteSource();
        assertThat(r.accept(a, 0)).isTrue();
        assertThat(r.accept(b, 10 * MS)).isFalse();
        assertThat(r.accept(a, 1_000 * MS)).isTrue();
        assertThat(r.accept(b, 2_500 * MS)).isFalse();
        assertThat(r.latched()).isEqualTo(a);
    }

    @Test
    void relatchesAfterTheLatchedSenderFellSilent() {
        RemoteSource r = new RemoteSource();
        r.accept(a, 0);
        assertThat(r.accept(b, 2_100 * MS)).isTrue();
        assertThat(r.latched()).isEqualTo(b);
        assertThat(r.accept(a, 2_200 * MS)).isFalse();
    }

    @Test
    void newSsrcTakesOverAfterThreePacketsOrSilence() {
        RemoteSource r = new RemoteSource();
        assertThat(r.ssrc(1, 0)).isEqualTo(RemoteSource.SsrcVerdict.SWITCHED);
        assertThat(r.ssrc(1, 20 * MS)).isEqualTo(RemoteSource.SsrcVerdict.CURRENT);
        assertThat(r.ssrc(2, 30 * MS)).isEqualTo(RemoteSource.SsrcVerdict.IGNORED);
        assertThat(r.ssrc(1, 40 * MS)).isEqualTo(RemoteSource.SsrcVerdict.CURRENT);
        assertThat(r.ssrc(2, 50 * MS)).isEqualTo(RemoteSource.SsrcVerdict.IGNORED);
        assertThat(r.ssrc(2, 60 * MS)).isEqualTo(RemoteSource.SsrcVerdict.IGNORED);
        assertThat(r.ssrc(2, 70 * MS)).isEqualTo(RemoteSource.SsrcVerdict.SWITCHED);
        assertThat(r.ssrc(3, 500 * MS)).isEqualTo(RemoteSource.SsrcVerdict.SWITCHED);
    }
}
