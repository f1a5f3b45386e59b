package dev.dialtone.media.internal.graph;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AudioFrame;
import dev.dialtone.core.PlaybackListener;
import dev.dialtone.core.Player;

/**
 * Plays prepared 8 kHz audio (a rendered prompt or a decoded file). Audio arrives from another thread
 * ({@link #ready}/{@link #fail}); playback starts at the first tick after that when someone listens
 * (or after {@value #GRACE_TICKS} ticks anyway, so an unconnected player still finishes).
 * {@code started} fires just before the first frame goes out, {@code finished} exactly once: after
 * the last frame, on stop, or on failure. A finished player leaves the graph by itself.
 */
public final class PlayerUnit extends Unit implements Player {
    private static final Logger LOG = LoggerFactory.getLogger(PlayerUnit.class);
    private static final int GRACE_TICKS = 25;

    private final PlaybackListener listener;
    private final boolean loop;
    private volatile short[] audio;
    private volatile String error;
    private volatile boolean stopRequested;
    private volatile int listeners;

    private boolean started;
    private boolean finished;
    private boolean ended;
    private int position;
    private int waitedTicks;

    PlayerUnit(MediaGraph graph, String id, boolean loop, PlaybackListener listener) {
        super(graph, id);
        this.loop = loop;
        this.listener = listener;
    }

    /** The audio to play, whole, at 8 kHz. */
    public void ready(short[] pcm) {
        audio = pcm;
    }

    /** Playback cannot happen: {@code reason} goes to {@code finished}. */
    public void fail(String reason) {
        error = reason;
    }

    void listenersChanged(int count) {
        listeners = count;
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    @Override
    boolean producesAudio() {
        return true;
    }

    @Override
    boolean consumesAudio() {
        return false;
    }

    @Override
    void produce(long tick, long nowNanos) {
        if (finished) {
            publish(tick, false);
            return;
        }
        if (stopRequested) {
            finish(Optional.empty());
        } else if (error != null) {
            finish(Optional.of(error));
        } else if (ended) {
            finish(Optional.empty());
        }
        short[] pcm = audio;
        if (finished || pcm == null) {
            publish(tick, false);
            return;
        }
        if (!started) {
            if (listeners == 0 && waitedTicks++ < GRACE_TICKS) {
                publish(tick, false);
                return;
            }
            started = true;
            notifyStarted();
            if (pcm.length == 0) {
                finish(Optional.empty());
                publish(tick, false);
                return;
            }
        }
        int n = Math.min(AudioFrame.SAMPLES, pcm.length - position);
        System.arraycopy(pcm, position, out, 0, n);
        int filled = n;
        position += n;
        if (position >= pcm.length) {
            if (loop) {
                position = 0;
                while (filled < AudioFrame.SAMPLES) {
                    int m = Math.min(AudioFrame.SAMPLES - filled, pcm.length);
                    System.arraycopy(pcm, 0, out, filled, m);
                    filled += m;
                    position = m % pcm.length;
                }
            } else {
                ended = true;
            }
        }
        if (filled < AudioFrame.SAMPLES) {
            java.util.Arrays.fill(out, filled, AudioFrame.SAMPLES, (short) 0);
        }
        publish(tick, true);
    }

    @Override
    void released() {
        // Closed from outside (engine shutdown, release) before it ended.
        finish(Optional.empty());
    }

    private void notifyStarted() {
        try {
            listener.started();
        } catch (RuntimeException e) {
            LOG.warn("playback listener failed in started()", e);
        }
    }

    private void finish(Optional<String> reason) {
        if (finished) {
            return;
        }
        finished = true;
        try {
            listener.finished(reason);
        } catch (RuntimeException e) {
            LOG.warn("playback listener failed in finished()", e);
        }
        if (!closed) {
            graph.remove(this);
        }
    }
}
