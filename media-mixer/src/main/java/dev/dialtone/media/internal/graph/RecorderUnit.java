package dev.dialtone.media.internal.graph;

import java.util.concurrent.ConcurrentLinkedQueue;

import dev.dialtone.core.AudioFrame;
import dev.dialtone.core.Recorder;

/**
 * Records what it hears: every tick from the first one it is attached, one frame (silence when no
 * source is audible), handed to a writer on an I/O thread through a queue. The tick only copies 320
 * bytes; the file is written elsewhere.
 */
public final class RecorderUnit extends Unit implements Recorder {
    /** The I/O side: drains frames to the file and completes it on stop. */
    public interface Sink {
        void frames(ConcurrentLinkedQueue<short[]> queue);

        void stop();
    }

    private static final short[] SILENCE = new short[AudioFrame.SAMPLES];

    private final String recordingId;
    private final ConcurrentLinkedQueue<short[]> queue = new ConcurrentLinkedQueue<>();
    private volatile Sink sink;
    private volatile boolean stopRequested;
    private boolean sinkStopped;

    RecorderUnit(MediaGraph graph, String id, String recordingId) {
        super(graph, id);
        this.recordingId = recordingId;
    }

    /** Connects the file writer once the file is open; if the recorder already stopped, stops it too. */
    public synchronized void sink(Sink s) {
        sink = s;
        s.frames(queue);
        if (sinkStopped) {
            s.stop();
        }
    }

    @Override
    public String recordingId() {
        return recordingId;
    }

    @Override
    public void stop() {
        if (!stopRequested) {
            stopRequested = true;
            graph.remove(this);
        }
    }

    @Override
    boolean producesAudio() {
        return false;
    }

    @Override
    boolean consumesAudio() {
        return true;
    }

    @Override
    void consume(long tick, long nowNanos) {
        if (stopRequested) {
            return;
        }
        short[] f = gather(tick);
        queue.add(f == null ? SILENCE : f.clone());
    }

    @Override
    synchronized void released() {
        sinkStopped = true;
        if (sink != null) {
            sink.stop();
        }
    }
}
