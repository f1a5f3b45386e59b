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
}
