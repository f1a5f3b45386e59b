package dev.dialtone.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsDueTasksInTimeOrderAndLeavesLaterOnes() {
        scheduler.schedule(Duration.ofSeconds(3), () -> ran.add("c"));
        scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("a"));
        scheduler.schedule(Duration.ofSeconds(2), () -> ran.add("b"));
        scheduler.schedule(Duration.ofSeconds(10), () -> ran.add("late"));

        scheduler.advance(Duration.ofSeconds(5));

        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(scheduler.nanoTime()).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void tasksScheduledByTasksRunWithinTheSameAdvanceWhenDue() {
        scheduler.schedule(Duration.ofSeconds(1), () -> {
            ran.add("first@" + scheduler.nanoTime() / 1_000_000_000);
            scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("second@" + scheduler.nanoTime() / 1_000_000_000));
        });

        scheduler.advance(Duration.ofSeconds(60));

        assertThat(ran).containsExactly("first@1", "second@2");
    }

    @Test
    void cancelledTaskNeverRuns() {
        Scheduler.Cancellable handle = scheduler.schedule(Duration.ofMillis(10), () -> ran.add("x"));

        assertThat(handle.cancel()).isTrue();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(ran).isEmpty();
        assertThat(handle.cancel()).isFalse();
    }

    @Test
    void clockFollowsVirtualTime() {
        var before = scheduler.clock().instant();
        scheduler.advance(Duration.ofMinutes(90));
        assertThat(Duration.between(before, scheduler.clock().instant())).isEqualTo(Duration.ofMinutes(90));
    }
}
