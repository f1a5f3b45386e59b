package dev.dialtone.core;

import java.time.Duration;
import java.util.Optional;

/** Progress of a {@link Recorder}; called on a media or I/O thread, so it must not block. */
public interface RecorderListener {
    void started(String recordingId);

    /** The file is complete ({@code error} empty) or could not be written. Called exactly once. */
    void stopped(String recordingId, Duration length, Optional<String> error);

    RecorderListener NONE = new RecorderListener() {
        @Override
        public void started(String recordingId) {
        }

        @Override
        public void stopped(String recordingId, Duration length, Optional<String> error) {
        }
    };
}
