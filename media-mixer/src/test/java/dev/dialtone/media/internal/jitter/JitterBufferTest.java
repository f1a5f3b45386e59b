package dev.dialtone.media.internal.jitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.dialtone.media.internal.codec.AudioCodec;
import dev.dialtone.media.internal.codec.G711Codec;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.ToneGenerator;

/**
 * Drives the buffer with simulated arrivals against an exact 20 ms playout clock, so reordering,
 * loss, duplicates, jitter and a ±5 % sender clock are deterministic.
 */
class JitterBufferTest {
    private static final long MS = 1_000_000;

    private record Arrival(long nanos, long timestamp, byte[] payload) {
    }

    private record Result(JitterBuffer buffer, int maxDepthMs, int frames, int silentFramesAfterStart, int toneFrames) {
    }

    private static List<Arrival> packets(int count, double intervalMs, Random jitterRandom, double jitterMs) {
        ToneGenerator tone = new ToneGenerator(1_000, 8_000);
        AudioCodec.Encoder enc = G711Codec.PCMU.newEncoder();
        List<Arrival> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[160];
            enc.encode(tone.nextFrame(), 0, 160, payload, 0);
            double at = i * intervalMs + (jitterRandom == null ? 0 : jitterRandom.nextDouble() * jitterMs);
            out.add(new Arrival(Math.round(at * MS) + 3 * MS, (1_000L + i * 160L) & 0xFFFF_FFFFL, payload));
        }
        return out;
    }

    private static Result run(List<Arrival> arrivals, int ticks) {
        List<Arrival> sorted = new ArrayList<>(arrivals);
        sorted.sort(Comparator.comparingLong(Arrival::nanos));
        JitterBuffer jb = new JitterBuffer(300, 1);
        AudioCodec.Decoder dec = G711Codec.PCMU.newDecoder();
        short[] out = new short[160];
        int next = 0, maxDepth = 0, silentAfterStart = 0, toneFrames = 0;
        boolean started = false;
        for (int t = 0; t < ticks; t++) {
            long now = t * 20 * MS;
            while (next < sorted.size() && sorted.get(next).nanos() <= now) {
                Arrival a = sorted.get(next++);
                jb.insert(a.timestamp(), a.payload(), false, a.nanos());
            }
            JitterBuffer.Outcome o = jb.pull(dec, out, now);
            started |= o == JitterBuffer.Outcome.PLAYED;
            if (started && next < sorted.size() && GoertzelMeter.rms(out, 1_000) < 2_000) {
                silentAfterStart++;
            }
            if (GoertzelMeter.rms(out, 1_000) > 4_000) {
                toneFrames++;
            }
            maxDepth = Math.max(maxDepth, jb.depthMs());
        }
        return new Result(jb, maxDepth, ticks, silentAfterStart, toneFrames);
    }

    @Test
    void playsEveryPacketOfASteadyStream() {
        Result r = run(packets(500, 20, null, 0), 520);
        assertThat(r.buffer().playedFrames()).isEqualTo(500);
        // Only after the stream ends: concealment fills 60 ms, then silence.
        assertThat(r.buffer().concealedFrames()).isLessThanOrEqualTo(3);
        assertThat(r.silentFramesAfterStart()).isZero();
        assertThat(r.maxDepthMs()).isLessThanOrEqualTo(100);
    }

    @Test
    void reorderedPacketsArePlayedInOrderWithoutLoss() {
        List<Arrival> a = packets(500, 20, null, 0);
        for (int i = 10; i + 1 < a.size(); i += 7) {
            Arrival x = a.get(i), y = a.get(i + 1);
            // i arrives 25 ms late, after i+1
            a.set(i, new Arrival(y.nanos() + 5 * MS, x.timestamp(), x.payload()));
        }
        Result r = run(a, 540);
        assertThat(r.buffer().playedFrames()).isEqualTo(500);
        assertThat(r.buffer().latePackets()).isZero();
        assertThat(r.silentFramesAfterStart()).isZero();
    }

    @Test
    void lostPacketsAreConcealedOneFrameEach() {
        List<Arrival> a = packets(1_000, 20, null, 0);
        Random rnd = new Random(7);
        int lost = 0;
        List<Arrival> kept = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (i > 5 && i < a.size() - 5 && rnd.nextDouble() < 0.05) {
                lost++;
            } else {
                kept.add(a.get(i));
            }
        }
        Result r = run(kept, 1_020);
        assertThat(r.buffer().playedFrames()).isEqualTo(1_000 - lost);
        // One per lost packet, a few when a loss hits a shallow buffer (it waits a frame), 3 after the end.
        assertThat(r.buffer().concealedFrames()).isBetween((long) lost, (long) lost + 6);
        assertThat(r.buffer().latePackets()).isZero();
        // Concealment continues the tone instead of dropping to silence.
        assertThat(r.silentFramesAfterStart()).isLessThanOrEqualTo(2);
    }

    @Test
    void duplicatesAreIgnored() {
        List<Arrival> a = packets(300, 20, null, 0);
        List<Arrival> doubled = new ArrayList<>(a);
        for (Arrival x : a) {
            doubled.add(new Arrival(x.nanos() + 30 * MS, x.timestamp(), x.payload()));
        }
        Result r = run(doubled, 320);
        assertThat(r.buffer().playedFrames()).isEqualTo(300);
        assertThat(r.buffer().duplicatePackets()).isEqualTo(300);
        assertThat(r.buffer().latePackets()).isZero();
    }

    @Test
    void fastSenderClockIsAbsorbedByDroppingFrames() {
        int n = 2_000;
        Result r = run(packets(n, 20 / 1.05, null, 0), (int) (n / 1.05) + 20);
        // 5 % more audio than playout time: about 95 frames must go, and the delay stays bounded.
        assertThat(r.buffer().droppedFrames()).isBetween(70L, 110L);
        assertThat(r.maxDepthMs()).isLessThanOrEqualTo(r.buffer().targetMs() + 80);
        assertThat(r.buffer().concealedFrames()).isLessThan(5);
        assertThat(r.silentFramesAfterStart()).isZero();
    }

    @Test
    void slowSenderClockIsAbsorbedByConcealment() {
        int n = 2_000;
        Result r = run(packets(n, 20 * 1.05, null, 0), (int) (n * 1.05) + 20);
        assertThat(r.buffer().playedFrames()).isEqualTo(n);
        assertThat(r.buffer().concealedFrames()).isBetween(80L, 120L);
        assertThat(r.buffer().latePackets()).isZero();
        assertThat(r.maxDepthMs()).isLessThanOrEqualTo(120);
    }

    @Test
    void targetDepthGrowsWithJitter() {
        JitterBuffer jb = new JitterBuffer(300, 1);
        int before = jb.targetMs();
        jb.jitterEstimate(25);
        assertThat(jb.targetMs()).isGreaterThan(before).isLessThanOrEqualTo(300);
        Result r = run(packets(1_500, 20, new Random(3), 50), 1_540);
        assertThat(r.buffer().latePackets()).isLessThan(30);
        assertThat(r.buffer().playedFrames()).isGreaterThan(1_450);
    }

    @Test
    void packetsOfFortyMillisecondsAreSplitIntoFrames() {
        ToneGenerator tone = new ToneGenerator(1_000, 8_000);
        AudioCodec.Encoder enc = G711Codec.PCMU.newEncoder();
        JitterBuffer jb = new JitterBuffer(300, 1);
        AudioCodec.Decoder dec = G711Codec.PCMU.newDecoder();
        short[] out = new short[160];
        int played = 0;
        int p = 0;
        for (int t = 0; t < 200; t++) {
            if (t % 2 == 0 && p < 95) {
                byte[] payload = new byte[320];
                enc.encode(tone.next(40), 0, 320, payload, 0);
                jb.insert(p * 320L, payload, false, t * 20 * MS);
                p++;
            }
            if (jb.pull(dec, out, t * 20 * MS) == JitterBuffer.Outcome.PLAYED) {
                played++;
                assertThat(GoertzelMeter.rms(out, 1_000)).isGreaterThan(5_000);
            }
        }
        assertThat(played).isEqualTo(190);
    }

    @Test
    void restartedTimestampsResynchronise() {
        List<Arrival> a = packets(100, 20, null, 0);
        List<Arrival> b = new ArrayList<>(a);
        for (Arrival x : packets(100, 20, null, 0)) {
            b.add(new Arrival(x.nanos() + 2_000 * MS, (x.timestamp() + 3_000_000_000L) & 0xFFFF_FFFFL, x.payload()));
        }
        Result r = run(b, 220);
        assertThat(r.buffer().playedFrames()).isGreaterThanOrEqualTo(195);
    }
}
