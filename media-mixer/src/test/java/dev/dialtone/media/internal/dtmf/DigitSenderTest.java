package dev.dialtone.media.internal.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class DigitSenderTest {
    @Test
    void sendsRfc4733EventsWithGrowingDurationAndThreeEnds() {
        DigitSender s = new DigitSender();
        assertThat(s.enqueue("1x")).isEqualTo(1);
        List<DigitSender.Event> events = new ArrayList<>();
        int audio = 0;
        for (int i = 0; i < 20; i++) {
            DigitSender.Step step = s.next(true);
            if (step instanceof DigitSender.Event e) {
                events.add(e);
            } else {
                audio++;
            }
        }
        assertThat(events).hasSize(7);
        assertThat(events.get(0).marker()).isTrue();
        assertThat(events.get(0).event().duration()).isEqualTo(160);
        assertThat(events.get(4).event().end()).isTrue();
        assertThat(events.subList(4, 7)).allMatch(e -> e.event().end() && e.event().duration() == 800);
        assertThat(events.subList(0, 4)).noneMatch(e -> e.event().end());
        assertThat(audio).isEqualTo(13);
        assertThat(s.idle()).isTrue();
    }

    @Test
    void fallsBackToInBandTones() {
        DigitSender s = new DigitSender();
        s.enqueue("#");
        short[] pcm = new short[160 * 12];
        for (int i = 0; i < 12; i++) {
            DigitSender.Step step = s.next(false);
            if (step instanceof DigitSender.Tone t) {
                System.arraycopy(t.samples(), 0, pcm, i * 160, 160);
            }
        }
        List<Character> got = new ArrayList<>();
        DtmfDetector d = new DtmfDetector((k, dur) -> got.add(k));
        for (int i = 0; i < 12; i++) {
            d.process(java.util.Arrays.copyOfRange(pcm, i * 160, i * 160 + 160));
        }
        d.flush();
        assertThat(got).containsExactly('#');
    }
}
