package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.Conference;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.LoopbackMediaEngine;
import dev.dialtone.media.testing.RtpPeer;

/**
 * A call hopping between conferences that live on different mixer threads, faster than a tick:
 * every hop moves it between threads (and back onto a selector it just left); it must end up
 * working in the last conference.
 */
class GraphMigrationIT {
    @TempDir
    Path dir;

    @Test
    void callKeepsWorkingAfterHoppingBetweenMixerThreads() throws Exception {
        try (LoopbackMediaEngine media = LoopbackMediaEngine.create(dir); RtpPeer caller = RtpPeer.open();
             RtpPeer a1 = RtpPeer.open(); RtpPeer a2 = RtpPeer.open(); RtpPeer b1 = RtpPeer.open();
             RtpPeer b2 = RtpPeer.open()) {
            Conference a = media.engine().createConference("a");
            Conference b = media.engine().createConference("b");
            for (RtpPeer p : new RtpPeer[] {a1, a2}) {
                join(media, p, a);
            }
            RtpEndpoint listener = null;
            for (RtpPeer p : new RtpPeer[] {b1, b2}) {
                listener = join(media, p, b);
            }
            RtpEndpoint call = media.engine().createRtpEndpoint(EndpointListener.NONE);
            call.configure(RtpParameters.of(caller.address(), PayloadFormat.PCMU));
            for (int hop = 0; hop < 12; hop++) {
                Conference to = hop % 2 == 0 ? a : b;
                Conference from = hop % 2 == 0 ? b : a;
                call.stopMediaTo(from);
                from.stopMediaTo(call);
                call.sendMediaTo(to);
                to.sendMediaTo(call);
                if (hop % 3 == 0) {
                    Thread.sleep(25); // sometimes let a tick pass between hops
                }
            }
            // Ends in b (hop 11). The caller's tone must reach b2's phone.
            caller.stream(RtpPeer.tone(1_250, 6_000, 1_000), call.localAddress()).get(5, TimeUnit.SECONDS);
            Thread.sleep(200);
            assertThat(GoertzelMeter.activeMedian(b2.receivedAudio(PayloadFormat.PCMU), 1_250, 1_000))
                    .isGreaterThan(3_800);
            assertThat(GoertzelMeter.blockMax(a1.receivedAudio(PayloadFormat.PCMU), 1_250)).isLessThan(100);
            assertThat(call.stats().packetsReceived()).isEqualTo(50);
            assertThat(listener).isNotNull();
        }
    }

    private static RtpEndpoint join(LoopbackMediaEngine media, RtpPeer peer, Conference conf) {
        RtpEndpoint e = media.engine().createRtpEndpoint(EndpointListener.NONE);
        e.configure(RtpParameters.of(peer.address(), PayloadFormat.PCMU));
        e.sendMediaTo(conf);
        conf.sendMediaTo(e);
        return e;
    }
}
