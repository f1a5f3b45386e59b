package dev.dialtone.scenario.internal.worker;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;

import dev.dialtone.scenario.internal.wire.Frame;

/**
 * Frames from the worker to the node, written by one thread so that a callback stuck in the sandbox
 * can never hold the output stream: other sessions' frames and the heartbeat keep flowing.
 */
final class Outbox implements FrameSink {
    /** Frames queued together are written together: the node reads them with one read. */
    private final LinkedBlockingQueue<Frame[]> queue = new LinkedBlockingQueue<>();
    private final DataOutputStream out;

    Outbox(OutputStream stream) {
        this.out = new DataOutputStream(new BufferedOutputStream(stream, 64 * 1024));
    }

    @Override
    public void send(Frame frame) {
        queue.add(new Frame[] {frame});
    }

    @Override
    public void send(Frame first, Frame second) {
        queue.add(new Frame[] {first, second});
    }

    void start() {
        Thread t = new Thread(this::drain, WorkerMain.CONTROL_PREFIX + "outbox");
        t.setDaemon(true);
        t.start();
    }

    private void drain() {
        try {
            while (true) {
                for (Frame f : queue.take()) {
                    f.write(out);
                }
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            // The node is gone or closed our stdout: nothing left to do in this process.
            Runtime.getRuntime().halt(0);
        }
    }
}
