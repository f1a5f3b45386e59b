package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.Recorder;
import dev.dialtone.core.RecorderListener;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.LoopbackMediaEngine;
import dev.dialtone.media.testing.RtpPeer;
import dev.dialtone.media.testing.WavBytes;

/** A call's audio recorded to WAV in the data dir, fetchable by its owner only. */
class RecorderIT {
    @TempDir
    Path dir;

    @Test
    void recordingContainsWhatWasSent() throws Exception {
        try (LoopbackMediaEngine media = LoopbackMediaEngine.create(dir); RtpPeer peer = RtpPeer.open()) {
            RtpEndpoint call = media.engine().createRtpEndpoint(EndpointListener.NONE);
            call.configure(RtpParameters.of(peer.address(), PayloadFormat.PCMU));
            AccountId owner = new AccountId(42);
            CompletableFuture<String> started = new CompletableFuture<>();
            CompletableFuture<Duration> stopped = new CompletableFuture<>();
            Recorder rec = media.engine().record(owner, new RecorderListener() {
                @Override
                public void started(String recordingId) {
                    started.complete(recordingId);
                }

                @Override
                public void stopped(String recordingId, Duration length, Optional<String> error) {
                    assertThat(error).isEmpty();
                    stopped.complete(length);
                }
            });
            assertThat(started.get(5, TimeUnit.SECONDS)).isEqualTo(rec.recordingId()).matches("[0-9a-f]{32}");
            call.sendMediaTo(rec);
            peer.stream(RtpPeer.tone(1_000, 7_000, 1_000), call.localAddress()).get(5, TimeUnit.SECONDS);
            Thread.sleep(150);
            assertThat(media.engine().recordingFile(owner, rec.recordingId())).as("not before it is complete").isEmpty();
            rec.stop();
            Duration length = stopped.get(5, TimeUnit.SECONDS);
            // Ticks run from the start (silence before the tone); a badly loaded machine may skip a few.
            assertThat(length.toMillis()).isBetween(800L, 3_000L);

            Path file = media.engine().recordingFile(owner, rec.recordingId()).orElseThrow();
            assertThat(file).startsWith(dir);
            short[] pcm = WavBytes.samples(Files.readAllBytes(file));
            assertThat(pcm.length).isEqualTo((int) (length.toMillis() * 8));
            assertThat(GoertzelMeter.activeMedian(pcm, 1_000, 1_000)).isGreaterThan(0.9 * 7_000 / Math.sqrt(2));
            int toneBlocks = 0;
            for (int pos = 0; pos + 800 <= pcm.length; pos += 800) {
                if (GoertzelMeter.rms(pcm, pos, 800, 1_000) > 4_000) {
                    toneBlocks++;
                }
            }
            assertThat(toneBlocks).isBetween(7, 11);

            assertThat(media.engine().recordingFile(new AccountId(43), rec.recordingId())).isEmpty();
            assertThat(media.engine().recordingFile(owner, "../42/" + rec.recordingId())).isEmpty();
        }
    }
}
