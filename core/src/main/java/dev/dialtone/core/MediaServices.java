package dev.dialtone.core;

import java.net.URI;

/**
 * What a scenario session may ask of the media engine. The media-mixer module implements it for
 * real audio; the scenario test kit has an in-memory implementation that records what was asked.
 * No method blocks: rendering, fetching and decoding happen in the background.
 */
public interface MediaServices {
    /** A new N-1 mixer. {@code name} is for logs; it need not be unique. */
    Conference createConference(String name);

    /** Speaks {@code text} with {@code voice}. */
    Player say(String text, Voice voice, PlaybackListener listener);

    /** Plays a WAV or MP3 file from an http(s) URL, once or in a loop. */
    Player play(URI url, boolean loop, PlaybackListener listener);

    /** Records what is sent to the returned unit; {@code owner} scopes who may fetch the file. */
    Recorder record(AccountId owner, RecorderListener listener);

    /** Two back-to-back units for an internal call between two sessions. */
    MediaLink link();

    /**
     * Frees a unit this service created once the session no longer needs it (both ends of a link
     * when the internal call ends, a player or conference at session end). Idempotent; the default
     * does nothing, for in-memory implementations.
     */
    default void release(MediaUnit unit) {
    }
}
