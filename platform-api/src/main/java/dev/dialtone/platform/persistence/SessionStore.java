package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.SESSIONS;
import static dev.dialtone.platform.persistence.jooq.Tables.SESSION_LOG;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.SessionId;
import dev.dialtone.platform.model.SessionLogLine;
import dev.dialtone.platform.model.SessionRecord;
import dev.dialtone.platform.persistence.jooq.tables.records.SessionsRecord;

/** Scenario sessions and their logs ({@code sessions}, {@code session_log}). */
public final class SessionStore implements dev.dialtone.platform.sessions.SessionLogWriter.Store {
    private final DSLContext dsl;

    public SessionStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One change the session log writer makes; a batch of them is written in one transaction. */
    public sealed interface Write {
        /** A session started (inserted once; a repeat is ignored). */
        record Start(SessionRecord session) implements Write {
        }

        /** A log line. */
        record Line(SessionId session, SessionLogLine line) implements Write {
        }

        /** A session ended. */
        record End(SessionId session, Instant at, String reason) implements Write {
        }
    }

    private static final String INSERT_START = "insert into sessions (id, account_id, application_id, rule_id, scenarios, started_at) "
            + "values (?, ?, ?, ?, ?, ?) on conflict do nothing";
    private static final String INSERT_LINE = "insert into session_log (session_id, seq, at, kind, message) values (?, ?, ?, ?, ?) "
            + "on conflict do nothing";
    private static final String UPDATE_END = "update sessions set ended_at = ?, end_reason = ? where id = ? and ended_at is null";

    /**
     * Writes {@code batch} in one transaction: starts, then lines, then ends, each kind one JDBC batch
     * of one prepared statement (plain JDBC: this runs for every session, jOOQ's rendering cost more
     * than the database did).
     */
    @Override
    public void write(List<Write> batch) {
        dsl.transaction(tx -> tx.dsl().connection(c -> {
            try (PreparedStatement starts = c.prepareStatement(INSERT_START);
                 PreparedStatement lines = c.prepareStatement(INSERT_LINE);
                 PreparedStatement ends = c.prepareStatement(UPDATE_END)) {
                int[] n = new int[3];
                for (Write w : batch) {
                    switch (w) {
                        case Write.Start s -> {
                            SessionRecord r = s.session();
                            starts.setString(1, r.id().value());
                            starts.setLong(2, r.account().value());
                            starts.setLong(3, r.application().value());
                            starts.setObject(4, r.ruleId().orElse(null), Types.BIGINT);
                            starts.setString(5, String.join("\n", r.scenarios()));
                            starts.setObject(6, time(r.startedAt()));
                            starts.addBatch();
                            n[0]++;
                        }
                        case Write.Line l -> {
                            lines.setString(1, l.session().value());
                            lines.setInt(2, l.line().seq());
                            lines.setObject(3, time(l.line().at()));
                            lines.setString(4, l.line().kind());
                            lines.setString(5, l.line().message());
                            lines.addBatch();
                            n[1]++;
                        }
                        case Write.End e -> {
                            ends.setObject(1, time(e.at()));
                            ends.setString(2, e.reason());
                            ends.setString(3, e.session().value());
                            ends.addBatch();
                            n[2]++;
                        }
                    }
                }
                if (n[0] > 0) {
                    starts.executeBatch();
                }
                if (n[1] > 0) {
                    lines.executeBatch();
                }
                if (n[2] > 0) {
                    ends.executeBatch();
                }
            }
        }));
    }

    /** Writes one change on its own (after its batch failed); returns false if the database refused it. */
    @Override
    public boolean writeOne(Write w) {
        try {
            write(List.of(w));
            return true;
        } catch (org.jooq.exception.DataAccessException e) {
            return false;
        }
    }

    /**
     * Makes sure a session's row exists (the log writer may not have written it yet) and returns its
     * history id, the number the original's API calls {@code call_session_history_id}.
     */
    public long ensureStarted(SessionRecord s) {
        return dsl.insertInto(SESSIONS)
                .set(SESSIONS.ID, s.id().value())
                .set(SESSIONS.ACCOUNT_ID, s.account().value())
                .set(SESSIONS.APPLICATION_ID, s.application().value())
                .set(SESSIONS.RULE_ID, s.ruleId().orElse(null))
                .set(SESSIONS.SCENARIOS, String.join("\n", s.scenarios()))
                .set(SESSIONS.STARTED_AT, time(s.startedAt()))
                .onConflict(SESSIONS.ID).doUpdate().set(SESSIONS.ID, SESSIONS.ID)
                .returning(SESSIONS.HISTORY_ID).fetchSingle(SESSIONS.HISTORY_ID);
    }

    public Optional<SessionRecord> find(AccountId account, SessionId id) {
        return dsl.selectFrom(SESSIONS).where(SESSIONS.ID.eq(id.value()), SESSIONS.ACCOUNT_ID.eq(account.value()))
                .fetchOptional().map(SessionStore::toSession);
    }

    /** Sessions of an application, newest first, started within [{@code from}, {@code to}). */
    public List<SessionRecord> list(AccountId account, ApplicationId app, Optional<Instant> from, Optional<Instant> to,
                                    int offset, int limit) {
        return dsl.selectFrom(SESSIONS).where(listing(account, app, from, to))
                .orderBy(SESSIONS.STARTED_AT.desc(), SESSIONS.ID).offset(offset).limit(limit)
                .fetch().map(SessionStore::toSession);
    }

    public int count(AccountId account, ApplicationId app, Optional<Instant> from, Optional<Instant> to) {
        return dsl.fetchCount(SESSIONS, listing(account, app, from, to));
    }

    private static Condition listing(AccountId account, ApplicationId app, Optional<Instant> from, Optional<Instant> to) {
        Condition c = SESSIONS.ACCOUNT_ID.eq(account.value()).and(SESSIONS.APPLICATION_ID.eq(app.value()));
        if (from.isPresent()) {
            c = c.and(SESSIONS.STARTED_AT.ge(time(from.get())));
        }
        if (to.isPresent()) {
            c = c.and(SESSIONS.STARTED_AT.lt(time(to.get())));
        }
        return c;
    }

    /** The log lines of a session in order, at most {@code limit} from {@code fromSeq}. */
    public List<SessionLogLine> log(SessionId id, int fromSeq, int limit) {
        return dsl.selectFrom(SESSION_LOG).where(SESSION_LOG.SESSION_ID.eq(id.value()), SESSION_LOG.SEQ.ge(fromSeq))
                .orderBy(SESSION_LOG.SEQ).limit(limit)
                .fetch(r -> new SessionLogLine(r.getSeq(), r.getAt().toInstant(), r.getKind(), r.getMessage()));
    }

    /** Deletes sessions (and their logs) that ended before {@code before}; returns how many. */
    @Override
    public int purgeEndedBefore(Instant before) {
        // started_at is indexed, ended_at is not (see V8): a session that ended before a time started before it.
        return dsl.deleteFrom(SESSIONS).where(SESSIONS.STARTED_AT.lt(time(before)), SESSIONS.ENDED_AT.lt(time(before))).execute();
    }

    /**
     * Marks sessions that a previous run of this node left open (it stopped without ending them) as
     * ended; returns how many. Single node: every open session in the database is this node's.
     */
    @Override
    public int endOrphans(Instant at, String reason) {
        return dsl.update(SESSIONS).set(SESSIONS.ENDED_AT, time(at)).set(SESSIONS.END_REASON, reason)
                .where(SESSIONS.ENDED_AT.isNull()).execute();
    }

    private static OffsetDateTime time(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static SessionRecord toSession(SessionsRecord r) {
        List<String> scenarios = r.getScenarios().isEmpty() ? List.of() : Arrays.asList(r.getScenarios().split("\n"));
        return new SessionRecord(new SessionId(r.getId()), new AccountId(r.getAccountId()), new ApplicationId(r.getApplicationId()),
                Optional.ofNullable(r.getRuleId()), scenarios, r.getStartedAt().toInstant(),
                Optional.ofNullable(r.getEndedAt()).map(OffsetDateTime::toInstant), Optional.ofNullable(r.getEndReason()));
    }
}
