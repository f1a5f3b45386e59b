package dev.dialtone.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.dialtone.routing.Explanation.Verdict;
import dev.dialtone.routing.Rule;
import dev.dialtone.routing.RoutingConfig;
import dev.dialtone.routing.RoutingException;

class RuleMatcherTest {
    private static final String[] PATTERNS = {"\\+1555\\d{7}", "\\+44\\d{10}", "(\\+|00)49\\d{6,12}", "8800\\d{6}",
        "conf_[A-Za-z0-9]+", "(?i)support", "user_[a-z0-9._-]{1,32}", "[a-z][a-z0-9]{2,15}", "\\d{3,5}", "sip:.*"};

    private static List<CompiledRule> rules() throws RoutingException {
        List<CompiledRule> rules = new ArrayList<>();
        for (int i = 0; i < PATTERNS.length; i++) {
            String exclude = i == 4 ? "conf_test.*" : i == 8 ? "911|112" : "";
            rules.add(CompiledRule.compile(new Rule(i, "r" + i, PATTERNS[i], exclude), RoutingConfig.DEFAULT));
        }
        rules.add(CompiledRule.compile(new Rule(99, "any", ".*", "\\d{16,}"), RoutingConfig.DEFAULT));
        return rules;
    }

    private static int expected(List<CompiledRule> rules, String s) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).verdict(s) == Verdict.MATCHED) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> dialed(Random random, int count) {
        String[] prefixes = {"+1555", "+44", "0049", "+49", "8800", "conf_", "conf_test", "user_", "support", "SUPPORT",
            "sip:", "911", "112", "", "al", "12345678901234567"};
        String chars = "0123456789abcxyzAZ_.-:@+\n";
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int len = random.nextInt(14);
            for (int j = 0; j < len; j++) {
                sb.append(chars.charAt(random.nextInt(chars.length())));
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void aFullCacheStartsOverAndMatchingStaysCorrect() throws RoutingException {
        List<CompiledRule> rules = rules();
        RuleMatcher matcher = new RuleMatcher(new RuleProduct(rules), 16);
        for (String s : dialed(new Random(5), 3000)) {
            assertThat(matcher.match(s)).as(s).isEqualTo(expected(rules, s));
        }
        assertThat(matcher.flushes()).isPositive();
        assertThat(matcher.cachedStates()).isLessThanOrEqualTo(16);
    }

    @Test
    void concurrentMatchesAgreeWithTheRuleByRuleAnswer() throws Exception {
        List<CompiledRule> rules = rules();
        // A small cache so that threads race on building and flushing states too.
        RuleMatcher matcher = new RuleMatcher(new RuleProduct(rules), 32);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<String> inputs = dialed(new Random(100 + t), 4000);
                results.add(pool.submit(() -> {
                    int mismatches = 0;
                    for (String s : inputs) {
                        if (matcher.match(s) != expected(rules, s)) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(matcher.flushes()).isPositive();
    }

    @Test
    void decidedStatesStopEarlyWithTheRightAnswer() throws RoutingException {
        List<CompiledRule> rules = new ArrayList<>();
        rules.add(CompiledRule.compile(new Rule(1, "a", "a.*", ""), RoutingConfig.DEFAULT));
        rules.add(CompiledRule.compile(new Rule(2, "b", "b.*", "b.*x"), RoutingConfig.DEFAULT));
        RuleMatcher matcher = new RuleMatcher(new RuleProduct(rules), 100);
        assertThat(matcher.match("a" + "z".repeat(50))).isZero();
        assertThat(matcher.match("b" + "z".repeat(50))).isEqualTo(1);
        assertThat(matcher.match("b" + "z".repeat(50) + "x")).isEqualTo(-1);
        assertThat(matcher.match("c")).isEqualTo(-1);
        assertThat(matcher.match("")).isEqualTo(-1);
    }
}
