package dev.dialtone.routing;

import java.util.List;
import java.util.Objects;

/**
 * A rule that can never be reached: every string it would match is taken by earlier rules.
 *
 * @param coveredBy the earlier rules that together take those strings (a minimal set where practical)
 */
public record Shadowed(Rule rule, List<Rule> coveredBy) {
    public Shadowed {
        Objects.requireNonNull(rule, "rule");
        coveredBy = List.copyOf(coveredBy);
    }
}
