package dev.dialtone.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class RuleTableTest {
    private static final Rule PHONE = new Rule(1, "pstn", "\\+15551230000", "");
    private static final Rule JOIN = new Rule(2, "web", "joinconf", "");
    private static final Rule CONF = new Rule(3, "conf", "conf_[A-Za-z0-9]+", "conf_test.*");
    private static final Rule ANY = new Rule(4, "p2p", ".*", "");

    @Test
    void firstMatchingRuleWinsInOrder() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of(PHONE, JOIN, CONF, ANY));

        assertThat(table.match("+15551230000")).contains(PHONE);
        assertThat(table.match("joinconf")).contains(JOIN);
        assertThat(table.match("conf_42")).contains(CONF);
        assertThat(table.match("alice")).contains(ANY);

        RuleTable reordered = RuleTable.compile(List.of(ANY, PHONE, JOIN, CONF));
        assertThat(reordered.match("joinconf")).contains(ANY);
    }

    @Test
    void patternsMustMatchTheWholeString() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of(JOIN));
        assertThat(table.match("joinconf")).isPresent();
        assertThat(table.match("xjoinconf")).isEmpty();
        assertThat(table.match("joinconfx")).isEmpty();
    }

    @Test
    void excludePatternSendsTheStringOnToLaterRules() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of(CONF, ANY));

        assertThat(table.match("conf_testing")).contains(ANY);
        Explanation why = table.explain("conf_testing");
        assertThat(why.steps()).extracting(Explanation.Step::verdict)
                .containsExactly(Explanation.Verdict.EXCLUDED, Explanation.Verdict.MATCHED);
        assertThat(why.steps().get(0).why()).contains("exclude pattern 'conf_test.*' matches");
    }

    @Test
    void invalidAndOverlongPatternsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> RuleTable.compile(List.of(new Rule(9, "bad", "conf_[0-9", ""))))
                .isInstanceOf(RoutingException.class)
                .hasMessageContaining("not a valid regular expression")
                .satisfies(e -> assertThat(((RoutingException) e).ruleId()).isEqualTo(9));
        String tooLong = "a".repeat(RoutingConfig.DEFAULT_MAX_PATTERN_LENGTH + 1);
        assertThatThrownBy(() -> RuleTable.checkPattern("pattern", tooLong, RoutingConfig.DEFAULT))
                .hasMessageContaining("the limit is " + RoutingConfig.DEFAULT_MAX_PATTERN_LENGTH);
        assertThatThrownBy(() -> RuleTable.checkPattern("exclude_pattern", "(a", RoutingConfig.DEFAULT))
                .satisfies(e -> assertThat(((RoutingException) e).field()).isEqualTo("exclude_pattern"));
    }

    @Test
    void recompilingReusesTheAutomataOfUnchangedPatternsOnly() throws RoutingException {
        RuleTable before = RuleTable.compile(List.of(PHONE, JOIN, CONF, ANY));
        Rule renamed = new Rule(3, "conference", CONF.pattern(), CONF.excludePattern());
        Rule changed = new Rule(2, "web", "joinconf2", "");

        RuleTable after = RuleTable.compile(List.of(ANY, renamed, changed, PHONE), RoutingConfig.DEFAULT, before);

        assertThat(after.compiled(1).sharesAutomataWith(before.compiled(2))).isTrue();
        assertThat(after.compiled(3).sharesAutomataWith(before.compiled(0))).isTrue();
        assertThat(after.compiled(2).sharesAutomataWith(before.compiled(1))).isFalse();
        assertThat(after.rules()).containsExactly(ANY, renamed, changed, PHONE);
        assertThat(after.match("conf_1")).contains(ANY);
        assertThat(after.shadowing(3)).get().extracting(s -> s.rule().name()).isEqualTo("conference");

        RoutingConfig other = new RoutingConfig(100, 100);
        RuleTable differentConfig = RuleTable.compile(List.of(PHONE), other, before);
        assertThat(differentConfig.compiled(0).sharesAutomataWith(before.compiled(0))).isFalse();
    }

    @Test
    void explainGivesAStepPerRuleUpToTheMatch() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of(PHONE, JOIN, CONF, ANY));
        Explanation why = table.explain("conf_42");
        assertThat(why.matched()).contains(CONF);
        assertThat(why.steps()).extracting(Explanation.Step::verdict).containsExactly(
                Explanation.Verdict.PATTERN_DOES_NOT_MATCH, Explanation.Verdict.PATTERN_DOES_NOT_MATCH,
                Explanation.Verdict.MATCHED);
        assertThat(why.steps().get(1).why()).isEqualTo("pattern 'joinconf' does not match the whole string");
        assertThat(why.steps().get(2).why()).contains("exclude pattern 'conf_test.*' does not");

        Explanation none = RuleTable.compile(List.of(PHONE, JOIN)).explain("x");
        assertThat(none.matched()).isEmpty();
        assertThat(none.steps()).hasSize(2);
    }
}
