package dev.dialtone.platform.model;

import java.time.Instant;

/** One uploaded version of a scenario's source. Never changes once stored. */
public record ScenarioVersion(long scenarioId, int version, String source, Instant createdAt) {
}
