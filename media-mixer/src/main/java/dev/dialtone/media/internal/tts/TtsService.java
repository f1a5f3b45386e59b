package dev.dialtone.media.internal.tts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AudioFrame;
import dev.dialtone.core.Voice;
import dev.dialtone.media.internal.codec.Resampler;
import dev.dialtone.media.internal.playback.AudioCache;
import dev.dialtone.media.internal.playback.SharedLoads;
import dev.dialtone.media.internal.playback.WavReader;

/**
 * Text to speech with espeak-ng: at most {@code poolSize} synthesiser processes run at once (more
 * requests wait in a bounded queue); each gets the text on stdin (never on the command line), writes
 * 22.05 kHz WAV to stdout, and is killed if it overruns the timeout. Output is resampled to 8 kHz
 * through the anti-aliasing {@link Resampler} and cached by (text, voice); identical requests in
 * flight share one process.
 */
public final class TtsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TtsService.class);
    private static final int QUEUE = 512;
    private static final int MAX_OUTPUT_BYTES = 64 << 20;

    private record Key(String text, String voice) {
    }

    private final String command;
    private final Duration timeout;
    private final int maxTextLength;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService watchdog;
    private final SharedLoads<Key> loads;

    public TtsService(String command, int poolSize, Duration timeout, int maxTextLength, long cacheBytes,
                      ScheduledExecutorService watchdog) {
        this.command = command;
        this.timeout = timeout;
        this.maxTextLength = maxTextLength;
        this.watchdog = watchdog;
        this.pool = new ThreadPoolExecutor(poolSize, poolSize, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                Thread.ofPlatform().name("media-tts-", 0).daemon(true).factory());
        pool.allowCoreThreadTimeOut(true);
        this.loads = new SharedLoads<>(new AudioCache<>(cacheBytes), pool, "text-to-speech is overloaded; try again later");
    }

    /** Renders {@code text}; the future fails with a message fit for a session log. */
    public CompletableFuture<short[]> render(String text, Voice voice) {
        if (text.length() > maxTextLength) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "text too long for speech: " + text.length() + " characters (at most " + maxTextLength + ")"));
        }
        return loads.get(new Key(text, EspeakVoices.espeakVoice(voice)), this::synthesize);
    }

    private short[] synthesize(Key key) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command, "-v", key.voice(), "-b", "1", "--stdout"))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IOException("espeak-ng is not installed or not runnable (" + command
                    + "); install it with: apt-get install espeak-ng", e);
        }
        ScheduledFuture<?> kill = watchdog.schedule(process::destroyForcibly, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(key.text().getBytes(StandardCharsets.UTF_8));
            }
            byte[] wav;
            try (InputStream stdout = process.getInputStream()) {
                wav = readCapped(stdout);
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException("espeak-ng failed (exit " + exit + ") for voice " + key.voice());
            }
            WavReader.Pcm pcm = WavReader.read(wav);
            if (pcm.channels() != 1) {
                throw new IOException("espeak-ng produced " + pcm.channels() + " channels");
            }
            return Resampler.convert(pcm.samples(), pcm.sampleRate(), AudioFrame.SAMPLE_RATE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while speaking", e);
        } finally {
            if (!kill.cancel(false)) {
                LOG.warn("espeak-ng ran past {} and was killed", timeout);
            }
            process.destroyForcibly();
        }
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > MAX_OUTPUT_BYTES) {
                throw new IOException("espeak-ng output exceeds " + MAX_OUTPUT_BYTES + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
