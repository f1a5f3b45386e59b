package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.media.internal.rtp.RtpPacket;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.LoopbackMediaEngine;
import dev.dialtone.media.testing.RtpPeer;

/**
 * The jitter buffer behind a real endpoint: a far end whose clock runs 5 % fast, then 5 % slow, with
 * reordering and loss, bridged to a second call. What the second call hears stays a continuous tone
 * and its delay stays bounded.
 */
class JitterIT {
    @TempDir
    Path dir;

    @Test
    void skewedLossyReorderedStreamComesOutContinuous() throws Exception {
        try (LoopbackMediaEngine media = LoopbackMediaEngine.create(dir); RtpPeer in = RtpPeer.open();
             RtpPeer out = RtpPeer.open()) {
            RtpEndpoint a = media.engine().createRtpEndpoint(EndpointListener.NONE);
            RtpEndpoint b = media.engine().createRtpEndpoint(EndpointListener.NONE);
            a.configure(RtpParameters.of(in.address(), PayloadFormat.PCMU));
            b.configure(RtpParameters.of(out.address(), PayloadFormat.PCMU));
            a.sendMediaTo(b);

            List<RtpPacket> fast = in.audioPackets(RtpPeer.tone(800, 6_000, 3_000), PayloadFormat.PCMU, 20);
            List<RtpPacket> slow = in.audioPackets(RtpPeer.tone(800, 6_000, 3_000), PayloadFormat.PCMU, 20);
            List<RtpPeer.Timed> schedule = new ArrayList<>();
            Random r = new Random(9);
            int lost = 0;
            long t = 0;
            for (int i = 0; i < fast.size() + slow.size(); i++) {
                boolean isFast = i < fast.size();
                RtpPacket p = isFast ? fast.get(i) : slow.get(i - fast.size());
                t += Math.round((isFast ? 20 / 1.05 : 20 * 1.05) * 1_000_000);
                if (i > 10 && r.nextDouble() < 0.03) {
                    lost++;
                    continue;
                }
                // every 9th packet arrives 30 ms late, after its successor
                schedule.add(new RtpPeer.Timed(p, i % 9 == 4 ? t + 30_000_000 : t));
            }
            schedule.sort(java.util.Comparator.comparingLong(RtpPeer.Timed::atNanos));
            in.play(schedule, a.localAddress()).get(15, TimeUnit.SECONDS);
            Thread.sleep(400);

            RtpStats stats = a.stats();
            assertThat(stats.packetsReceived()).isEqualTo(schedule.size());
            assertThat(stats.jitterBufferMs()).isLessThanOrEqualTo(160);
            short[] heard = out.receivedAudio(PayloadFormat.PCMU);
            int toneFrames = 0, quietFramesInside = 0, first = -1, last = -1;
            for (int pos = 0, f = 0; pos + 160 <= heard.length; pos += 160, f++) {
                if (GoertzelMeter.rms(heard, pos, 160, 800) > 3_000) {
                    toneFrames++;
                    if (first < 0) {
                        first = f;
                    }
                    last = f;
                }
            }
            for (int f = first; f <= last; f++) {
                if (GoertzelMeter.rms(heard, f * 160, 160, 800) <= 3_000) {
                    quietFramesInside++;
                }
            }
            // 300 frames were sent; lost ones are concealed (tone continues), skew is absorbed.
            assertThat(toneFrames).isBetween(280, 320);
            assertThat(quietFramesInside).as("gaps in the tone (lost %d)", lost).isLessThanOrEqualTo(3);
        }
    }
}
