package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.dialtone.core.Voice;
import dev.dialtone.core.Voices;
import dev.dialtone.media.internal.codec.G711Codec;
import dev.dialtone.media.internal.dtmf.DtmfDetector;
import dev.dialtone.media.internal.tts.TtsService;

/**
 * Talk-off: over a minute of synthetic speech in several languages and voices, through G.711, must
 * not make the in-band detector report a single digit.
 */
class TalkOffIT {
    private static final String TEXT = "Good morning. Thank you for calling. Your call is important to us. "
            + "Please hold the line while we connect you to the next available agent. "
            + "Press one for sales, two for support, or stay on the line. Mississippi, seventy seven, "
            + "beautiful weather, a very high pitched squeak, eeeeeee, ooooooo, hmmmmmmm.";

    @Test
    void speechTriggersNoDigits() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try (TtsService tts = new TtsService("espeak-ng", 2, Duration.ofSeconds(30), 5_000, 64 << 20, timers)) {
            List<String> falseDigits = new ArrayList<>();
            double seconds = 0;
            for (String name : List.of("US_ENGLISH_FEMALE", "US_ENGLISH_MALE", "UK_ENGLISH_FEMALE", "EUR_GERMAN_FEMALE",
                    "RU_RUSSIAN_MALE", "EUR_FRENCH_FEMALE", "CH_CHINESE_FEMALE", "EUR_ITALIAN_MALE")) {
                Voice v = Voices.byName(name).orElseThrow();
                short[] speech = throughG711(tts.render(TEXT, v).get(60, TimeUnit.SECONDS));
                seconds += speech.length / 8_000.0;
                DtmfDetector d = new DtmfDetector((k, dur) -> falseDigits.add(name + ":" + k));
                feed(d, speech);
            }
            assertThat(seconds).isGreaterThan(60);
            assertThat(falseDigits).isEmpty();
        } finally {
            timers.shutdownNow();
        }
    }

    private static short[] throughG711(short[] pcm) {
        byte[] enc = new byte[pcm.length];
        G711Codec.PCMU.newEncoder().encode(pcm, 0, pcm.length, enc, 0);
        short[] out = new short[pcm.length];
        G711Codec.PCMU.newDecoder().decode(enc, 0, enc.length, out, 0);
        return out;
    }

    private static void feed(DtmfDetector d, short[] pcm) {
        short[] frame = new short[160];
        for (int pos = 0; pos + 160 <= pcm.length; pos += 160) {
            System.arraycopy(pcm, pos, frame, 0, 160);
            d.process(frame);
        }
        d.flush();
    }
}
