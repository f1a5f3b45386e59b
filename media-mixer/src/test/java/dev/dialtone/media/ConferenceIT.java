package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.Conference;
import dev.dialtone.core.MediaLink;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.LoopbackMediaEngine;
import dev.dialtone.media.testing.RtpPeer;

/** Real RTP over loopback through an N-1 conference, measured with Goertzel at each participant. */
class ConferenceIT {
    // No tone is a third-order intermodulation product (2a-b, a+b-c) of the others, so G.711
    // companding cannot fake "hearing yourself".
    private static final double[] TONES = {500, 1_100, 1_900};
    private static final double AMPLITUDE = 6_000;
    private static final double EXPECTED_RMS = AMPLITUDE / Math.sqrt(2);

    @TempDir
    Path dir;
    private LoopbackMediaEngine media;
    private final List<RtpPeer> peers = new ArrayList<>();

    @BeforeEach
    void start() {
        media = LoopbackMediaEngine.create(dir);
    }

    @AfterEach
    void stop() {
        peers.forEach(RtpPeer::close);
        media.close();
    }

    private RtpEndpoint participant(RtpPeer peer) {
        RtpEndpoint e = media.engine().createRtpEndpoint(EndpointListener.NONE);
        e.configure(RtpParameters.of(peer.address(), PayloadFormat.PCMU));
        return e;
    }

    private RtpPeer peer() throws Exception {
        RtpPeer p = RtpPeer.open();
        peers.add(p);
        return p;
    }

    /** Everything a peer received (the conference sends silence before and after the tones). */
    private static short[] steady(RtpPeer p) {
        return p.receivedAudio(PayloadFormat.PCMU);
    }

    /** Level of a tone while audio flows (median over active 100 ms blocks). */
    private static double level(short[] heard, double tone) {
        return GoertzelMeter.activeMedian(heard, tone, 1_000);
    }

    /** Loudest 100 ms of a tone, relative to the level sent, in dB. */
    private static double leakDb(short[] heard, double tone) {
        return GoertzelMeter.db(GoertzelMeter.blockMax(heard, tone) / EXPECTED_RMS);
    }

    @Test
    void everyParticipantHearsExactlyTheOtherTwo() throws Exception {
        Conference conf = media.engine().createConference("three");
        List<RtpEndpoint> eps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RtpEndpoint e = participant(peer());
            e.sendMediaTo(conf);
            conf.sendMediaTo(e);
            eps.add(e);
        }
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sending.add(peers.get(i).stream(RtpPeer.tone(TONES[i], AMPLITUDE, 2_000), eps.get(i).localAddress()));
        }
        CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        Thread.sleep(200); // let the last mixed packets arrive

        for (int i = 0; i < 3; i++) {
            short[] heard = steady(peers.get(i));
            assertThat(heard.length).as("peer %d received audio", i).isGreaterThan(8_000);
            for (int j = 0; j < 3; j++) {
                if (i == j) {
                    assertThat(leakDb(heard, TONES[j])).as("peer %d hears itself", i).isLessThan(-40);
                } else {
                    assertThat(level(heard, TONES[j])).as("peer %d hears peer %d", i, j)
                            .isBetween(0.9 * EXPECTED_RMS, 1.1 * EXPECTED_RMS);
                }
            }
        }
    }

    @Test
    void mutedSourceIsNotMixedAndListenOnlyParticipantHearsEveryoneElse() throws Exception {
        Conference conf = media.engine().createConference("muted");
        List<RtpEndpoint> eps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RtpEndpoint e = participant(peer());
            e.sendMediaTo(conf);
            conf.sendMediaTo(e);
            eps.add(e);
        }
        RtpPeer listenerPeer = peer();
        RtpEndpoint listener = participant(listenerPeer);
        conf.sendMediaTo(listener); // listen-only: it never sends to the conference
        conf.setMuted(eps.get(0), true);

        List<CompletableFuture<Void>> sending = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sending.add(peers.get(i).stream(RtpPeer.tone(TONES[i], AMPLITUDE, 1_500), eps.get(i).localAddress()));
        }
        // The listen-only peer talks too, but nobody may hear it.
        sending.add(listenerPeer.stream(RtpPeer.tone(2_300, AMPLITUDE, 1_500), listener.localAddress()));
        CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        Thread.sleep(200);

        short[] atListener = steady(listenerPeer);
        assertThat(leakDb(atListener, TONES[0])).isLessThan(-40);
        assertThat(level(atListener, TONES[1])).isGreaterThan(0.9 * EXPECTED_RMS);
        assertThat(level(atListener, TONES[2])).isGreaterThan(0.9 * EXPECTED_RMS);
        short[] atMuted = steady(peers.get(0));
        assertThat(level(atMuted, TONES[1])).as("a muted participant still hears").isGreaterThan(0.9 * EXPECTED_RMS);
        assertThat(leakDb(steady(peers.get(1)), TONES[0])).as("the muted participant is heard").isLessThan(-40);
        for (int i = 0; i < 3; i++) {
            assertThat(leakDb(steady(peers.get(i)), 2_300)).as("listen-only audio reached peer %d", i).isLessThan(-40);
        }
    }

    @Test
    void listenOnlyListenersShareOneEncodingOfTheMix() throws Exception {
        Conference conf = media.engine().createConference("shared");
        Talker talker = talker(conf);
        List<RtpPeer> listeners = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RtpPeer p = peer();
            conf.sendMediaTo(participant(p)); // listen-only
            listeners.add(p);
        }
        assertOneEncodingServesThree(talker, listeners, TONES[1]);
    }

    @Test
    void listenersBehindInternalCallsShareTheEncodingToo() throws Exception {
        // The videoconf sample's browsers: room mix -> internal call (a link) -> the browser's endpoint.
        Conference conf = media.engine().createConference("linked");
        Talker talker = talker(conf);
        List<RtpPeer> listeners = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RtpPeer p = peer();
            // Two links in a row, as a browser's leg (its own link to its WebRTC endpoint) bridged to the room.
            MediaLink room = media.engine().link();
            MediaLink leg = media.engine().link();
            conf.sendMediaTo(room.b());
            room.a().sendMediaTo(leg.a());
            leg.b().sendMediaTo(participant(p));
            listeners.add(p);
        }
        assertOneEncodingServesThree(talker, listeners, TONES[2]);
    }

    /** A participant that talks into a conference and hears it (N-1). */
    private record Talker(RtpPeer peer, RtpEndpoint endpoint) {
    }

    private Talker talker(Conference conf) throws Exception {
        RtpPeer p = peer();
        RtpEndpoint e = participant(p);
        e.sendMediaTo(conf);
        conf.sendMediaTo(e);
        return new Talker(p, e);
    }

    /**
     * The talker's tone reaches the three listen-only listeners at its level, and per tick the talker's own frame and
     * one frame of the shared mix are encoded while three packets reuse the latter (without sharing: four encoded,
     * none shared).
     */
    private void assertOneEncodingServesThree(Talker talker, List<RtpPeer> listeners, double tone) throws Exception {
        double encodedBefore = counter("dialtone.media.frames.encoded");
        double sharedBefore = counter("dialtone.media.frames.shared");
        talker.peer().stream(RtpPeer.tone(tone, AMPLITUDE, 1_500), talker.endpoint().localAddress()).get(10, TimeUnit.SECONDS);
        Thread.sleep(1_200); // the counters reach the registry once a second
        double encoded = counter("dialtone.media.frames.encoded") - encodedBefore;
        double shared = counter("dialtone.media.frames.shared") - sharedBefore;
        for (RtpPeer p : listeners) {
            assertThat(level(steady(p), tone)).as("a listen-only listener hears the talker")
                    .isBetween(0.9 * EXPECTED_RMS, 1.1 * EXPECTED_RMS);
        }
        assertThat(shared).as("packets sent with the shared encoding").isGreaterThan(100);
        assertThat(shared / encoded).as("shared packets per encoded frame (encoded %s, shared %s)", encoded, shared)
                .isBetween(1.3, 1.7);
    }

    private double counter(String name) {
        return media.registry().find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
