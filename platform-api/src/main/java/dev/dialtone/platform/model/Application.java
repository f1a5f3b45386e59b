package dev.dialtone.platform.model;

import java.time.Instant;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;

/**
 * An application: scenarios, ordered rules and users inside an account.
 *
 * @param rulesVersion grows with every change to the application's rules; guards reorders
 */
public record Application(ApplicationId id, AccountId accountId, String name, boolean secureRecordStorage,
                          long rulesVersion, Instant createdAt, Instant modifiedAt) {
}
