package dev.dialtone.core;

/** A sink that writes everything it hears to a WAV file in the node's data directory. */
public interface Recorder extends MediaUnit {
    /** The recording's id, which the Platform API uses to serve the file to its owner. */
    String recordingId();

    /** Stops and closes the file; the listener gets {@code stopped}. */
    void stop();
}
