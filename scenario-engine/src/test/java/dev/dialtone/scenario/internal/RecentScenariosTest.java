package dev.dialtone.scenario.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.dialtone.scenario.ScenarioSource;

class RecentScenariosTest {
    private static String names(RecentScenarios r) {
        return String.join(",", r.all().stream().map(ScenarioSource::name).toList());
    }

    @Test
    void keepsTheNewestWithinItsCountAndMovesARepeatToTheEnd() {
        RecentScenarios r = new RecentScenarios(3, 1_000);
        r.add("a", "1");
        r.add("b", "2");
        r.add("c", "3");
        r.add("a", "1");
        assertThat(names(r)).isEqualTo("b,c,a");
        r.add("d", "4");
        assertThat(names(r)).isEqualTo("c,a,d");
        // Same name, other code: another scenario version, kept beside the first.
        r.add("d", "5");
        assertThat(r.all()).extracting(ScenarioSource::code).containsExactly("1", "4", "5");
    }

    @Test
    void dropsTheOldestPastItsCharactersButAlwaysKeepsTheNewest() {
        RecentScenarios r = new RecentScenarios(10, 10);
        r.add("a", "x".repeat(4));
        r.add("b", "x".repeat(4));
        assertThat(names(r)).isEqualTo("a,b");
        r.add("c", "x".repeat(4));
        assertThat(names(r)).isEqualTo("b,c");
        r.add("big", "x".repeat(50));
        assertThat(names(r)).isEqualTo("big");
    }
}
