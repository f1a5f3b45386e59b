package dev.dialtone.routing;

import java.util.Objects;

/**
 * A routing rule as routing sees it. Which scenarios a rule starts is the caller's business; routing
 * only decides which rule a dialed string reaches.
 *
 * @param excludePattern empty when the rule has none
 */
public record Rule(long id, String name, String pattern, String excludePattern) {
    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
        excludePattern = excludePattern == null ? "" : excludePattern;
    }

    public boolean hasExclude() {
        return !excludePattern.isEmpty();
    }
}
