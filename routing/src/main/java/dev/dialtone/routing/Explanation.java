package dev.dialtone.routing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "which rule does this dialed string reach, and why not the earlier ones": one step
 * per rule in order, up to and including the matching rule; later rules are not considered.
 */
public record Explanation(String dialed, Optional<Rule> matched, List<Step> steps) {
    public Explanation {
        Objects.requireNonNull(dialed, "dialed");
        Objects.requireNonNull(matched, "matched");
        steps = List.copyOf(steps);
    }

    public enum Verdict {
        /** Pattern matches the whole string and the exclude pattern does not. */
        MATCHED,
        /** Pattern does not match the whole string. */
        PATTERN_DOES_NOT_MATCH,
        /** Pattern matches but the exclude pattern matches too. */
        EXCLUDED
    }

    /** @param why a sentence for humans, e.g. {@code "pattern 'conf_[0-9]+' does not match the whole string"} */
    public record Step(Rule rule, Verdict verdict, String why) {
        public Step {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(why, "why");
        }
    }
}
