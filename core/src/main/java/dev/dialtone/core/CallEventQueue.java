package dev.dialtone.core;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A leg's events on their way to its {@link CallListener}: kept until {@link #listen} names the listener, then
 * handed over in the order they were emitted, one at a time and never two at once, by whichever thread emitted (or
 * listened) while no other was handing them over. Events emitted by the listener itself are queued behind the one it
 * is handling. A listener that throws loses only that event; {@code failed} hears of it.
 */
public final class CallEventQueue {
    private final CallLeg leg;
    private final BiConsumer<CallEvent, RuntimeException> failed;
    private final ArrayDeque<CallEvent> pending = new ArrayDeque<>();
    private CallListener listener;
    private boolean draining;

    /** @param failed told of each event whose listener threw (to log it; the queue goes on) */
    public CallEventQueue(CallLeg leg, BiConsumer<CallEvent, RuntimeException> failed) {
        this.leg = Objects.requireNonNull(leg, "leg");
        this.failed = Objects.requireNonNull(failed, "failed");
    }

    /** Sets the listener and hands it what was emitted before. */
    public void listen(CallListener l) {
        Objects.requireNonNull(l, "listener");
        synchronized (this) {
            listener = l;
            if (draining) {
                return;
            }
            draining = true;
        }
        drain();
    }

    public void emit(CallEvent e) {
        Objects.requireNonNull(e, "event");
        synchronized (this) {
            pending.add(e);
            if (listener == null || draining) {
                return;
            }
            draining = true;
        }
        drain();
    }

    private void drain() {
        while (true) {
            CallEvent next;
            CallListener l;
            synchronized (this) {
                next = pending.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
                l = listener;
            }
            try {
                l.onEvent(leg, next);
            } catch (RuntimeException ex) {
                failed.accept(next, ex);
            }
        }
    }
}
