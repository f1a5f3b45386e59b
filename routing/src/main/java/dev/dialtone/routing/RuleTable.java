package dev.dialtone.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.dialtone.routing.internal.CompiledRule;
import dev.dialtone.routing.internal.PatternCompiler;
import dev.dialtone.routing.internal.RuleMatcher;
import dev.dialtone.routing.internal.RuleProduct;
import dev.dialtone.routing.internal.ShadowAnalysis;

/**
 * An application's rules in order, compiled for matching. Immutable and safe to share between
 * threads; recompile when the rules change.
 *
 * <p>A dialed string reaches the first rule whose pattern matches the <em>whole</em> string and
 * whose exclude pattern (if any) does not match the whole string. Patterns use RE2 syntax (see the
 * module README for what is refused) and are compiled to automata, so matching takes time linear in
 * the dialed string whatever the patterns, and all rules are matched in one pass.
 *
 * <p>{@link #shadowed()} is computed on first use and kept; it is exact (regular-language
 * inclusion), within {@link RoutingConfig#maxAnalysisWork()} per rule and
 * {@link RoutingConfig#maxTableAnalysisWork()} per table; rules beyond those are listed by
 * {@link #unanalysed()}, never guessed.
 */
public final class RuleTable {
    private final List<Rule> rules;
    private final List<CompiledRule> compiled;
    private final RoutingConfig config;
    private final RuleProduct product;
    private final RuleMatcher matcher;
    private final Object analysisLock = new Object();
    private volatile Analysis analysis;

    private record Analysis(List<Shadowed> shadowed, List<Unanalysed> unanalysed) {
    }

    private RuleTable(List<Rule> rules, List<CompiledRule> compiled, RoutingConfig config) {
        this.rules = rules;
        this.compiled = compiled;
        this.config = config;
        this.product = new RuleProduct(compiled);
        this.matcher = new RuleMatcher(product, config.maxMatchCacheStates());
    }

    public static RuleTable compile(List<Rule> rulesInOrder) throws RoutingException {
        return compile(rulesInOrder, RoutingConfig.DEFAULT);
    }

    public static RuleTable compile(List<Rule> rulesInOrder, RoutingConfig config) throws RoutingException {
        return compile(rulesInOrder, config, null);
    }

    /**
     * Like {@link #compile(List, RoutingConfig)}, but patterns that {@code previous} (compiled with
     * an equal config) already holds are not compiled again: rebuilding a table after one rule
     * changed costs one rule, not all of them.
     *
     * @param previous may be null
     */
    public static RuleTable compile(List<Rule> rulesInOrder, RoutingConfig config, RuleTable previous)
            throws RoutingException {
        Objects.requireNonNull(config, "config");
        List<Rule> rules = List.copyOf(rulesInOrder);
        Map<List<String>, CompiledRule> reusable = new HashMap<>();
        if (previous != null && previous.config.equals(config)) {
            for (CompiledRule c : previous.compiled) {
                reusable.putIfAbsent(List.of(c.rule().pattern(), c.rule().excludePattern()), c);
            }
        }
        List<CompiledRule> compiled = new ArrayList<>(rules.size());
        for (Rule rule : rules) {
            CompiledRule same = reusable.get(List.of(rule.pattern(), rule.excludePattern()));
            compiled.add(same != null ? same.withRule(rule) : CompiledRule.compile(rule, config));
        }
        return new RuleTable(rules, List.copyOf(compiled), config);
    }

    /** Checks one pattern the way {@link #compile} would, for validating API input. */
    public static void checkPattern(String field, String pattern, RoutingConfig config) throws RoutingException {
        PatternCompiler.compile(field, 0, pattern, config);
    }

    /** For tests in this package. */
    CompiledRule compiled(int index) {
        return compiled.get(index);
    }

    public List<Rule> rules() {
        return rules;
    }

    public RoutingConfig config() {
        return config;
    }

    /** The rule {@code dialed} reaches, if any. */
    public Optional<Rule> match(String dialed) {
        Objects.requireNonNull(dialed, "dialed");
        if (dialed.length() > config.maxDialedLength()) {
            return Optional.empty();
        }
        int index = matcher.match(dialed);
        return index < 0 ? Optional.empty() : Optional.of(rules.get(index));
    }

    /**
     * Which rule {@code dialed} reaches and why each earlier rule did not take it. A step for a
     * shadowed rule says so in its {@code why}.
     */
    public Explanation explain(String dialed) {
        Objects.requireNonNull(dialed, "dialed");
        List<Explanation.Step> steps = new ArrayList<>();
        if (dialed.length() > config.maxDialedLength()) {
            return new Explanation(dialed, Optional.empty(), steps);
        }
        for (CompiledRule rule : compiled) {
            Explanation.Verdict verdict = rule.verdict(dialed);
            String why = rule.why(verdict) + shadowNote(rule.rule());
            steps.add(new Explanation.Step(rule.rule(), verdict, why));
            if (verdict == Explanation.Verdict.MATCHED) {
                return new Explanation(dialed, Optional.of(rule.rule()), steps);
            }
        }
        return new Explanation(dialed, Optional.empty(), steps);
    }

    private String shadowNote(Rule rule) {
        return shadowing(rule.id())
                .map(s -> s.coveredBy().isEmpty()
                        ? "; this rule is shadowed: its pattern minus its exclude matches nothing"
                        : "; this rule is shadowed: no dialed string can reach it, earlier rules "
                                + s.coveredBy().stream().map(r -> "'" + r.name() + "'").collect(Collectors.joining(", "))
                                + " take all it matches")
                .orElse("");
    }

    /**
     * Rules that can never be reached: every string they match (pattern minus exclude) is taken by
     * earlier rules, or they match nothing at all (then {@code coveredBy} is empty). In rule order.
     */
    public List<Shadowed> shadowed() {
        return analysis().shadowed();
    }

    public Optional<Shadowed> shadowing(long ruleId) {
        return shadowed().stream().filter(s -> s.rule().id() == ruleId).findFirst();
    }

    /**
     * Rules the shadowing analysis could not decide within {@link RoutingConfig#maxAnalysisWork()};
     * they are never listed by {@link #shadowed()}. Usually empty.
     */
    public List<Unanalysed> unanalysed() {
        return analysis().unanalysed();
    }

    private Analysis analysis() {
        Analysis a = analysis;
        if (a == null) {
            synchronized (analysisLock) {
                a = analysis;
                if (a == null) {
                    a = analyse();
                    analysis = a;
                }
            }
        }
        return a;
    }

    private Analysis analyse() {
        List<ShadowAnalysis.Outcome> outcomes = ShadowAnalysis.analyse(product, config.maxAnalysisWork(),
                config.maxTableAnalysisWork());
        List<Shadowed> shadowed = new ArrayList<>();
        List<Unanalysed> unanalysed = new ArrayList<>();
        for (int k = 0; k < outcomes.size(); k++) {
            switch (outcomes.get(k)) {
                case ShadowAnalysis.Shadowed s -> {
                    List<Rule> by = new ArrayList<>();
                    for (int j : s.coveredBy()) {
                        by.add(rules.get(j));
                    }
                    shadowed.add(new Shadowed(rules.get(k), by));
                }
                case ShadowAnalysis.Unanalysed u -> unanalysed.add(new Unanalysed(rules.get(k), u.reason()));
                case ShadowAnalysis.Reachable r -> { }
            }
        }
        return new Analysis(List.copyOf(shadowed), List.copyOf(unanalysed));
    }
}
