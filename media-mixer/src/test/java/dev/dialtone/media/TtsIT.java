package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.PlaybackListener;
import dev.dialtone.core.Player;
import dev.dialtone.core.Voice;
import dev.dialtone.core.Voices;
import dev.dialtone.media.internal.tts.EspeakVoices;
import dev.dialtone.media.internal.tts.TtsService;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.LoopbackMediaEngine;
import dev.dialtone.media.testing.RtpPeer;

/** Real espeak-ng: every catalog voice exists and speaks; say() events line up with the audio. */
class TtsIT {
    private static ScheduledExecutorService timers;
    private static TtsService tts;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTts() {
        timers = Executors.newSingleThreadScheduledExecutor();
        tts = new TtsService("espeak-ng", 2, Duration.ofSeconds(20), 5_000, 32 << 20, timers);
    }

    @AfterAll
    static void stopTts() {
        tts.close();
        timers.shutdownNow();
    }

    private static Set<String> installedLanguages() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("espeak-ng", "--voices").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        Set<String> langs = new HashSet<>();
        for (String line : out.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length > 1 && !cols[0].equals("Pty")) {
                langs.add(cols[1]);
            }
        }
        return langs;
    }

    @Test
    void everyVoiceMapsToAnInstalledEspeakVoiceAndSpeaks() throws Exception {
        Set<String> installed = installedLanguages();
        List<CompletableFuture<short[]>> renders = new ArrayList<>();
        for (Voice v : Voices.all()) {
            assertThat(installed).as("espeak-ng voice for %s", v.name()).contains(EspeakVoices.language(v));
            renders.add(tts.render("1 2 3 4 5", v));
        }
        for (int i = 0; i < renders.size(); i++) {
            Voice v = Voices.all().get(i);
            short[] pcm = renders.get(i).get(60, TimeUnit.SECONDS);
            double seconds = pcm.length / 8_000.0;
            assertThat(seconds).as("length of %s", v.name()).isBetween(1.0, 8.0);
            assertThat(GoertzelMeter.rms(pcm)).as("loudness of %s", v.name()).isGreaterThan(500);
        }
        assertThat(EspeakVoices.espeakVoice(Voices.byName("UK_ENGLISH_FEMALE").orElseThrow())).isEqualTo("en-gb+f3");
    }

    @Test
    void femaleAndMaleVariantsDiffer() throws Exception {
        short[] f = tts.render("Hello", Voices.byName("US_ENGLISH_FEMALE").orElseThrow()).get(30, TimeUnit.SECONDS);
        short[] m = tts.render("Hello", Voices.byName("US_ENGLISH_MALE").orElseThrow()).get(30, TimeUnit.SECONDS);
        assertThat(java.util.Arrays.equals(f, m)).isFalse();
    }

    @Test
    void sayPlaysToACallWithStartedAndFinishedAtTheRightMoments() throws Exception {
        try (LoopbackMediaEngine media = LoopbackMediaEngine.create(dir); RtpPeer peer = RtpPeer.open()) {
            RtpEndpoint call = media.engine().createRtpEndpoint(EndpointListener.NONE);
            call.configure(RtpParameters.of(peer.address(), PayloadFormat.PCMU));
            CompletableFuture<Long> started = new CompletableFuture<>();
            CompletableFuture<Optional<String>> finished = new CompletableFuture<>();
            long[] finishedAt = new long[1];
            Player player = media.engine().say("Welcome to the conference. Please enter your pin.",
                    Voices.byName("UK_ENGLISH_FEMALE").orElseThrow(), new PlaybackListener() {
                        @Override
                        public void started() {
                            started.complete(System.nanoTime());
                        }

                        @Override
                        public void finished(Optional<String> error) {
                            finishedAt[0] = System.nanoTime();
                            finished.complete(error);
                        }
                    });
            player.sendMediaTo(call);
            assertThat(finished.get(30, TimeUnit.SECONDS)).isEmpty();
            long start = started.get();
            Thread.sleep(100);
            List<RtpPeer.Arrival> speech = peer.arrivals().stream()
                    .filter(a -> loud(a.packet().payload())).toList();
            assertThat(speech).isNotEmpty();
            long first = speech.get(0).nanos();
            long last = speech.get(speech.size() - 1).nanos();
            assertThat(first).isGreaterThanOrEqualTo(start);
            assertThat(first - start).isLessThan(100_000_000L);
            assertThat(finishedAt[0]).isGreaterThanOrEqualTo(last - 40_000_000L);
            assertThat(finishedAt[0] - last).isLessThan(500_000_000L);
            assertThat((last - first) / 1e9).isBetween(1.5, 8.0);
        }
    }

    @Test
    void overlongTextFailsThePlaybackInsteadOfHanging() throws Exception {
        try (LoopbackMediaEngine media = LoopbackMediaEngine.create(dir, b -> b.maxTextLength(10))) {
            CompletableFuture<Optional<String>> finished = new CompletableFuture<>();
            media.engine().say("this text is far too long", Voices.DEFAULT, new PlaybackListener() {
                @Override
                public void started() {
                    finished.completeExceptionally(new AssertionError("must not start"));
                }

                @Override
                public void finished(Optional<String> error) {
                    finished.complete(error);
                }
            });
            assertThat(finished.get(5, TimeUnit.SECONDS)).hasValueSatisfying(e -> assertThat(e).contains("too long"));
        }
    }

    private static boolean loud(byte[] ulaw) {
        short[] pcm = new short[ulaw.length];
        dev.dialtone.media.internal.codec.G711Codec.PCMU.newDecoder().decode(ulaw, 0, ulaw.length, pcm, 0);
        return GoertzelMeter.rms(pcm) > 300;
    }
}
