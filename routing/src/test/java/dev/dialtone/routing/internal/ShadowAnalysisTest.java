package dev.dialtone.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.dialtone.routing.Explanation.Verdict;
import dev.dialtone.routing.Rule;
import dev.dialtone.routing.RoutingConfig;
import dev.dialtone.routing.RoutingException;

/**
 * Checks the analysis against brute force on random tables: every rule said to be reachable is
 * reached by its witness string, and no string (all strings up to length 5 over the alphabet the
 * patterns use) reaches a rule said to be shadowed, and each such string is taken by one of the
 * rules in its cover.
 */
class ShadowAnalysisTest {
    private static final String[] ATOMS = {"a", "b", "0", "1", "[ab]", "[01]", "[a0]", ".", "\\d", "\\w", "[^a]"};
    private static final char[] ALPHABET = {'a', 'b', '0', '1', '-'};

    @Test
    void outcomesAgreeWithBruteForceOnRandomTables() throws RoutingException {
        Random random = new Random(99);
        List<String> strings = allStrings(5);
        int shadowedSeen = 0;
        int reachableSeen = 0;
        for (int t = 0; t < 60; t++) {
            List<CompiledRule> rules = new ArrayList<>();
            int n = 2 + random.nextInt(5);
            for (int r = 0; r < n; r++) {
                String exclude = random.nextInt(3) == 0 ? pattern(random, 2) : "";
                rules.add(CompiledRule.compile(new Rule(r, "r" + r, pattern(random, 3), exclude), RoutingConfig.DEFAULT));
            }
            RuleProduct product = new RuleProduct(rules);
            RuleMatcher matcher = new RuleMatcher(product, 1000);
            List<ShadowAnalysis.Outcome> outcomes = ShadowAnalysis.analyse(product, RoutingConfig.DEFAULT_MAX_ANALYSIS_WORK,
                    RoutingConfig.DEFAULT_MAX_TABLE_ANALYSIS_WORK);
            for (int k = 0; k < n; k++) {
                String where = "table " + rules.stream().map(c -> c.rule().pattern() + "/" + c.rule().excludePattern()).toList()
                        + " rule " + k;
                switch (outcomes.get(k)) {
                    case ShadowAnalysis.Reachable r -> {
                        reachableSeen++;
                        assertThat(firstTaker(rules, r.witness())).as(where + " witness " + r.witness()).isEqualTo(k);
                        assertThat(matcher.match(r.witness())).as(where).isEqualTo(k);
                    }
                    case ShadowAnalysis.Shadowed s -> {
                        shadowedSeen++;
                        for (String str : strings) {
                            if (rules.get(k).verdict(str) == Verdict.MATCHED) {
                                assertThat(firstTaker(rules, str)).as(where + " on " + str).isNotEqualTo(k);
                                assertThat(Arrays.stream(s.coveredBy()).anyMatch(j -> rules.get(j).verdict(str) == Verdict.MATCHED))
                                        .as(where + " cover " + Arrays.toString(s.coveredBy()) + " on " + str).isTrue();
                            }
                        }
                    }
                    case ShadowAnalysis.Unanalysed u -> throw new AssertionError(where + ": " + u.reason());
                }
            }
        }
        assertThat(shadowedSeen).isGreaterThan(10);
        assertThat(reachableSeen).isGreaterThan(50);
    }

    private static int firstTaker(List<CompiledRule> rules, String s) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).verdict(s) == Verdict.MATCHED) {
                return i;
            }
        }
        return -1;
    }

    private static String pattern(Random random, int depth) {
        int kind = depth == 0 ? 0 : random.nextInt(7);
        return switch (kind) {
            case 0, 1 -> ATOMS[random.nextInt(ATOMS.length)];
            case 2, 3 -> pattern(random, depth - 1) + pattern(random, depth - 1);
            case 4 -> "(?:" + pattern(random, depth - 1) + "|" + pattern(random, depth - 1) + ")";
            case 5 -> "(?:" + pattern(random, depth - 1) + ")" + new String[] {"*", "+", "?", "{1,2}"}[random.nextInt(4)];
            default -> ".*";
        };
    }

    private static List<String> allStrings(int maxLength) {
        List<String> out = new ArrayList<>();
        out.add("");
        int from = 0;
        for (int len = 1; len <= maxLength; len++) {
            int to = out.size();
            for (int i = from; i < to; i++) {
                for (char c : ALPHABET) {
                    out.add(out.get(i) + c);
                }
            }
            from = to;
        }
        return out;
    }
}
