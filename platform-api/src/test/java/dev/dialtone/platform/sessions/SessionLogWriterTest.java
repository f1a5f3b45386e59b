package dev.dialtone.platform.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.SessionId;
import dev.dialtone.platform.SessionsConfig;
import dev.dialtone.platform.persistence.SessionStore.Write;
import dev.dialtone.scenario.SessionLogEntry;
import dev.dialtone.scenario.SessionLogEntry.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class SessionLogWriterTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final SessionId id = new SessionId("s-1");

    /** Records what the writer writes; holds every write until {@link #open} is released. */
    private static final class FakeStore implements SessionLogWriter.Store {
        final CountDownLatch open = new CountDownLatch(1);
        final List<Write> written = new ArrayList<>();
        final List<Integer> batches = new ArrayList<>();
        Instant purgedBefore;

        @Override
        public void write(List<Write> batch) {
            try {
                open.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (written) {
                written.addAll(batch);
                batches.add(batch.size());
            }
        }

        @Override
        public boolean writeOne(Write w) {
            return true;
        }

        @Override
        public int purgeEndedBefore(Instant before) {
            purgedBefore = before;
            return 0;
        }

        @Override
        public int endOrphans(Instant at, String reason) {
            return 0;
        }

        List<String> messages() {
            return written.stream().filter(w -> w instanceof Write.Line).map(w -> ((Write.Line) w).line().message()).toList();
        }

        Write.End end() {
            return written.stream().filter(w -> w instanceof Write.End).map(w -> (Write.End) w).findFirst().orElseThrow();
        }
    }

    private SessionLogEntry entry(int second, Kind kind, String text) {
        return new SessionLogEntry(id, new AccountId(7), new ApplicationId(3), T0.plusSeconds(second), kind, text);
    }

    private static SessionLogWriter writer(FakeStore store, int capacity, SimpleMeterRegistry registry) {
        return new SessionLogWriter(store, Clock.fixed(T0, ZoneOffset.UTC),
                SessionsConfig.DEFAULT.withLogQueueCapacity(capacity), registry);
    }

    @Test
    void writesTheSessionItsLinesInOrderAndItsEnd() throws Exception {
        FakeStore store = new FakeStore();
        store.open.countDown();
        SessionLogWriter w = writer(store, 1000, new SimpleMeterRegistry());
        w.append(entry(0, Kind.LIFECYCLE, "session started (rule 12, scenarios gatekeeper, conference room)"));
        w.append(entry(1, Kind.LOG, "hello"));
        w.append(entry(2, Kind.LIFECYCLE, "session terminated"));
        w.close();

        Write.Start start = (Write.Start) store.written.getFirst();
        assertThat(start.session().ruleId()).contains(12L);
        assertThat(start.session().scenarios()).containsExactly("gatekeeper", "conference room");
        assertThat(start.session().startedAt()).isEqualTo(T0);
        assertThat(store.messages()).containsExactly("session started (rule 12, scenarios gatekeeper, conference room)", "hello",
                "session terminated");
        assertThat(store.written.stream().filter(x -> x instanceof Write.Line).map(x -> ((Write.Line) x).line().seq()))
                .containsExactly(0, 1, 2);
        assertThat(store.end().reason()).isEqualTo("terminated");
        assertThat(store.end().at()).isEqualTo(T0.plusSeconds(2));
        assertThat(store.purgedBefore).isEqualTo(T0.minus(SessionsConfig.DEFAULT_LOG_RETENTION));
        assertThat(w.openSessions()).isZero();
    }

    @Test
    void linesArrivingWithinTheLingerShareOneTransaction() throws Exception {
        FakeStore store = new FakeStore();
        store.open.countDown();
        SessionsConfig config = new SessionsConfig(SessionsConfig.DEFAULT_LOG_RETENTION, 1000, 500, java.time.Duration.ofMillis(600));
        SessionLogWriter w = new SessionLogWriter(store, Clock.fixed(T0, ZoneOffset.UTC), config, new SimpleMeterRegistry());
        w.append(entry(0, Kind.LIFECYCLE, "session started (rule 1, scenarios a)"));
        for (int i = 0; i < 3; i++) {
            Thread.sleep(40); // without the linger the writer has written what came before by now
            w.append(entry(1, Kind.LOG, "line " + i));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            synchronized (store.written) {
                if (!store.batches.isEmpty()) {
                    break;
                }
            }
            Thread.sleep(10);
        }
        synchronized (store.written) {
            assertThat(store.batches).as("one transaction for the session record, its first line and the three others").containsExactly(5);
        }
        w.close();
    }

    @Test
    void aFullQueueDropsLinesWithoutBlockingAndEndsTheLogWithATruncatedLine() throws Exception {
        FakeStore store = new FakeStore();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SessionLogWriter w = writer(store, 10, registry);
        w.append(entry(0, Kind.LIFECYCLE, "session started (rule 1, scenarios a)"));
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            w.append(entry(1, Kind.LOG, "line " + i));
        }
        assertThat(System.nanoTime() - t0).as("appending never waits for the database").isLessThan(TimeUnit.SECONDS.toNanos(1));
        w.append(entry(2, Kind.LIFECYCLE, "session terminated"));
        store.open.countDown();
        w.close();

        List<String> messages = store.messages();
        assertThat(messages).hasSize(10 + 2);
        assertThat(messages.subList(1, 10)).containsExactly("line 0", "line 1", "line 2", "line 3", "line 4", "line 5", "line 6",
                "line 7", "line 8");
        assertThat(messages.get(10)).startsWith("log truncated: 11 lines were dropped");
        assertThat(messages.get(11)).isEqualTo("session terminated");
        assertThat(store.end().reason()).isEqualTo("terminated");
        assertThat(registry.get("dialtone.sessions.log.dropped").counter().count()).isEqualTo(11.0);
    }

    @Test
    void theEndReasonIsTheLimitTheErrorTheIdleTimeoutOrTheNodeStopping() throws Exception {
        assertThat(SessionLogWriter.reason(entry(0, Kind.LIMIT, "stopped: a callback ran longer than the CPU limit of 1000 ms")))
                .isEqualTo("stopped: a callback ran longer than the CPU limit of 1000 ms");
        assertThat(SessionLogWriter.reason(entry(0, Kind.LIMIT, "HTTP request to 10.0.0.1 refused: private address"))).isNull();
        assertThat(SessionLogWriter.reason(entry(0, Kind.SCRIPT_ERROR, "stopped by an uncaught error: x.js:1:1 boom")))
                .startsWith("stopped by an uncaught error");
        assertThat(SessionLogWriter.reason(entry(0, Kind.LIFECYCLE, "no calls for 60 s; ending the session")))
                .isEqualTo("idle: no calls for 60 s; ending the session");
        assertThat(SessionLogWriter.reason(entry(0, Kind.LOG, "stopped: not really"))).isNull();

        FakeStore store = new FakeStore();
        store.open.countDown();
        SessionLogWriter w = writer(store, 100, new SimpleMeterRegistry());
        w.append(entry(0, Kind.LIFECYCLE, "session started (rule 1, scenarios a)"));
        w.nodeStopping();
        w.append(entry(1, Kind.LIFECYCLE, "session terminated"));
        w.close();
        assertThat(store.end().reason()).isEqualTo("node stopped");
    }
}
