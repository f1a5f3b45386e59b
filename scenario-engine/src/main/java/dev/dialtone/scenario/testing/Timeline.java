package dev.dialtone.scenario.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What happened during a test run, in order, stamped with scenario time since the harness started:
 * the facts a scenario test asserts on.
 */
public final class Timeline {
    /** What kind of thing happened. */
    public enum Kind {
        CALL_ALERTING, RINGING, ANSWERED, REJECTED, HANGUP, SAY, PLAY, STOP_PLAYBACK, TONE_RECEIVED, DIGITS_SENT,
        MESSAGE_SENT, MESSAGE_RECEIVED, INFO_SENT, HTTP_REQUEST, CALL_PLACED, CONFERENCE_CREATED, CONFERENCE_JOIN,
        MEDIA, RECORD, LOG, ERROR, LIMIT, TERMINATED
    }

    /** One happening; {@code subject} is a call id, conference name or session id. */
    public record Entry(Duration at, Kind kind, String subject, String detail) {
        public Entry {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
            subject = subject == null ? "" : subject;
            detail = detail == null ? "" : detail;
        }

        @Override
        public String toString() {
            long ms = at.toMillis();
            return String.format(java.util.Locale.ROOT, "%4d.%03d  %-18s %s%s", ms / 1000, ms % 1000, kind,
                    subject.isEmpty() ? "" : "[" + subject + "] ", detail);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final LongSupplier nanos;
    private final long origin;

    public Timeline(LongSupplier nanos) {
        this.nanos = nanos;
        this.origin = nanos.getAsLong();
    }

    void add(Kind kind, String subject, String detail) {
        Entry e = new Entry(Duration.ofNanos(nanos.getAsLong() - origin), kind, subject, detail);
        synchronized (entries) {
            entries.add(e);
        }
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    public List<Entry> of(Kind kind) {
        return entries().stream().filter(e -> e.kind() == kind).toList();
    }

    /** The details of every entry of {@code kind}, in order. */
    public List<String> details(Kind kind) {
        return of(kind).stream().map(Entry::detail).toList();
    }

    public boolean has(Kind kind) {
        return !of(kind).isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries()) {
            b.append(e).append('\n');
        }
        return b.toString();
    }
}
