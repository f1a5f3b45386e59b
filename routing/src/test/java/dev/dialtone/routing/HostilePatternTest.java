package dev.dialtone.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Patterns meant to hurt: exponential DFAs, huge repetition counts, classic backtracking killers,
 * and patterns of the maximum length. Each is either refused with a reason that names the limit
 * or compiled and matched correctly. (No timing assertions: the suite's own run time shows that
 * none of this is slow.)
 */
class HostilePatternTest {
    private static final RoutingConfig CONFIG = RoutingConfig.DEFAULT;

    private static RuleTable one(String pattern) throws RoutingException {
        return RuleTable.compile(List.of(new Rule(7, "hostile", pattern, "")));
    }

    @Test
    void exponentialAutomatonIsRefusedNamingTheStateLimit() {
        assertThatThrownBy(() -> one("(a|b)*a(a|b){20}"))
                .isInstanceOf(RoutingException.class)
                .hasMessageContaining("more than " + RoutingConfig.DEFAULT_MAX_PATTERN_STATES + " states")
                .hasMessageContaining("max-pattern-states")
                .satisfies(e -> assertThat(((RoutingException) e).ruleId()).isEqualTo(7))
                .satisfies(e -> assertThat(((RoutingException) e).field()).isEqualTo("pattern"));
        assertThatThrownBy(() -> RuleTable.checkPattern("exclude_pattern", "(.*a.{15})+", CONFIG))
                .hasMessageContaining("states")
                .satisfies(e -> assertThat(((RoutingException) e).field()).isEqualTo("exclude_pattern"));
    }

    @Test
    void anAutomatonJustUnderTheStateLimitCompilesAndMatches() throws RoutingException {
        RuleTable table = one("(a|b)*a(a|b){12}");
        assertThat(table.match("b" + "a" + "b".repeat(12))).isPresent();
        assertThat(table.match("a" + "b".repeat(13))).isEmpty();
    }

    @Test
    void hugeRepetitionCountsAreRefusedBeforeAnythingIsBuilt() {
        assertThatThrownBy(() -> one("((a{100}){100}){100}"))
                .hasMessageContaining("max-pattern-positions");
        assertThatThrownBy(() -> one("(a{1000}){1000}"))
                .hasMessageContaining("max-pattern-positions");
        assertThatThrownBy(() -> one("[0-9]{1000}[a-z]{1000}[A-Z]{1000}x{1000}y{1000}z{1000}"))
                .hasMessageContaining("max-pattern-positions");
        assertThatThrownBy(() -> one("a{1001}"))
                .hasMessageContaining("not a valid regular expression");
    }

    @Test
    void backtrackingKillersAreHarmless() throws RoutingException {
        String as = "a".repeat(CONFIG.maxDialedLength());
        for (String p : List.of("(a*)*b", "(a+)+b", "(a|aa)+b", "(a|a?)+b", "(.*a){20}b", "(x+x+)+y", "(a|b|ab)*c")) {
            RuleTable table = one(p);
            assertThat(table.match(as)).as(p).isEmpty();
            String withB = as.substring(1) + "b";
            assertThat(table.match(withB).isPresent()).as(p).isEqualTo(Pattern.matches(p, withB));
        }
        assertThat(one("(a*)*b").match("a".repeat(100) + "b")).isPresent();
    }

    @Test
    void unicodeClassesAreRefusedWithAHint() {
        for (String p : List.of("\\pL+", "\\p{Greek}", "[\\pN_]", "\\PL", "a|\\p{Lu}")) {
            assertThatThrownBy(() -> one(p)).as(p)
                    .hasMessageContaining("Unicode character classes")
                    .hasMessageContaining("at character");
        }
    }

    @Test
    void whatRe2jRefusesIsRefused() {
        for (String p : List.of("(a", "a)", "[a", "a**", "\\1", "(?<=a)b", "(?=a)", "a++", "\\Z", "\\C", "x{2,1}", "(?i-)")) {
            assertThatThrownBy(() -> one(p)).as(p).isInstanceOf(RoutingException.class)
                    .hasMessageContaining("not a valid regular expression");
        }
    }

    @Test
    void nestingIsCappedWithAReason() throws RoutingException {
        one("(".repeat(100) + "a" + ")".repeat(100));
        assertThatThrownBy(() -> one("(".repeat(101) + "a" + ")".repeat(101)))
                .hasMessageContaining("nested more than 100 deep");
    }

    @Test
    void dialedStringsOverTheLengthLimitMatchNothing() throws RoutingException {
        RuleTable table = one(".*");
        assertThat(table.match("1".repeat(CONFIG.maxDialedLength()))).isPresent();
        assertThat(table.match("1".repeat(CONFIG.maxDialedLength() + 1))).isEmpty();
        assertThat(table.explain("1".repeat(CONFIG.maxDialedLength() + 1)).matched()).isEmpty();
    }

    /**
     * Random patterns of exactly the maximum length, built to be costly (nested counted
     * repetitions, alternations of classes, folded Unicode). Every one RE2J accepts is either
     * refused by one of our limits or agrees with RE2J on sample inputs.
     */
    @Test
    void maximumLengthPatternsAreRefusedOrCorrect() {
        Random random = new Random(4242);
        String[] pieces = {"(a|b)", "[ab]", ".", "a*", "(?:a|ab|b)+", "\\d{1,300}", "(?:x{0,100})", "(?i:k)", "[^a]",
            "\\b", "$", "|", "\\x{212A}", "[\u00e0-\u00ff]", "(.*a.{1,20})", "(?:(a|b)*a){3}", "(a|b){1,9}",
            "(?:[ab]{2,5}){2,40}", "(?:.*(?:a|b)){1,30}", "(?i)[a-z]{0,50}", "(?:(?:(?:a?){5}){5}){5}", "(a|b)*a(a|b){8}"};
        int accepted = 0;
        int refused = 0;
        List<String> inputs = new ArrayList<>(List.of("", "a", "ab", "ba", "k", "K", "aaaa", "abab" + "a".repeat(40), "0".repeat(300)));
        for (int i = 0; i < 40; i++) {
            StringBuilder sb = new StringBuilder();
            while (true) {
                String piece = pieces[random.nextInt(pieces.length)];
                if (sb.length() + piece.length() > CONFIG.maxPatternLength()) {
                    break;
                }
                sb.append(piece);
            }
            String p = sb + "a".repeat(CONFIG.maxPatternLength() - sb.length());
            Pattern reference;
            try {
                reference = Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                continue;
            }
            try {
                RuleTable table = one(p);
                accepted++;
                for (String s : inputs) {
                    assertThat(table.match(s).isPresent()).as("%s on %s", p, s).isEqualTo(reference.matches(s));
                }
            } catch (RoutingException e) {
                refused++;
                assertThat(e.getMessage()).containsAnyOf("max-pattern-positions", "max-pattern-states", "max-compile-work");
            }
        }
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }
}
