package dev.dialtone.core;

/** The id of an application: a set of scenarios and ordered routing rules inside an account. */
public record ApplicationId(long value) {
    public ApplicationId {
        if (value <= 0) {
            throw new IllegalArgumentException("application id must be positive: " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
