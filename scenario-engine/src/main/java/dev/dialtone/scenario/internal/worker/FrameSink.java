package dev.dialtone.scenario.internal.worker;

import dev.dialtone.scenario.internal.wire.Frame;

/** Where a worker's frames to the node go; never blocks the caller. */
@FunctionalInterface
interface FrameSink {
    void send(Frame frame);

    /** Sends both, in this order; a sink that writes may write them together. */
    default void send(Frame first, Frame second) {
        send(first);
        send(second);
    }
}
