package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.Conference;
import dev.dialtone.core.MediaLink;
import dev.dialtone.media.internal.rtp.RtpPacket;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.LoopbackMediaEngine;
import dev.dialtone.media.testing.RtpPeer;

/** {@code silence-suppression}: silence is not sent, speech is, the first packet after a pause has the marker bit. */
class SilenceSuppressionIT {
    @TempDir
    Path dir;
    private LoopbackMediaEngine media;
    private RtpPeer listener;
    private RtpPeer talker;

    @BeforeEach
    void start() throws Exception {
        media = LoopbackMediaEngine.create(dir, b -> b.silenceSuppression(true));
        listener = RtpPeer.open();
        talker = RtpPeer.open();
    }

    @AfterEach
    void stop() {
        listener.close();
        talker.close();
        media.close();
    }

    private static RtpParameters params(RtpPeer peer) {
        return new RtpParameters(peer.address(), Optional.of(peer.rtcpAddress()), PayloadFormat.PCMU,
                Optional.of(PayloadFormat.telephoneEvent(101)), 20, MediaDirection.SENDRECV, false);
    }

    private RtpEndpoint endpointTo(RtpPeer peer) {
        RtpEndpoint e = media.engine().createRtpEndpoint(EndpointListener.NONE);
        e.configure(params(peer));
        return e;
    }

    /** Nothing to say: the stream's first packet, then nothing (without suppression: 50 packets a second). */
    private void expectTheFirstPacketOnly() throws InterruptedException {
        assertThat(listener.awaitPackets(1, Duration.ofSeconds(2))).isEqualTo(1);
        Thread.sleep(600);
        assertThat(listener.arrivals()).hasSize(1);
    }

    /** The talker sends a tone into {@code other}; the listener hears it, the first packet after the pause marked. */
    private List<RtpPeer.Arrival> talkInto(RtpEndpoint other, double hz) throws Exception {
        talker.stream(RtpPeer.tone(hz, 6_000, 600), other.localAddress()).get(5, TimeUnit.SECONDS);
        Thread.sleep(400);
        List<RtpPeer.Arrival> got = listener.arrivals();
        assertThat(got.size()).isBetween(20, 40);
        assertThat(got.get(1).packet().marker()).isTrue();
        assertThat(GoertzelMeter.activeMedian(listener.receivedAudio(PayloadFormat.PCMU), hz, 1_000)).isGreaterThan(3_000);
        return got;
    }

    /** Silence again: nothing more. */
    private int expectNothingMore() throws InterruptedException {
        int before = listener.arrivals().size();
        Thread.sleep(500);
        assertThat(listener.arrivals()).hasSize(before);
        return before;
    }

    @Test
    void sendsSpeechAndDigitsButNotSilence() throws Exception {
        RtpEndpoint e = endpointTo(listener);
        RtpEndpoint other = endpointTo(talker);
        other.sendMediaTo(e);
        expectTheFirstPacketOnly();

        List<RtpPeer.Arrival> got = talkInto(other, 900);
        RtpPacket first = got.get(0).packet(), resumed = got.get(1).packet();
        assertThat(resumed.sequence()).isEqualTo((first.sequence() + 1) & 0xFFFF);
        assertThat(((resumed.timestamp() - first.timestamp()) & 0xFFFF_FFFFL) % 160).isZero();
        assertThat((resumed.timestamp() - first.timestamp()) & 0xFFFF_FFFFL).isGreaterThanOrEqualTo(160L * 30);
        for (int i = 2; i < got.size(); i++) {
            RtpPacket prev = got.get(i - 1).packet(), cur = got.get(i).packet();
            assertThat(cur.sequence()).isEqualTo((prev.sequence() + 1) & 0xFFFF);
            long step = (cur.timestamp() - prev.timestamp()) & 0xFFFF_FFFFL;
            assertThat(step == 160 || cur.marker()).as("gap of %d without marker", step).isTrue();
        }

        // Digits still go out as RFC 4733 events.
        int afterSpeech = expectNothingMore();
        e.sendDigits("5");
        Thread.sleep(600);
        List<RtpPeer.Arrival> withDigit = listener.arrivals().subList(afterSpeech, listener.arrivals().size());
        assertThat(withDigit).isNotEmpty().allMatch(a -> a.packet().payloadType() == 101);
    }

    @Test
    void aConferenceListenerIsSentItsSharedMixOnlyWhileSomebodyTalks() throws Exception {
        // e only listens: it is sent the conference's one shared encoding
        listensToAConferenceWhereSomebodyTalks("quiet", (conference, e) -> conference.sendMediaTo(e));
    }

    @Test
    void aListenerBehindAnInternalCallIsSentTheSharedMixOnlyWhileSomebodyTalks() throws Exception {
        // As in the videoconf sample: the conference's session reaches the listener's session through an internal call.
        listensToAConferenceWhereSomebodyTalks("quiet-linked", (conference, e) -> {
            MediaLink call = media.engine().link();
            conference.sendMediaTo(call.b());
            call.a().sendMediaTo(e);
        });
    }

    /**
     * A listener connected to a conference by {@code connect}: the first packet, then the conference's shared encoding
     * only while the talker talks, then nothing again.
     */
    private void listensToAConferenceWhereSomebodyTalks(String name, BiConsumer<Conference, RtpEndpoint> connect)
            throws Exception {
        RtpEndpoint e = endpointTo(listener);
        RtpEndpoint other = endpointTo(talker);
        Conference conference = media.engine().createConference(name);
        other.sendMediaTo(conference);
        connect.accept(conference, e);
        expectTheFirstPacketOnly();

        double sharedBefore = counter("dialtone.media.frames.shared");
        List<RtpPeer.Arrival> got = talkInto(other, 700);
        assertThat(counter("dialtone.media.frames.shared") - sharedBefore).as("sent as the shared encoding")
                .isGreaterThanOrEqualTo(got.size() - 2);
        expectNothingMore();
    }

    private double counter(String name) throws InterruptedException {
        Thread.sleep(1_100); // the mixer threads flush their counters once a second
        return media.registry().find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aLongPauseStillSendsAKeepalivePacket() throws Exception {
        endpointTo(listener);
        assertThat(listener.awaitPackets(1, Duration.ofSeconds(2))).isEqualTo(1);
        long firstAt = listener.arrivals().get(0).nanos();
        assertThat(listener.awaitPackets(2, Duration.ofMillis(MediaConfig.SILENCE_KEEPALIVE_MS + 2_000))).isEqualTo(2);
        RtpPeer.Arrival keepalive = listener.arrivals().get(1);
        assertThat(keepalive.nanos() - firstAt).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(MediaConfig.SILENCE_KEEPALIVE_MS - 100));
        assertThat(keepalive.packet().marker()).isTrue();
        assertThat(keepalive.packet().payloadType()).isEqualTo(PayloadFormat.PCMU.payloadType());
    }

    @Test
    void aNewFarEndHearsFromUsAtOnce() throws Exception {
        RtpEndpoint e = endpointTo(listener);
        assertThat(listener.awaitPackets(1, Duration.ofSeconds(2))).isEqualTo(1);
        Thread.sleep(300);
        e.configure(params(talker)); // as a re-INVITE moving the media elsewhere
        assertThat(talker.awaitPackets(1, Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(talker.arrivals().get(0).packet().marker()).isTrue();
        assertThat(listener.arrivals()).hasSize(1);
    }
}
