package dev.dialtone.routing.internal;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import dev.dialtone.routing.Explanation.Verdict;
import dev.dialtone.routing.Rule;
import dev.dialtone.routing.RoutingConfig;
import dev.dialtone.routing.RoutingException;

/** One rule with its patterns compiled by RE2J (linear-time matching). */
public final class CompiledRule {
    private final Rule rule;
    private final Pattern pattern;
    private final Pattern exclude;

    private CompiledRule(Rule rule, Pattern pattern, Pattern exclude) {
        this.rule = rule;
        this.pattern = pattern;
        this.exclude = exclude;
    }

    public static CompiledRule compile(Rule rule, RoutingConfig config) throws RoutingException {
        Pattern pattern = checkPattern("pattern", rule.id(), rule.pattern(), config);
        Pattern exclude = rule.hasExclude() ? checkPattern("exclude_pattern", rule.id(), rule.excludePattern(), config) : null;
        return new CompiledRule(rule, pattern, exclude);
    }

    public static Pattern checkPattern(String field, long ruleId, String pattern, RoutingConfig config)
            throws RoutingException {
        if (pattern.isEmpty()) {
            throw new RoutingException(field, ruleId, field + " must not be empty");
        }
        if (pattern.length() > config.maxPatternLength()) {
            throw new RoutingException(field, ruleId, field + " is " + pattern.length()
                    + " characters long; the limit is " + config.maxPatternLength());
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new RoutingException(field, ruleId, field + " is not a valid regular expression: "
                    + e.getDescription() + " near '" + e.getPattern() + "'");
        }
    }

    public Rule rule() {
        return rule;
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
