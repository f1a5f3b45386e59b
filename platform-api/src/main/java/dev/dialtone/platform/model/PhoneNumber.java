package dev.dialtone.platform.model;

import java.time.Instant;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;

/** A number calls arrive on, bound to one application whose rules route them. */
public record PhoneNumber(long id, AccountId accountId, String number, ApplicationId applicationId, Instant createdAt) {
}
