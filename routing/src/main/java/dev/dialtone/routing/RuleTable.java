package dev.dialtone.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.routing.internal.CompiledRule;

/**
 * An application's rules in order, compiled for matching. Immutable and safe to share between
 * threads; recompile when the rules change.
 *
 * <p>A dialed string reaches the first rule whose pattern matches the <em>whole</em> string and
 * whose exclude pattern (if any) does not match the whole string. Patterns use RE2 syntax and match
 * in time linear in the input, whatever the pattern.
 */
public final class RuleTable {
    private final List<Rule> rules;
    private final List<CompiledRule> compiled;
    private final RoutingConfig config;

    private RuleTable(List<Rule> rules, List<CompiledRule> compiled, RoutingConfig config) {
        this.rules = rules;
        this.compiled = compiled;
        this.config = config;
    }

    public static RuleTable compile(List<Rule> rulesInOrder) throws RoutingException {
        return compile(rulesInOrder, RoutingConfig.DEFAULT);
    }

    public static RuleTable compile(List<Rule> rulesInOrder, RoutingConfig config) throws RoutingException {
        Objects.requireNonNull(config, "config");
        List<Rule> rules = List.copyOf(rulesInOrder);
        List<CompiledRule> compiled = new ArrayList<>(rules.size());
        for (Rule rule : rules) {
            compiled.add(CompiledRule.compile(rule, config));
        }
        return new RuleTable(rules, List.copyOf(compiled), config);
    }

    /** Checks one pattern the way {@link #compile} would, for validating API input. */
    public static void checkPattern(String field, String pattern, RoutingConfig config) throws RoutingException {
        CompiledRule.checkPattern(field, 0, pattern, config);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The rule {@code dialed} reaches, if any. */
    public Optional<Rule> match(String dialed) {
        Objects.requireNonNull(dialed, "dialed");
        if (dialed.length() > config.maxDialedLength()) {
            return Optional.empty();
        }
        for (CompiledRule rule : compiled) {
            if (rule.verdict(dialed) == Explanation.Verdict.MATCHED) {
                return Optional.of(rule.rule());
            }
        }
        return Optional.empty();
    }

    /** Which rule {@code dialed} reaches and why each earlier rule did not take it. */
    public Explanation explain(String dialed) {
        Objects.requireNonNull(dialed, "dialed");
        List<Explanation.Step> steps = new ArrayList<>();
        if (dialed.length() > config.maxDialedLength()) {
            return new Explanation(dialed, Optional.empty(), steps);
        }
        for (CompiledRule rule : compiled) {
            Explanation.Verdict verdict = rule.verdict(dialed);
            steps.add(new Explanation.Step(rule.rule(), verdict, rule.why(verdict)));
            if (verdict == Explanation.Verdict.MATCHED) {
                return new Explanation(dialed, Optional.of(rule.rule()), steps);
            }
        }
        return new Explanation(dialed, Optional.empty(), steps);
    }

    /**
     * Rules that can never be reached because earlier rules take every string they match.
     * (This first implementation reports none; exact detection comes with the automaton engine.)
     */
    public List<Shadowed> shadowed() {
        return List.of();
    }

    public Optional<Shadowed> shadowing(long ruleId) {
        return shadowed().stream().filter(s -> s.rule().id() == ruleId).findFirst();
    }
}
