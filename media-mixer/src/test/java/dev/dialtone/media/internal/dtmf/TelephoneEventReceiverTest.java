package dev.dialtone.media.internal.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dialtone.media.internal.rtp.TelephoneEvent;

class TelephoneEventReceiverTest {
    private final List<String> got = new ArrayList<>();
    private final TelephoneEventReceiver rx = new TelephoneEventReceiver(8_000,
            (d, dur) -> got.add(d + ":" + dur.toMillis()));

    private static final long MS = 1_000_000;

    @Test
    void reportsOnceDespiteRedundantEndPackets() {
        rx.onPacket(1_000, new TelephoneEvent(1, false, 10, 160), 0);
        rx.onPacket(1_000, new TelephoneEvent(1, false, 10, 320), 20 * MS);
        for (int i = 0; i < 3; i++) {
            rx.onPacket(1_000, new TelephoneEvent(1, true, 10, 800), (40 + i) * MS);
        }
        rx.onPacket(1_000, new TelephoneEvent(1, false, 10, 320), 60 * MS); // reordered straggler
        rx.tick(2_000 * MS);
        assertThat(got).containsExactly("1:100");
    }

    @Test
    void reportsWhenAllEndPacketsAreLost() {
        rx.onPacket(5_000, new TelephoneEvent(11, false, 10, 160), 0);
        rx.onPacket(5_000, new TelephoneEvent(11, false, 10, 480), 40 * MS);
        rx.tick(100 * MS);
        assertThat(got).isEmpty();
        rx.tick(500 * MS);
        assertThat(got).isEmpty();
        rx.tick(900 * MS);
        assertThat(got).containsExactly("#:60");
    }

    @Test
    void nextEventClosesAnUnfinishedOne() {
        rx.onPacket(5_000, new TelephoneEvent(2, false, 10, 400), 0);
        rx.onPacket(9_000, new TelephoneEvent(3, false, 10, 160), 20 * MS);
        rx.onPacket(9_000, new TelephoneEvent(3, true, 10, 640), 40 * MS);
        rx.onPacket(5_000, new TelephoneEvent(2, true, 10, 800), 60 * MS); // late end of the first
        assertThat(got).containsExactly("2:50", "3:80");
    }

    @Test
    void sameDigitTwiceIsTwoEvents() {
        rx.onPacket(100, new TelephoneEvent(7, true, 10, 800), 0);
        rx.onPacket(100, new TelephoneEvent(7, true, 10, 800), 1 * MS);
        rx.onPacket(2_000, new TelephoneEvent(7, true, 10, 800), 200 * MS);
        assertThat(got).containsExactly("7:100", "7:100");
    }

    @Test
    void ignoresNonDtmfEvents() {
        rx.onPacket(100, new TelephoneEvent(16, true, 10, 800), 0); // flash
        assertThat(got).isEmpty();
        assertThat(Duration.ZERO).isZero();
    }
}
