package dev.dialtone.media.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.dialtone.media.internal.graph.RealtimeBudget.Action;

class RealtimeBudgetTest {
    @Test
    void aBusyThreadLeavesAndComesBackOnlyAfterCalmWindows() {
        RealtimeBudget b = new RealtimeBudget(0.6, 0.3, 3, true);
        assertThat(b.windowEnded(0.4)).isEqualTo(Action.STAY);
        assertThat(b.windowEnded(0.6)).as("at the limit").isEqualTo(Action.STAY);
        assertThat(b.windowEnded(0.75)).isEqualTo(Action.LEAVE);
        assertThat(b.realtime()).isFalse();
        assertThat(b.windowEnded(0.1)).as("calm, but too soon").isEqualTo(Action.STAY);
        assertThat(b.windowEnded(0.1)).isEqualTo(Action.STAY);
        assertThat(b.windowEnded(0.35)).as("third window, but not calm (above the return share)").isEqualTo(Action.STAY);
        assertThat(b.windowEnded(0.2)).isEqualTo(Action.RETURN);
        assertThat(b.realtime()).isTrue();
        assertThat(b.windowEnded(0.9)).isEqualTo(Action.LEAVE);
    }

    @Test
    void theReturnShareMustNotExceedTheLimit() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RealtimeBudget(0.5, 0.6, 1, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusalEndsTheAttempts() {
        RealtimeBudget b = new RealtimeBudget(0.6, 0.3, 1, true);
        assertThat(b.windowEnded(0.9)).isEqualTo(Action.LEAVE);
        assertThat(b.windowEnded(0.1)).isEqualTo(Action.RETURN);
        b.refused();
        assertThat(b.realtime()).isFalse();
        for (int i = 0; i < 5; i++) {
            assertThat(b.windowEnded(0.0)).isEqualTo(Action.STAY);
        }
    }

    @Test
    void aThreadThatNeverWasRealtimeStaysNormal() {
        RealtimeBudget b = new RealtimeBudget(0.6, 0.3, 1, false);
        assertThat(b.windowEnded(0.0)).isEqualTo(Action.STAY);
        assertThat(b.windowEnded(0.9)).isEqualTo(Action.STAY);
    }
}
