package dev.dialtone.scenario;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition in the scenario engine's tests. */
public final class Conditions {
    private Conditions() {
    }

    /** Polls {@code condition} every 5 ms until it holds; fails the test after {@code timeout}. */
    public static void waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in " + timeout.toSeconds() + " s");
            }
            Thread.sleep(5);
        }
    }
}
