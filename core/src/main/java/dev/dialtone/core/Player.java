package dev.dialtone.core;

/**
 * A source of prompt audio: text to speech or a file fetched by URL. It starts as soon as its
 * audio is ready and reports through its {@link PlaybackListener}.
 */
public interface Player extends MediaUnit {
    /** Stops at the next tick; the listener gets {@code finished} with no error if it had not yet. */
    void stop();
}
