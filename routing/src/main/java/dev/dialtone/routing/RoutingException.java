package dev.dialtone.routing;

import java.util.Objects;

/**
 * A pattern that routing refuses. The message says what to fix and is safe to show to API users.
 */
public final class RoutingException extends Exception {
    private final String field;
    private final long ruleId;

    /**
     * @param field  {@code pattern} or {@code exclude_pattern}
     * @param ruleId the rule concerned, or 0 when a lone pattern was checked
     */
    public RoutingException(String field, long ruleId, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.field = Objects.requireNonNull(field, "field");
        this.ruleId = ruleId;
    }

    public String field() {
        return field;
    }

    public long ruleId() {
        return ruleId;
    }
}
