package dev.dialtone.platform.sdk.internal;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;

/** A logged-in web SDK user. {@code fullName} is {@code user@app.account.<domain>} as the page sent it. */
public record SdkIdentity(AccountId account, ApplicationId application, long userId, String user, String displayName,
                          String fullName, boolean receiveCalls) {
}
