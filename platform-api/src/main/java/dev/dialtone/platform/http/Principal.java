package dev.dialtone.platform.http;

import java.util.Objects;

import dev.dialtone.platform.model.Account;

/**
 * An authenticated caller: its account and how it is shown to people where changes are recorded
 * (e.g. {@code "admin (console, password)"} next to a scenario version).
 */
public record Principal(Account account, String actor) {
    public Principal {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(actor, "actor");
    }

    /** A caller that presented its account's API key. */
    public static Principal apiKey(Account account) {
        return new Principal(account, account.name() + " (API key)");
    }
}
