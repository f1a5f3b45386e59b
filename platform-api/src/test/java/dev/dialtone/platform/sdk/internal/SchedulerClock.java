package dev.dialtone.platform.sdk.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.dialtone.core.VirtualScheduler;

/** A clock that follows a {@link VirtualScheduler} as it advances (its own {@code clock()} is a snapshot). */
final class SchedulerClock extends Clock {
    private final VirtualScheduler scheduler;

    SchedulerClock(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return scheduler.clock().instant();
    }
}
