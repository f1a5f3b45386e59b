package dev.dialtone.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallId;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.SessionId;
import dev.dialtone.platform.model.SessionLogLine;
import dev.dialtone.platform.model.SessionRecord;
import dev.dialtone.platform.testing.TestDatabase;
import dev.dialtone.pstn.CallRecord;

/**
 * How call legs and sessions end in the database (migration V8): their end touches no index (a
 * heap-only update), open legs are tracked in {@code open_legs} and closed from there after a crash,
 * also those open before the upgrade, and the purge still finds the sessions that ended.
 */
class RecordEndsIT {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));

    private record Db(PGSimpleDataSource dataSource, DSLContext dsl, AccountId account, ApplicationId app) {
        long count(String sql) throws Exception {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A fresh database migrated to {@code target} (or the newest version), with one account and application. */
    private static Db database(String name, String target) throws Exception {
        TestDatabase.Handle h = TestDatabase.fresh(name);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(h.jdbcUrl());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target(target).load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into accounts (id, name, api_key_hash, created_at) values (1, 'acme', 'not-a-key', now())");
            s.execute("insert into applications (id, account_id, name, created_at, modified_at) values (1, 1, 'app', now(), now())");
        }
        return new Db(ds, DSL.using(ds, SQLDialect.POSTGRES), new AccountId(1), new ApplicationId(1));
    }

    private static CallRecord leg(Db db, String leg, Optional<Instant> answered, Optional<Instant> ended) {
        return new CallRecord(new CallId(leg), "sip-" + leg, db.account(), db.app(), Optional.of(new SessionId("s-" + leg)),
                CallDirection.INBOUND, ClientType.SIP, "+15550001111", "conf_1", Optional.empty(), T0, answered, ended,
                answered.isPresent() && ended.isPresent() ? Duration.between(answered.get(), ended.get()) : Duration.ZERO,
                ended.isPresent() ? "remote-hangup" : "", ended.isPresent() ? 200 : 0);
    }

    @Test
    void endsOfCallsAndSessionsAreHeapOnlyUpdates() throws Exception {
        Db db = database("ends-hot", "latest");
        CallRecordStore calls = new CallRecordStore(db.dsl());
        SessionStore sessions = new SessionStore(db.dsl());
        int n = 10; // few enough to share a page that has room for all their ends within one transaction
        List<CallRecord> opens = new ArrayList<>();
        List<CallRecord> finished = new ArrayList<>();
        List<SessionStore.Write> starts = new ArrayList<>();
        List<SessionStore.Write> ends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String leg = "leg-%03d".formatted(i);
            opens.add(leg(db, leg, Optional.of(T0), Optional.empty()));
            finished.add(leg(db, leg, Optional.of(T0), Optional.of(T0.plusSeconds(60))));
            SessionId id = new SessionId("s-" + leg);
            starts.add(new SessionStore.Write.Start(new SessionRecord(id, db.account(), db.app(), Optional.of(1L), List.of("conf"),
                    T0, Optional.empty(), Optional.empty())));
            starts.add(new SessionStore.Write.Line(id, new SessionLogLine(0, T0, "LIFECYCLE", "session started")));
            ends.add(new SessionStore.Write.End(id, T0.plusSeconds(60), "terminated"));
        }
        calls.write("node-a", opens, List.of());
        sessions.write(starts);
        assertThat(db.count("select count(*) from open_legs where node_id = 'node-a'")).isEqualTo(n);

        calls.write("node-a", List.of(), finished);
        sessions.write(ends);

        assertThat(db.count("select count(*) from calls where ended_at is not null and disconnect_reason = 'remote-hangup'"))
                .isEqualTo(n);
        assertThat(db.count("select count(*) from sessions where ended_at is not null")).isEqualTo(n);
        assertThat(db.count("select count(*) from open_legs")).as("finished legs are no longer listed as open").isZero();
        // Each write above ran on a connection of its own, closed after it: its backend has sent its statistics.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (db.count("select coalesce(sum(n_tup_upd), 0) from pg_stat_user_tables where relname in ('calls', 'sessions')") < 2L * n
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        for (String table : List.of("calls", "sessions")) {
            long updated = db.count("select n_tup_upd from pg_stat_user_tables where relname = '" + table + "'");
            long heapOnly = db.count("select n_tup_hot_upd from pg_stat_user_tables where relname = '" + table + "'");
            assertThat(updated).as(table + " rows updated").isEqualTo(n);
            assertThat(heapOnly).as(table + ": ends that wrote no index entry").isEqualTo(n);
        }
    }

    @Test
    void aFinishThatOvertookItsOpenRecordLeavesNoOpenLeg() throws Exception {
        Db db = database("ends-overtaken", "latest");
        CallRecordStore calls = new CallRecordStore(db.dsl());
        calls.write("node-a", List.of(), List.of(leg(db, "late", Optional.empty(), Optional.of(T0.plusSeconds(3)))));
        calls.write("node-a", List.of(leg(db, "late", Optional.empty(), Optional.empty())), List.of());
        assertThat(db.count("select count(*) from open_legs")).isZero();
        assertThat(db.count("select count(*) from calls where leg_id = 'late' and ended_at is not null")).isOne();
        assertThat(calls.closeOpen("node-a")).isZero();
    }

    @Test
    void legsOpenBeforeTheUpgradeAreClosedFromOpenLegsAfterIt() throws Exception {
        Db db = database("ends-upgrade", "7");
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            String cols = "insert into calls (leg_id, sip_call_id, account_id, application_id, direction, client_type, from_number, "
                    + "to_number, node_id, started_at, answered_at, ended_at, last_seen_at, disconnect_reason) values ";
            s.execute(cols + "('open-a', 'x', 1, 1, 'inbound', 'sip', 'a', 'b', 'node-a', '" + T0 + "', '" + T0.plusSeconds(1)
                    + "', null, '" + T0.plusSeconds(41) + "', null)");
            s.execute(cols + "('open-b', 'x', 1, 1, 'inbound', 'sip', 'a', 'b', 'node-b', '" + T0 + "', null, null, null, null)");
            s.execute(cols + "('done', 'x', 1, 1, 'inbound', 'sip', 'a', 'b', 'node-a', '" + T0 + "', null, '" + T0.plusSeconds(5)
                    + "', null, 'remote-hangup')");
        }
        Database.migrate(db.dataSource());
        assertThat(db.count("select count(*) from open_legs")).as("the two open legs, not the finished one").isEqualTo(2);

        CallRecordStore calls = new CallRecordStore(db.dsl());
        assertThat(calls.closeOpen("node-a")).isOne();
        assertThat(db.count("select count(*) from calls where leg_id = 'open-a' and disconnect_reason = 'node-stopped' "
                + "and ended_at = '" + T0.plusSeconds(41) + "' and duration_ms = 40000")).as("ended when last seen alive").isOne();
        assertThat(db.count("select count(*) from calls where leg_id = 'open-b' and ended_at is null")).as("another node's leg")
                .isOne();
        assertThat(db.count("select count(*) from open_legs")).isOne();

        calls.touchOpen("node-b", T0.plusSeconds(7));
        assertThat(calls.closeOpen("node-b")).isOne();
        assertThat(db.count("select count(*) from calls where leg_id = 'open-b' and ended_at = '" + T0.plusSeconds(7)
                + "' and duration_ms = 0")).as("never answered: no duration").isOne();
        assertThat(db.count("select count(*) from open_legs")).isZero();
    }

    @Test
    void thePurgeRemovesOnlySessionsThatEndedBeforeTheCutoff() throws Exception {
        Db db = database("ends-purge", "latest");
        SessionStore sessions = new SessionStore(db.dsl());
        Instant cutoff = T0.plus(Duration.ofHours(1));
        List<SessionStore.Write> w = new ArrayList<>();
        session(db, w, "ended-before", T0, Optional.of(T0.plusSeconds(30)));
        session(db, w, "ended-after", cutoff.minusSeconds(10), Optional.of(cutoff.plusSeconds(10)));
        session(db, w, "still-open", T0, Optional.empty());
        session(db, w, "recent", cutoff.plusSeconds(5), Optional.of(cutoff.plusSeconds(6)));
        sessions.write(w);

        assertThat(sessions.purgeEndedBefore(cutoff)).isOne();
        assertThat(db.count("select count(*) from sessions where id = 'ended-before'")).isZero();
        assertThat(db.count("select count(*) from session_log where session_id = 'ended-before'")).as("its log goes with it").isZero();
        assertThat(db.count("select count(*) from sessions")).isEqualTo(3);
        assertThat(db.count("select count(*) from session_log")).isEqualTo(3);
    }

    private static void session(Db db, List<SessionStore.Write> w, String id, Instant start, Optional<Instant> end) {
        SessionId s = new SessionId(id);
        w.add(new SessionStore.Write.Start(new SessionRecord(s, db.account(), db.app(), Optional.empty(), List.of(), start,
                Optional.empty(), Optional.empty())));
        w.add(new SessionStore.Write.Line(s, new SessionLogLine(0, start, "LIFECYCLE", "session started")));
        end.ifPresent(e -> w.add(new SessionStore.Write.End(s, e, "terminated")));
    }
}
