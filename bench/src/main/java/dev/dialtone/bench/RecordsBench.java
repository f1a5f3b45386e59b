package dev.dialtone.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallId;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.Scheduler;
import dev.dialtone.core.SessionId;
import dev.dialtone.platform.SessionsConfig;
import dev.dialtone.platform.calls.CallRecords;
import dev.dialtone.platform.persistence.CallRecordStore;
import dev.dialtone.platform.persistence.Database;
import dev.dialtone.platform.persistence.SessionStore;
import dev.dialtone.platform.sessions.SessionLogWriter;
import dev.dialtone.pstn.CallRecord;
import dev.dialtone.scenario.SessionLogEntry;

/**
 * {@code ./dialtone bench records [calls-per-second] [seconds-per-phase]}: what a call costs the database, alone.
 * The node's two writers ({@link CallRecords}, {@link SessionLogWriter}) write what a SIP bench call leaves
 * (an open and a finished call record; a session row, five log lines and its end), paced at a steady rate
 * (default 500 calls/s, each call lasting 1 s), into an embedded PostgreSQL of their own. Phases alternate the
 * JDBC driver's batch rewriting off and on (off, on, off, on) on the same database. Each phase reports, per call,
 * the CPU of PostgreSQL (postmaster and backends), of the two writer threads (JDBC included), and the WAL
 * records, WAL bytes and commits; and checks every finished record was committed.
 */
public final class RecordsBench {
    private static final int LINES_PER_CALL = 5;
    private static final Duration CALL_LENGTH = Duration.ofSeconds(1);
    private static final long TICK_NANOS = 10_000_000L;

    private RecordsBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        if (rate < 100 || rate > 5_000 || seconds < 5 || seconds > 600) {
            throw new IllegalArgumentException("usage: records [calls-per-second 100..5000] [seconds-per-phase 5..600]");
        }
        Path dir = Files.createTempDirectory("dialtone-bench-records");
        Figures figures = new Figures("records");
        figures.add("load", rate + " calls/s, each " + CALL_LENGTH.toSeconds() + " s long, " + LINES_PER_CALL
                + " session log lines per call; " + seconds + " s per phase (the first second of each not measured)");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true)
                .setRegisterShutdownHook(true).setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on") // as the node's own (Database)
                .start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            long[] ids = seed(url);
            String pgDir = dir.resolve("pg").toString();
            boolean[] rewrite = {false, true, false, true};
            for (int i = 0; i < rewrite.length; i++) {
                Phase p = run(url + "&reWriteBatchedInserts=" + rewrite[i], dir, pgDir, ids, rate, seconds, i);
                figures.add(String.format(Locale.ROOT, "phase %d: batch rewriting %s", i + 1, rewrite[i] ? "on " : "off"),
                        p.summary());
            }
        }
        figures.print(System.out);
    }

    /** One account and application to write for; returns their ids. */
    private static long[] seed(String url) throws Exception {
        try (Database db = Database.open(Optional.of(url), Path.of("."), 2, new SimpleMeterRegistry());
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("insert into accounts (name, api_key_hash, created_at) values "
                    + "('bench', 'bench-records-not-a-key', now()) returning id");
            rs.next();
            long account = rs.getLong(1);
            rs = s.executeQuery("select column_name from information_schema.columns where table_name = 'applications' "
                    + "and is_nullable = 'NO' and column_default is null");
            List<String> required = new ArrayList<>();
            while (rs.next()) {
                required.add(rs.getString(1));
            }
            if (!Set.of("id", "account_id", "name", "created_at", "modified_at").containsAll(required)) {
                throw new IllegalStateException("the applications table needs more columns than this bench fills: " + required);
            }
            rs = s.executeQuery("insert into applications (account_id, name, created_at, modified_at) values (" + account
                    + ", 'bench', now(), now()) returning id");
            rs.next();
            return new long[] {account, rs.getLong(1)};
        }
    }

    private record Phase(int calls, double pgMs, double writersMs, double walRecords, double walBytes, double commits,
                         double updates, double hotUpdates, int unfinished) {
        String summary() {
            return String.format(Locale.ROOT, "%d calls; per call: PostgreSQL %.3f ms CPU, writer threads %.3f ms, "
                            + "WAL %.1f records / %.0f bytes, %.3f commits, %.2f row updates (%.2f heap-only)%s", calls, pgMs,
                    writersMs, walRecords, walBytes, commits, updates, hotUpdates,
                    unfinished == 0 ? "" : "; NOT COMMITTED: " + unfinished);
        }
    }

    private static Phase run(String url, Path dir, String pgDir, long[] ids, int rate, int seconds, int phase) throws Exception {
        AccountId account = new AccountId(ids[0]);
        ApplicationId app = new ApplicationId(ids[1]);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try (Database db = Database.open(Optional.of(url), dir, 4, new SimpleMeterRegistry())) {
            CallRecords records = CallRecords.start(new CallRecordStore(db.dsl()), "bench-node", Scheduler.system(timers));
            SessionLogWriter log = new SessionLogWriter(new SessionStore(db.dsl()), Clock.systemUTC(), SessionsConfig.DEFAULT,
                    new SimpleMeterRegistry());
            ArrayDeque<Live> live = new ArrayDeque<>();
            List<CompletableFuture<Void>> stored = new ArrayList<>();
            long pid = ProcessHandle.current().pid();
            Set<String> writerNames = Set.of("call-records", "dialtone-sessio");
            Snapshot before = null;
            int measuredFrom = 0;
            int begun = 0;
            long start = System.nanoTime();
            long ticks = seconds * 1_000_000_000L / TICK_NANOS;
            for (long t = 0; t < ticks; t++) {
                LockSupport.parkNanos(start + t * TICK_NANOS - System.nanoTime());
                if (t == 1_000_000_000L / TICK_NANOS) {
                    before = Snapshot.take(db, pgDir, pid, writerNames);
                    measuredFrom = begun;
                }
                Instant now = Instant.now();
                while (!live.isEmpty() && !live.peek().started.plus(CALL_LENGTH).isAfter(now)) {
                    stored.add(live.poll().finish(records, log, now));
                }
                long due = (t + 1) * rate * TICK_NANOS / 1_000_000_000L;
                for (; begun < due; begun++) {
                    live.add(Live.begin(records, log, account, app, phase, begun, now));
                }
            }
            Instant end = Instant.now().plus(CALL_LENGTH);
            while (!live.isEmpty()) {
                stored.add(live.poll().finish(records, log, end));
            }
            int unfinished = 0;
            for (CompletableFuture<Void> f : stored) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    unfinished++;
                }
            }
            Thread.sleep(2_000); // the session log writer's last lines, and each backend's statistics (sent at most once a second)
            Snapshot after = Snapshot.take(db, pgDir, pid, writerNames); // before the writer threads end
            log.close();
            records.close();
            int calls = begun - measuredFrom;
            return new Phase(calls, (after.pgMs - before.pgMs) / calls,
                    ProcCpu.secondsBetween(before.writers, after.writers) * 1000 / calls,
                    (double) (after.walRecords - before.walRecords) / calls, (double) (after.walBytes - before.walBytes) / calls,
                    (double) (after.commits - before.commits) / calls, (double) (after.updates - before.updates) / calls,
                    (double) (after.hotUpdates - before.hotUpdates) / calls, unfinished);
        } finally {
            timers.shutdownNow();
        }
    }

    /** One bench call: its open record and session, finished after {@link #CALL_LENGTH}. */
    private record Live(CallRecord open, SessionId session, AccountId account, ApplicationId app, Instant started) {
        static Live begin(CallRecords records, SessionLogWriter log, AccountId account, ApplicationId app, int phase, int n,
                          Instant now) {
            SessionId session = SessionId.random();
            CallRecord open = new CallRecord(new CallId("bench-" + phase + "-" + n), n + "-" + phase + "@127.0.0.1", account, app,
                    Optional.of(session), CallDirection.INBOUND, ClientType.SIP, "sipp", "bench", Optional.empty(), now,
                    Optional.empty(), Optional.empty(), Duration.ZERO, "", 0);
            records.begin(open);
            Live l = new Live(open, session, account, app, now);
            l.line(log, now, SessionLogEntry.Kind.LIFECYCLE, "session started (rule 1, scenarios bench)");
            l.line(log, now, SessionLogEntry.Kind.LIFECYCLE, "call " + open.legId().value() + " from sipp to bench (sip) alerting");
            l.line(log, now, SessionLogEntry.Kind.LIFECYCLE, "call " + open.legId().value() + " connected");
            return l;
        }

        CompletableFuture<Void> finish(CallRecords records, SessionLogWriter log, Instant now) {
            line(log, now, SessionLogEntry.Kind.LIFECYCLE, "call " + open.legId().value() + " disconnected (local-hangup)");
            line(log, now, SessionLogEntry.Kind.LIFECYCLE, "session terminated");
            CallRecord o = open;
            return records.finish(new CallRecord(o.legId(), o.sipCallId(), o.account(), o.application(), o.session(), o.direction(),
                    o.clientType(), o.from(), o.to(), o.trunkId(), o.startedAt(), Optional.of(o.startedAt()), Optional.of(now),
                    Duration.between(o.startedAt(), now), "local-hangup", 200)).toCompletableFuture();
        }

        private void line(SessionLogWriter log, Instant at, SessionLogEntry.Kind kind, String text) {
            log.append(new SessionLogEntry(session, account, app, at, kind, text));
        }
    }

    /** PostgreSQL's CPU (every process whose command line names its data directory, and their children) and counters. */
    private record Snapshot(double pgMs, Map<String, Long> writers, long walRecords, long walBytes, long commits, long updates,
                            long hotUpdates) {
        static Snapshot take(Database db, String pgDir, long pid, Set<String> writerNames) throws Exception {
            Set<ProcessHandle> pg = new HashSet<>();
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(pgDir))
                    .orElse(false)).forEach(p -> {
                        pg.add(p);
                        pg.addAll(p.descendants().toList());
                    });
            double pgMs = pg.stream().mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0)).sum();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery("select wal_records, wal_bytes, (select xact_commit from pg_stat_database "
                        + "where datname = current_database()), (select sum(n_tup_upd) from pg_stat_user_tables), "
                        + "(select sum(n_tup_hot_upd) from pg_stat_user_tables) from pg_stat_wal");
                rs.next();
                return new Snapshot(pgMs, ProcCpu.threadTicks(pid, writerNames::contains), rs.getLong(1), rs.getLong(2),
                        rs.getLong(3), rs.getLong(4), rs.getLong(5));
            }
        }
    }
}
