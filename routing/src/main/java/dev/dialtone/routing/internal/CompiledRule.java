package dev.dialtone.routing.internal;

import dev.dialtone.routing.Explanation.Verdict;
import dev.dialtone.routing.Rule;
import dev.dialtone.routing.RoutingConfig;
import dev.dialtone.routing.RoutingException;

/** One rule with its pattern and exclude pattern compiled to minimal DFAs. */
public final class CompiledRule {
    private final Rule rule;
    private final Dfa pattern;
    private final Dfa exclude;

    private CompiledRule(Rule rule, Dfa pattern, Dfa exclude) {
        this.rule = rule;
        this.pattern = pattern;
        this.exclude = exclude;
    }

    public static CompiledRule compile(Rule rule, RoutingConfig config) throws RoutingException {
        Dfa pattern = PatternCompiler.compile("pattern", rule.id(), rule.pattern(), config);
        Dfa exclude = rule.hasExclude()
                ? PatternCompiler.compile("exclude_pattern", rule.id(), rule.excludePattern(), config) : null;
        return new CompiledRule(rule, pattern, exclude);
    }

    /** The same patterns (and automata) for another rule, e.g. the same rule after a rename or a move. */
    public CompiledRule withRule(Rule other) {
        if (!other.pattern().equals(rule.pattern()) || !other.excludePattern().equals(rule.excludePattern())) {
            throw new IllegalArgumentException("different patterns");
        }
        return new CompiledRule(other, pattern, exclude);
    }

    /** Whether both share the very same automata (one was made from the other by {@link #withRule}). */
    public boolean sharesAutomataWith(CompiledRule other) {
        return pattern == other.pattern && exclude == other.exclude;
    }

    public Rule rule() {
        return rule;
    }

    Dfa pattern() {
        return pattern;
    }

    /** Null when the rule has no exclude pattern. */
    Dfa exclude() {
        return exclude;
    }

    public Verdict verdict(String dialed) {
        if (!pattern.matches(dialed)) {
            return Verdict.PATTERN_DOES_NOT_MATCH;
        }
        if (exclude != null && exclude.matches(dialed)) {
            return Verdict.EXCLUDED;
        }
        return Verdict.MATCHED;
    }

    public String why(Verdict verdict) {
        return switch (verdict) {
            case MATCHED -> "pattern '" + rule.pattern() + "' matches the whole string"
                    + (exclude == null ? "" : " and exclude pattern '" + rule.excludePattern() + "' does not");
            case PATTERN_DOES_NOT_MATCH -> "pattern '" + rule.pattern() + "' does not match the whole string";
            case EXCLUDED -> "pattern matches, but exclude pattern '" + rule.excludePattern() + "' matches too";
        };
    }
}
