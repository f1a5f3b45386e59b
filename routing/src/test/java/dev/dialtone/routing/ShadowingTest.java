package dev.dialtone.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ShadowingTest {
    private static Rule rule(long id, String pattern) {
        return new Rule(id, "r" + id, pattern, "");
    }

    private static Rule rule(long id, String pattern, String exclude) {
        return new Rule(id, "r" + id, pattern, exclude);
    }

    private static List<Long> shadowedIds(RuleTable table) {
        return table.shadowed().stream().map(s -> s.rule().id()).toList();
    }

    private static List<Long> coverOf(RuleTable table, long id) {
        return table.shadowing(id).orElseThrow().coveredBy().stream().map(Rule::id).toList();
    }

    @Test
    void catchAllAboveEverythingShadowsAllBelowIt() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of(rule(1, "joinconf"), rule(2, ".*"), rule(3, "\\+15551230000"),
                rule(4, "conf_[A-Za-z0-9]+", "conf_test.*")));

        assertThat(shadowedIds(table)).containsExactly(3L, 4L);
        assertThat(coverOf(table, 3)).containsExactly(2L);
        assertThat(coverOf(table, 4)).containsExactly(2L);
        assertThat(table.shadowing(1)).isEmpty();
        assertThat(table.shadowing(2)).isEmpty();
        assertThat(table.unanalysed()).isEmpty();
    }

    @Test
    void broaderDigitRuleShadowsNarrowerOneOnlyWhenAboveIt() throws RoutingException {
        RuleTable above = RuleTable.compile(List.of(rule(1, "[0-9]+"), rule(2, "1[0-9]*")));
        assertThat(shadowedIds(above)).containsExactly(2L);
        assertThat(coverOf(above, 2)).containsExactly(1L);

        RuleTable below = RuleTable.compile(List.of(rule(1, "1[0-9]*"), rule(2, "[0-9]+")));
        assertThat(below.shadowed()).isEmpty();
    }

    @Test
    void twoRulesTogetherCoverAThirdAndTheCoverIsMinimal() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of(rule(1, "ab.*"), rule(2, "a.*"), rule(3, "c"), rule(4, "b.*"),
                rule(5, "[ab].*")));

        assertThat(shadowedIds(table)).containsExactly(5L);
        assertThat(coverOf(table, 5)).containsExactly(2L, 4L);
        // Neither alone covers it.
        assertThat(RuleTable.compile(List.of(rule(2, "a.*"), rule(5, "[ab].*"))).shadowed()).isEmpty();
        assertThat(RuleTable.compile(List.of(rule(4, "b.*"), rule(5, "[ab].*"))).shadowed()).isEmpty();
    }

    @Test
    void coverageIsByLanguageNotBySpelling() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of(rule(1, "(?:0|1|2|3|4|5|6|7|8|9)+"), rule(2, "\\d{3}(?:\\d\\d?)?"),
                rule(3, "(a|b)*a(a|b){3}"), rule(4, "[ab]*a[ab][ab][ab]")));

        assertThat(shadowedIds(table)).containsExactly(2L, 4L);
        assertThat(coverOf(table, 4)).containsExactly(3L);
    }

    @Test
    void anExcludeOnTheEarlierRuleUnshadowsTheLaterOne() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of(rule(1, "[0-9]+", "12"), rule(2, "1[0-9]*")));
        assertThat(table.shadowed()).isEmpty();
        assertThat(table.match("12")).get().extracting(Rule::id).isEqualTo(2L);

        RuleTable catchAllWithExclude = RuleTable.compile(List.of(rule(1, ".*", "1.*"), rule(2, "1[0-9]*")));
        assertThat(catchAllWithExclude.shadowed()).isEmpty();
    }

    @Test
    void anExcludeOnTheLaterRuleCanMakeItShadowed() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of(rule(1, "[02-9][0-9]*"), rule(2, "[0-9]+", "1.*")));
        assertThat(shadowedIds(table)).containsExactly(2L);
        assertThat(coverOf(table, 2)).containsExactly(1L);
    }

    @Test
    void earlierRulesCoverOnlyWithWhatTheirExcludesLeave() throws RoutingException {
        // Rule 1 excludes "5", so rule 2 still gets "5"; rule 3 gets nothing; rule 4 needs both 1 and 2.
        RuleTable table = RuleTable.compile(List.of(rule(1, "[0-9]", "5"), rule(2, "[5-7]"), rule(3, "[5-6]"),
                rule(4, "[4-5]")));
        assertThat(shadowedIds(table)).containsExactly(3L, 4L);
        assertThat(coverOf(table, 3)).containsExactly(2L);
        assertThat(coverOf(table, 4)).containsExactly(1L, 2L);
    }

    @Test
    void caseInsensitiveRulesShadowByFoldedLanguage() throws RoutingException {
        RuleTable folded = RuleTable.compile(List.of(rule(1, "(?i)support"), rule(2, "SUPPORT"), rule(3, "Support"),
                rule(4, "\\x{212A}")));
        assertThat(shadowedIds(folded)).containsExactly(2L, 3L);

        RuleTable kelvin = RuleTable.compile(List.of(rule(1, "(?i)k"), rule(2, "\\x{212A}")));
        assertThat(shadowedIds(kelvin)).containsExactly(2L);

        RuleTable exact = RuleTable.compile(List.of(rule(1, "support"), rule(2, "(?i)support")));
        assertThat(exact.shadowed()).isEmpty();
    }

    @Test
    void aRuleThatMatchesNothingIsShadowedByNobody() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of(rule(1, "abc", "a.*"), rule(2, "a\\bb"), rule(3, "a^b"),
                rule(4, "[^\\x00-\\x{10FFFF}]"), rule(5, "abc")));

        assertThat(shadowedIds(table)).containsExactly(1L, 2L, 3L, 4L);
        for (long id = 1; id <= 4; id++) {
            assertThat(table.shadowing(id).orElseThrow().coveredBy()).isEmpty();
        }
        assertThat(table.match("abc")).get().extracting(Rule::id).isEqualTo(5L);
    }

    @Test
    void anchorsAndWordBoundariesAreAnalysedExactly() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of(rule(1, "^conf_\\w+$"), rule(2, "conf_[A-Za-z0-9_]+"),
                rule(3, "\\bconf\\b.*"), rule(4, "conf.*")));
        assertThat(shadowedIds(table)).containsExactly(2L);
        // "conf_x" has no boundary after "conf": rule 3 does not take it, and rule 1 does; "conf x" reaches rule 3.
        assertThat(table.match("conf x")).get().extracting(Rule::id).isEqualTo(3L);
        assertThat(table.match("confx")).get().extracting(Rule::id).isEqualTo(4L);
    }

    @Test
    void explainSaysWhenAPassedRuleIsShadowed() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of(rule(1, "a.*"), rule(2, "b.*"), rule(3, "[ab].*"), rule(4, ".*")));

        Explanation why = table.explain("c");
        assertThat(why.matched()).get().extracting(Rule::id).isEqualTo(4L);
        assertThat(why.steps().get(2).why()).contains("shadowed").contains("'r1'").contains("'r2'");
        assertThat(why.steps().get(0).why()).doesNotContain("shadowed");
    }

    @Test
    void aRuleTooCostlyToAnalyseIsReportedAsSuchAndNotGuessed() throws RoutingException {
        List<Rule> rules = new ArrayList<>();
        rules.add(rule(1, "(a|b)*a(a|b){9}"));
        rules.add(rule(2, "(a|b)*b(a|b){9}"));
        rules.add(rule(3, "[ab]{10,}"));
        RoutingConfig tight = new RoutingConfig(512, 256, 5_000, 10_000, 5_000_000, 10_000, 10_000, 1_000_000);

        RuleTable table = RuleTable.compile(rules, tight);
        assertThat(table.unanalysed()).extracting(u -> u.rule().id()).contains(3L);
        assertThat(table.unanalysed()).allSatisfy(u -> assertThat(u.reason()).contains("max-analysis-work"));
        assertThat(table.shadowing(3)).isEmpty();

        // With the default budget the same rule is analysed: every string of 10 or more a/b ends in a or b ten from the end.
        RuleTable roomy = RuleTable.compile(rules);
        assertThat(roomy.unanalysed()).isEmpty();
        assertThat(coverOf(roomy, 3)).containsExactly(1L, 2L);
    }

    @Test
    void theTableBudgetLeavesLaterRulesUnanalysedWhenItRunsOut() throws RoutingException {
        List<Rule> rules = List.of(rule(1, "(a|b)*a(a|b){9}"), rule(2, ".*"), rule(3, "x"));
        RoutingConfig perRuleIsAll = new RoutingConfig(512, 256, 5_000, 10_000, 5_000_000, 10_000, 30_000, 30_000);

        RuleTable table = RuleTable.compile(rules, perRuleIsAll);
        assertThat(table.unanalysed()).extracting(u -> u.rule().id()).contains(2L, 3L);
        assertThat(table.unanalysed().get(table.unanalysed().size() - 1).reason()).contains("max-table-analysis-work");
        assertThat(table.shadowed()).isEmpty(); // rule 3 is shadowed by rule 2, but that was not analysed: not guessed

        assertThat(RuleTable.compile(rules).shadowing(3)).isPresent();
    }

    @Test
    void anEmptyTableHasNothingToReport() throws RoutingException {
        RuleTable table = RuleTable.compile(List.of());
        assertThat(table.shadowed()).isEmpty();
        assertThat(table.match("123")).isEmpty();
        assertThat(table.explain("123").steps()).isEmpty();
    }
}
