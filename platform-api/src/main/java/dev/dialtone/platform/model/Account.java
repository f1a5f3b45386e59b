package dev.dialtone.platform.model;

import java.time.Instant;

import dev.dialtone.core.AccountId;

/** A tenant. Its API key is stored only as a hash and never part of this record. */
public record Account(AccountId id, String name, boolean admin, Instant createdAt) {
}
