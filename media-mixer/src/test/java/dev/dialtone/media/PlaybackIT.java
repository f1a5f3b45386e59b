package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.PlaybackListener;
import dev.dialtone.core.Player;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.LocalHttpServer;
import dev.dialtone.media.testing.LoopbackMediaEngine;
import dev.dialtone.media.testing.RtpPeer;
import dev.dialtone.media.testing.ToneGenerator;
import dev.dialtone.media.testing.WavBytes;

/** Playback of WAV and MP3 fetched from a local HTTP server (loopback allowed by the allow list). */
class PlaybackIT {
    @TempDir
    Path dir;
    private LocalHttpServer http;
    private LoopbackMediaEngine media;
    private RtpPeer peer;
    private RtpEndpoint call;

    @BeforeEach
    void start() throws Exception {
        http = new LocalHttpServer();
        media = LoopbackMediaEngine.create(dir, b -> b.fetchAllowList(List.of("127.0.0.1:" + http.port())));
        peer = RtpPeer.open();
        call = media.engine().createRtpEndpoint(EndpointListener.NONE);
        call.configure(RtpParameters.of(peer.address(), PayloadFormat.PCMU));
    }

    @AfterEach
    void stop() {
        peer.close();
        media.close();
        http.close();
    }

    /** Records what the listener hears, in order. */
    private static final class Events implements PlaybackListener {
        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile long startedAt;
        final CompletableFuture<Optional<String>> finished = new CompletableFuture<>();

        @Override
        public void started() {
            startedAt = System.nanoTime();
            seen.add("started");
        }

        @Override
        public void finished(Optional<String> error) {
            seen.add("finished");
            finished.complete(error);
        }
    }

    private static byte[] stereoWav(double frequency, int millis) {
        short[] mono = ToneGenerator.tone(frequency, 8_000, 44_100, 44_100 * millis / 1000);
        short[] stereo = new short[mono.length * 2];
        for (int i = 0; i < mono.length; i++) {
            stereo[2 * i] = mono[i];
            stereo[2 * i + 1] = mono[i];
        }
        return WavBytes.of(stereo, 44_100, 2);
    }

    @Test
    void loopsAWavFileUntilStopped() throws Exception {
        URI url = http.serve("/tone.wav", stereoWav(600, 300));
        Events events = new Events();
        Player player = media.engine().play(url, true, events);
        player.sendMediaTo(call);
        // The file holds 15 frames; wait for four files' worth of tone packets.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (toneFrames(peer) < 60 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(toneFrames(peer)).isGreaterThanOrEqualTo(60);
        assertThat(events.finished).isNotDone();
        player.stop();
        assertThat(events.finished.get(2, TimeUnit.SECONDS)).isEmpty();
        assertThat(events.seen).containsExactly("started", "finished");
    }

    private static int toneFrames(RtpPeer peer) {
        short[] heard = peer.receivedAudio(PayloadFormat.PCMU);
        int n = 0;
        for (int pos = 0; pos + 160 <= heard.length; pos += 160) {
            if (GoertzelMeter.rms(heard, pos, 160, 600) > 4_000) {
                n++;
            }
        }
        return n;
    }

    @Test
    void playsAnMp3OnceAndFinishesAfterItsLength() throws Exception {
        byte[] mp3;
        try (InputStream in = getClass().getResourceAsStream("/playback/tone-880hz-1s.mp3")) {
            mp3 = in.readAllBytes();
        }
        URI url = http.serve("/tone.mp3", mp3);
        Events events = new Events();
        Player player = media.engine().play(url, false, events);
        player.sendMediaTo(call);
        assertThat(events.finished.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(events.seen).containsExactly("started", "finished");
        double played = (System.nanoTime() - events.startedAt) / 1e9;
        assertThat(played).isBetween(0.95, 3.0);
        Thread.sleep(100);
        short[] heard = peer.receivedAudio(PayloadFormat.PCMU);
        assertThat(GoertzelMeter.activeMedian(heard, 880, 1_000)).isGreaterThan(0.3 * 16_384 / Math.sqrt(2));
    }

    @Test
    void badUrlsAndUndecodableFilesFinishWithAnError() throws Exception {
        http.serve("/garbage.wav", "this is not audio at all, just text pretending".getBytes());
        for (URI url : List.of(http.url("/missing.wav"), http.url("/garbage.wav"), URI.create("ftp://127.0.0.1/x.wav"),
                URI.create("http://unknown-host.invalid/a.mp3"))) {
            Events events = new Events();
            media.engine().play(url, true, events).sendMediaTo(call);
            Optional<String> error = events.finished.get(20, TimeUnit.SECONDS);
            assertThat(error).as(url.toString()).isPresent();
            assertThat(events.seen).containsExactly("finished");
        }
    }

    @Test
    void refusesLoopbackUnlessAllowed() throws Exception {
        try (LoopbackMediaEngine strict = LoopbackMediaEngine.create(dir)) {
            URI url = http.serve("/tone.wav", stereoWav(600, 300));
            Events events = new Events();
            strict.engine().play(url, false, events);
            assertThat(events.finished.get(5, TimeUnit.SECONDS))
                    .hasValueSatisfying(e -> assertThat(e).contains("internal address"));
        }
    }
}
