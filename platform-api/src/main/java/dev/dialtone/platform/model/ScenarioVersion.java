package dev.dialtone.platform.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One uploaded version of a scenario's source. Never changes once stored.
 *
 * @param createdBy who uploaded it, as shown to people (account name and how it signed in); empty for
 *                  versions stored before this was recorded
 */
public record ScenarioVersion(long scenarioId, int version, String source, Instant createdAt, Optional<String> createdBy) {
    public ScenarioVersion {
        Objects.requireNonNull(createdBy, "createdBy");
    }
}
