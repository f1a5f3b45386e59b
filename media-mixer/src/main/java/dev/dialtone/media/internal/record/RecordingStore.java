package dev.dialtone.media.internal.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.AudioFrame;
import dev.dialtone.core.RecorderListener;
import dev.dialtone.media.internal.graph.RecorderUnit;

/**
 * Recordings on disk: {@code <data-dir>/recordings/<account>/<id>.wav}, 8 kHz 16-bit mono PCM. Ids
 * are 128 random bits in hex, so they cannot be guessed; a file is written as {@code .part} and
 * renamed when complete, so only finished recordings can be fetched, and only under the owner's
 * account.
 */
public final class RecordingStore {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingStore.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final long FLUSH_MILLIS = 250;

    private final Path root;
    private final ScheduledExecutorService io;
    private final SecureRandom random = new SecureRandom();

    public RecordingStore(Path dataDir, ScheduledExecutorService io) {
        this.root = dataDir.resolve("recordings");
        this.io = io;
    }

    public String newId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The finished recording {@code id} of {@code owner}, if there is one. */
    public Optional<Path> find(AccountId owner, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path file = root.resolve(owner.toString()).resolve(id + ".wav");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Opens the file on an I/O thread and connects it to the recorder; the listener hears the outcome. */
    public void open(AccountId owner, RecorderUnit recorder, RecorderListener listener) {
        String id = recorder.recordingId();
        io.execute(() -> {
            Path dir = root.resolve(owner.toString());
            Path part = dir.resolve(id + ".wav.part");
            Path done = dir.resolve(id + ".wav");
            try {
                Files.createDirectories(dir);
                FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                WavFile.writeHeader(ch, AudioFrame.SAMPLE_RATE, 0);
                Writer w = new Writer(id, ch, part, done, listener);
                safely(() -> listener.started(id));
                recorder.sink(w);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot create recording {} in {}", id, dir, e);
                recorder.stop();
                safely(() -> listener.stopped(id, Duration.ZERO, Optional.of("cannot create the recording file: "
                        + e.getMessage())));
            }
        });
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("recorder listener failed", e);
        }
    }

    private final class Writer implements RecorderUnit.Sink {
        private final String id;
        private final FileChannel channel;
        private final Path part;
        private final Path done;
        private final RecorderListener listener;
        private final ByteBuffer buffer = ByteBuffer.allocate(AudioFrame.SAMPLES * 2 * 64).order(ByteOrder.LITTLE_ENDIAN);
        private ConcurrentLinkedQueue<short[]> queue;
        private ScheduledFuture<?> flusher;
        private long dataBytes;
        private String error;
        private boolean finished;

        Writer(String id, FileChannel channel, Path part, Path done, RecorderListener listener) {
            this.id = id;
            this.channel = channel;
            this.part = part;
            this.done = done;
            this.listener = listener;
        }

        @Override
        public synchronized void frames(ConcurrentLinkedQueue<short[]> q) {
            queue = q;
            flusher = io.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        }

        private synchronized void flush() {
            if (queue == null || error != null || finished) {
                return;
            }
            short[] f;
            try {
                while ((f = queue.poll()) != null) {
                    if (buffer.remaining() < f.length * 2) {
                        drain();
                    }
                    for (short s : f) {
                        buffer.putShort(s);
                    }
                }
                drain();
            } catch (IOException e) {
                error = "writing the recording failed: " + e.getMessage();
                LOG.warn("recording {} write failed", id, e);
            }
        }

        private void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                dataBytes += channel.write(buffer, WavFile.HEADER_BYTES + dataBytes);
            }
            buffer.clear();
        }

        @Override
        public void stop() {
            io.execute(this::complete);
        }

        private void complete() {
            synchronized (this) {
                if (finished) {
                    return;
                }
                flush();
                finished = true;
                if (flusher != null) {
                    flusher.cancel(false);
                }
                try {
                    WavFile.writeHeader(channel, AudioFrame.SAMPLE_RATE, dataBytes);
                    channel.force(true);
                    channel.close();
                    if (error == null) {
                        Files.move(part, done, StandardCopyOption.ATOMIC_MOVE);
                    }
                } catch (IOException e) {
                    error = error != null ? error : "completing the recording failed: " + e.getMessage();
                    LOG.warn("recording {} could not be completed", id, e);
                }
            }
            Duration length = Duration.ofMillis(dataBytes / 2 * 1000 / AudioFrame.SAMPLE_RATE);
            safely(() -> listener.stopped(id, length, Optional.ofNullable(error)));
        }
    }
}
