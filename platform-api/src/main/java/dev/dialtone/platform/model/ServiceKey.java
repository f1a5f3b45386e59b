package dev.dialtone.platform.model;

import java.time.Instant;

import dev.dialtone.core.AccountId;

/**
 * A service-account key of an account. Its private key is handed out once at creation and never
 * stored; the public key stays in the database and is not part of this record.
 *
 * @param keyId the {@code kid} of the JWTs signed with it (a random UUID)
 */
public record ServiceKey(String keyId, AccountId accountId, String name, String description, KeyRole role, Instant createdAt) {
}
