package dev.dialtone.platform.model;

import java.time.Instant;

import dev.dialtone.core.ApplicationId;

/** An application user as the API shows it; the password hash stays in the store. */
public record AppUser(long id, ApplicationId applicationId, String name, String displayName, boolean active,
                      String customData, long version, Instant createdAt, Instant modifiedAt) {
}
