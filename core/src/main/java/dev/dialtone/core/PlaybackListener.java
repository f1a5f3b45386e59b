package dev.dialtone.core;

import java.util.Optional;

/** Progress of a {@link Player}; called on a media thread, so implementations must not block. */
public interface PlaybackListener {
    /** The first frame of audio is about to be sent. */
    void started();

    /**
     * Playback ended: all audio was sent, it was stopped, or it failed ({@code error} says why, e.g.
     * an unreachable URL or an undecodable file). Called exactly once.
     */
    void finished(Optional<String> error);

    PlaybackListener NONE = new PlaybackListener() {
        @Override
        public void started() {
        }

        @Override
        public void finished(Optional<String> error) {
        }
    };
}
