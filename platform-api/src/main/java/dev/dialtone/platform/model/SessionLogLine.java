package dev.dialtone.platform.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored line of a session log, in order ({@code seq} from 0).
 *
 * @param kind {@code LOG}, {@code LIFECYCLE}, {@code SCRIPT_ERROR} or {@code LIMIT} (the scenario engine's kinds)
 */
public record SessionLogLine(int seq, Instant at, String kind, String message) {
    public SessionLogLine {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
