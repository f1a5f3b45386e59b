package dev.dialtone.core;

import java.util.Objects;

/**
 * Two units joined back to back, like the two ends of an internal call: audio sent to {@link #a()}
 * comes out of {@link #b()} and audio sent to {@code b} comes out of {@code a}.
 */
public record MediaLink(MediaUnit a, MediaUnit b) {
    public MediaLink {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
    }
}
