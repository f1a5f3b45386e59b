package dev.dialtone.platform.model;

import java.time.Instant;

import dev.dialtone.core.ApplicationId;

/** A scenario: a name and immutable numbered versions of its source, one of them active. */
public record Scenario(long id, ApplicationId applicationId, String name, int activeVersion, int latestVersion,
                       Instant createdAt, Instant modifiedAt) {
}
