package dev.dialtone.routing;

import java.util.Objects;

/**
 * A rule the shadowing analysis gave up on because it would need more work than
 * {@link RoutingConfig#maxAnalysisWork()} allows. Such a rule is not reported as shadowed, whether
 * it is or not: the analysis does not guess.
 *
 * @param reason for humans, e.g. which limit was hit
 */
public record Unanalysed(Rule rule, String reason) {
    public Unanalysed {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }
}
