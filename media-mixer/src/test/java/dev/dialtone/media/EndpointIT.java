package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.CallEvent;
import dev.dialtone.core.MediaLink;
import dev.dialtone.media.internal.dtmf.DtmfDetector;
import dev.dialtone.media.internal.rtp.RtcpPacket;
import dev.dialtone.media.internal.rtp.RtpPacket;
import dev.dialtone.media.internal.rtp.TelephoneEvent;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.LoopbackMediaEngine;
import dev.dialtone.media.testing.RtpPeer;

/** RTP endpoints over loopback: bridging, latching, events, RTCP, digits, hold, links. */
class EndpointIT {
    @TempDir
    Path dir;
    private LoopbackMediaEngine media;
    private final List<RtpPeer> peers = new ArrayList<>();

    @BeforeEach
    void start() {
        media = LoopbackMediaEngine.create(dir, b -> b.rtpTimeout(Duration.ofSeconds(1)).rtcpInterval(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        peers.forEach(RtpPeer::close);
        media.close();
    }

    private RtpPeer peer() throws Exception {
        RtpPeer p = RtpPeer.open();
        peers.add(p);
        return p;
    }

    private static RtpParameters params(RtpPeer peer) {
        return new RtpParameters(peer.address(), Optional.of(peer.rtcpAddress()), PayloadFormat.PCMU,
                Optional.of(PayloadFormat.telephoneEvent(101)), 20, MediaDirection.SENDRECV, false);
    }

    @Test
    void bridgesTwoCallsAndLatchesOntoTheRealSourceAddress() throws Exception {
        RtpPeer pa = peer(), pb = peer();
        RtpEndpoint a = media.engine().createRtpEndpoint(EndpointListener.NONE);
        RtpEndpoint b = media.engine().createRtpEndpoint(EndpointListener.NONE);
        // A is told a wrong address (as behind NAT); it must answer where packets really come from.
        a.configure(RtpParameters.of(new InetSocketAddress(pa.address().getAddress(), 9), PayloadFormat.PCMU));
        b.configure(RtpParameters.of(pb.address(), PayloadFormat.PCMA));
        a.sendMediaTo(b);
        b.sendMediaTo(a);
        var sa = pa.stream(RtpPeer.tone(700, 6_000, 1_500), a.localAddress());
        var sb = pb.play(RtpPeer.paced(pb.audioPackets(RtpPeer.tone(1_100, 6_000, 1_500), PayloadFormat.PCMA, 20), 20),
                b.localAddress());
        sa.get(5, TimeUnit.SECONDS);
        sb.get(5, TimeUnit.SECONDS);
        Thread.sleep(150);
        short[] atA = pa.receivedAudio(PayloadFormat.PCMU);
        short[] atB = pb.receivedAudio(PayloadFormat.PCMA);
        assertThat(GoertzelMeter.activeMedian(atA, 1_100, 1_000)).isGreaterThan(3_800);
        assertThat(GoertzelMeter.activeMedian(atB, 700, 1_000)).isGreaterThan(3_800);
        assertThat(GoertzelMeter.db(GoertzelMeter.blockMax(atA, 700) / 4_243)).isLessThan(-40);
    }

    @Test
    void reportsFirstPacketStoppedAndResumed() throws Exception {
        RtpPeer p = peer();
        List<CallEvent> events = new CopyOnWriteArrayList<>();
        RtpEndpoint e = media.engine().createRtpEndpoint(events::add);
        e.configure(params(p));
        p.stream(RtpPeer.tone(500, 3_000, 400), e.localAddress()).get(5, TimeUnit.SECONDS);
        Thread.sleep(1_600);
        p.stream(RtpPeer.tone(500, 3_000, 200), e.localAddress()).get(5, TimeUnit.SECONDS);
        Thread.sleep(100);
        assertThat(events).containsExactly(new CallEvent.FirstAudioPacketReceived(), new CallEvent.RtpStopped(),
                new CallEvent.RtpResumed());
    }

    @Test
    void keepsOneContinuousOutgoingStreamAcrossSourceSwitchesAndSendsRtcp() throws Exception {
        RtpPeer p = peer(), q = peer();
        RtpEndpoint e = media.engine().createRtpEndpoint(EndpointListener.NONE);
        RtpEndpoint other = media.engine().createRtpEndpoint(EndpointListener.NONE);
        e.configure(params(p));
        other.configure(params(q));
        var conf = media.engine().createConference("switch");
        other.sendMediaTo(e);
        var s1 = q.stream(RtpPeer.tone(800, 5_000, 1_600), other.localAddress());
        Thread.sleep(500);
        other.stopMediaTo(e);
        other.sendMediaTo(conf);
        conf.sendMediaTo(e);
        s1.get(5, TimeUnit.SECONDS);
        Thread.sleep(1_000);
        e.close();
        Thread.sleep(200);

        List<RtpPeer.Arrival> got = p.arrivals();
        assertThat(got.size()).isGreaterThan(80);
        long ssrc = got.get(0).packet().ssrc();
        for (int i = 1; i < got.size(); i++) {
            RtpPacket prev = got.get(i - 1).packet(), cur = got.get(i).packet();
            assertThat(cur.ssrc()).isEqualTo(ssrc);
            assertThat(cur.sequence()).isEqualTo((prev.sequence() + 1) & 0xFFFF);
            long step = (cur.timestamp() - prev.timestamp()) & 0xFFFF_FFFFL;
            // Timestamps follow real time: a stalled mixer thread (a loaded machine) leaves a gap,
            // which must be whole frames and flagged with the marker bit.
            assertThat(step % 160).isZero();
            assertThat(step == 160 || cur.marker()).as("gap of %d without marker", step).isTrue();
        }
        // SR/RR with SDES every ~second, and a BYE at the end.
        List<RtcpPacket> rtcp = new ArrayList<>();
        for (byte[] d : p.rtcpDatagrams()) {
            rtcp.addAll(RtcpPacket.parseCompound(d, 0, d.length));
        }
        assertThat(rtcp).anyMatch(x -> x instanceof RtcpPacket.SenderReport sr && sr.ssrc() == ssrc && sr.packetCount() > 0);
        assertThat(rtcp).anyMatch(x -> x instanceof RtcpPacket.SourceDescription);
        assertThat(rtcp.get(rtcp.size() - 1)).isInstanceOf(RtcpPacket.Bye.class);
    }

    @Test
    void sendsDigitsAsRfc4733EventsOrInBand() throws Exception {
        RtpPeer p = peer(), q = peer();
        RtpEndpoint withEvents = media.engine().createRtpEndpoint(EndpointListener.NONE);
        withEvents.configure(params(p));
        RtpEndpoint inBand = media.engine().createRtpEndpoint(EndpointListener.NONE);
        inBand.configure(params(q).withTelephoneEvent(Optional.empty()));
        withEvents.sendDigits("19#");
        inBand.sendDigits("46");
        Thread.sleep(1_500);

        StringBuilder events = new StringBuilder();
        long lastTs = -1;
        for (RtpPeer.Arrival a : p.arrivals()) {
            if (a.packet().payloadType() == 101) {
                TelephoneEvent ev = TelephoneEvent.parse(a.packet().payload());
                if (ev.end() && a.packet().timestamp() != lastTs) {
                    events.append(ev.digit());
                    lastTs = a.packet().timestamp();
                }
            }
        }
        assertThat(events.toString()).isEqualTo("19#");

        StringBuilder tones = new StringBuilder();
        DtmfDetector detector = new DtmfDetector((d, dur) -> tones.append(d));
        short[] audio = q.receivedAudio(PayloadFormat.PCMU);
        for (int i = 0; i + 160 <= audio.length; i += 160) {
            detector.process(java.util.Arrays.copyOfRange(audio, i, i + 160));
        }
        detector.flush();
        assertThat(tones.toString()).isEqualTo("46");
    }

    @Test
    void inactiveDirectionSendsNothing() throws Exception {
        RtpPeer p = peer();
        RtpEndpoint e = media.engine().createRtpEndpoint(EndpointListener.NONE);
        e.configure(params(p).withDirection(MediaDirection.INACTIVE));
        Thread.sleep(300);
        assertThat(p.arrivals()).isEmpty();
        e.configure(params(p));
        assertThat(p.awaitPackets(5, Duration.ofSeconds(2))).isGreaterThanOrEqualTo(5);
    }

    @Test
    void linkCarriesAudioBetweenItsEnds() throws Exception {
        RtpPeer pa = peer(), pb = peer();
        RtpEndpoint a = media.engine().createRtpEndpoint(EndpointListener.NONE);
        RtpEndpoint b = media.engine().createRtpEndpoint(EndpointListener.NONE);
        a.configure(params(pa));
        b.configure(params(pb));
        MediaLink link = media.engine().link();
        a.sendMediaTo(link.a());
        link.b().sendMediaTo(b);
        pa.stream(RtpPeer.tone(950, 6_000, 1_000), a.localAddress()).get(5, TimeUnit.SECONDS);
        Thread.sleep(150);
        assertThat(GoertzelMeter.activeMedian(pb.receivedAudio(PayloadFormat.PCMU), 950, 1_000)).isGreaterThan(3_800);
        assertThat(GoertzelMeter.blockMax(pa.receivedAudio(PayloadFormat.PCMU), 950)).isLessThan(50);
        media.engine().release(link.a());
    }

    @Test
    void ignoresMalformedPacketsAndStrangers() throws Exception {
        RtpPeer p = peer(), stranger = peer();
        List<CallEvent> events = new CopyOnWriteArrayList<>();
        RtpEndpoint e = media.engine().createRtpEndpoint(events::add);
        e.configure(params(p));
        p.sendRaw(new byte[] {1, 2, 3}, e.localAddress());
        p.stream(RtpPeer.tone(500, 3_000, 300), e.localAddress()).get(5, TimeUnit.SECONDS);
        stranger.stream(RtpPeer.tone(500, 3_000, 300), e.localAddress()).get(5, TimeUnit.SECONDS);
        Thread.sleep(300);
        assertThat(e.stats().packetsReceived()).isEqualTo(15);
        assertThat(events).containsExactly(new CallEvent.FirstAudioPacketReceived());
    }
}
