package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.CallEvent;
import dev.dialtone.core.ToneSource;
import dev.dialtone.media.internal.rtp.RtpPacket;
import dev.dialtone.media.testing.DtmfSignals;
import dev.dialtone.media.testing.LoopbackMediaEngine;
import dev.dialtone.media.testing.RtpPeer;

/** DTMF into an endpoint over loopback: RFC 4733 and in-band, with loss and reordering. */
class DtmfIT {
    @TempDir
    Path dir;
    private LoopbackMediaEngine media;
    private RtpPeer peer;
    private final List<CallEvent.ToneReceived> tones = new CopyOnWriteArrayList<>();
    private RtpEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        media = LoopbackMediaEngine.create(dir);
        peer = RtpPeer.open();
        endpoint = media.engine().createRtpEndpoint(e -> {
            if (e instanceof CallEvent.ToneReceived t) {
                tones.add(t);
            }
        });
        endpoint.configure(RtpParameters.of(peer.address(), PayloadFormat.PCMU));
    }

    @AfterEach
    void stop() {
        peer.close();
        media.close();
    }

    private String digits(ToneSource source) {
        StringBuilder sb = new StringBuilder();
        for (CallEvent.ToneReceived t : tones) {
            assertThat(t.source()).isEqualTo(source);
            sb.append(t.tone());
        }
        return sb.toString();
    }

    /** Swaps neighbours now and then and drops a few, never two in a row. */
    private static List<RtpPeer.Timed> mangle(List<RtpPacket> packets, double loss, long seed, boolean keepEnds) {
        Random r = new Random(seed);
        List<RtpPacket> kept = new ArrayList<>();
        boolean droppedLast = false;
        for (RtpPacket p : packets) {
            boolean isEnd = p.payloadType() == 101 && (p.payload()[1] & 0x80) != 0;
            if (!droppedLast && r.nextDouble() < loss && !(keepEnds && isEnd)) {
                droppedLast = true;
                continue;
            }
            droppedLast = false;
            kept.add(p);
        }
        List<RtpPeer.Timed> timed = new ArrayList<>(RtpPeer.paced(kept, 20));
        for (int i = 5; i + 1 < timed.size(); i += 6 + r.nextInt(5)) {
            RtpPeer.Timed a = timed.get(i), b = timed.get(i + 1);
            timed.set(i, new RtpPeer.Timed(b.packet(), a.atNanos()));
            timed.set(i + 1, new RtpPeer.Timed(a.packet(), b.atNanos()));
        }
        return timed;
    }

    @Test
    void rfc4733DigitsArriveOnceEachDespiteLossReorderingAndRedundancy() throws Exception {
        List<RtpPacket> packets = new ArrayList<>(peer.audioPackets(new short[1_600], PayloadFormat.PCMU, 20));
        for (char d : "159#".toCharArray()) {
            packets.addAll(peer.eventPackets(d, 120, 101));
            packets.addAll(peer.audioPackets(new short[800], PayloadFormat.PCMU, 20));
        }
        // One digit loses all its end packets: it must still be reported (by the next event / timeout).
        List<RtpPacket> noEnd = new ArrayList<>(peer.eventPackets('0', 100, 101));
        noEnd.removeIf(p -> (p.payload()[1] & 0x80) != 0);
        packets.addAll(noEnd);
        packets.addAll(peer.audioPackets(new short[4_000], PayloadFormat.PCMU, 20));
        peer.play(mangle(packets, 0.08, 11, false), endpoint.localAddress()).get(10, TimeUnit.SECONDS);
        Thread.sleep(500);
        assertThat(digits(ToneSource.RTP_EVENT)).isEqualTo("159#0");
        for (CallEvent.ToneReceived t : tones.subList(0, 4)) {
            assertThat(t.duration().toMillis()).isBetween(100L, 120L);
        }
    }

    @Test
    void inBandDigitsAreDetectedOnceEachDespiteLossAndReordering() throws Exception {
        endpoint.detectInbandDtmf(true);
        short[] signal = DtmfSignals.sequence("2580*#", 100, 100, 150, 5);
        List<RtpPacket> packets = peer.audioPackets(signal, PayloadFormat.PCMU, 20);
        peer.play(mangle(packets, 0.05, 12, true), endpoint.localAddress()).get(10, TimeUnit.SECONDS);
        Thread.sleep(400);
        assertThat(digits(ToneSource.IN_BAND)).isEqualTo("2580*#");
        for (CallEvent.ToneReceived t : tones) {
            assertThat(t.duration().toMillis()).isBetween(60L, 140L);
        }
    }

    @Test
    void inBandDetectionIsOffUnlessEnabled() throws Exception {
        short[] signal = DtmfSignals.sequence("123", 100, 100, 0, 6);
        peer.stream(signal, endpoint.localAddress()).get(10, TimeUnit.SECONDS);
        Thread.sleep(300);
        assertThat(tones).isEmpty();
    }
}
