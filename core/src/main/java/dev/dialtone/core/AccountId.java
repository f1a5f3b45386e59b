package dev.dialtone.core;

/** The id of an account: the tenant that owns applications, users, numbers and trunks. */
public record AccountId(long value) {
    public AccountId {
        if (value <= 0) {
            throw new IllegalArgumentException("account id must be positive: " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
