package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.CALLS;
import static dev.dialtone.platform.persistence.jooq.Tables.OPEN_LEGS;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallId;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.SessionId;
import dev.dialtone.platform.calls.CallQuery;
import dev.dialtone.platform.calls.SessionCalls;
import dev.dialtone.platform.calls.StoredCall;
import dev.dialtone.platform.persistence.jooq.tables.records.CallsRecord;
import dev.dialtone.pstn.CallRecord;

/**
 * Call records (table {@code calls}). A leg's finished record is written at most once: the upsert
 * changes a row only while it is still open, so a retried or repeated {@code finish} keeps the first.
 */
public final class CallRecordStore {
    static final int MAX_TEXT = 256;

    /** Groups a session's legs; a leg that never reached a session is a group of its own. */
    private static final Field<String> SESSION_KEY = DSL.coalesce(CALLS.SESSION_ID, DSL.inline("leg:").concat(CALLS.LEG_ID));

    private final DSLContext dsl;

    public CallRecordStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The row's columns in the order of {@link #bind}; plain JDBC, no rendering (these run for every call). */
    private static final String COLUMNS = "leg_id, sip_call_id, account_id, application_id, session_id, direction, "
            + "client_type, from_number, to_number, trunk_id, node_id, started_at, answered_at, ended_at, duration_ms, "
            + "disconnect_reason, sip_code";
    private static final String INSERT = "insert into calls (" + COLUMNS + ") values "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_OPEN = INSERT + " on conflict (leg_id) do nothing";
    private static final String UPSERT_FINISHED = INSERT + " on conflict (leg_id) do update set "
            + "session_id = coalesce(excluded.session_id, calls.session_id), "
            + "trunk_id = coalesce(excluded.trunk_id, calls.trunk_id), "
            + "sip_call_id = excluded.sip_call_id, from_number = excluded.from_number, to_number = excluded.to_number, "
            + "answered_at = excluded.answered_at, ended_at = excluded.ended_at, duration_ms = excluded.duration_ms, "
            + "disconnect_reason = excluded.disconnect_reason, sip_code = excluded.sip_code where calls.ended_at is null";

    /** Lists in {@code open_legs} the given legs whose record is still open (one statement for a whole batch). */
    private static final String LIST_OPEN = "insert into open_legs (leg_id, node_id) select leg_id, ? from calls "
            + "where leg_id = any(?) and ended_at is null on conflict (leg_id) do nothing";
    private static final String UNLIST_OPEN = "delete from open_legs where leg_id = any(?)";

    /** Stores the open record unless the leg already has one (a finish may have overtaken it). */
    public void insertOpen(String nodeId, CallRecord open) {
        write(nodeId, List.of(open), List.of());
    }

    /**
     * Stores the finished record: inserts it, or completes the open row. Returns false if the leg was
     * already finished (the stored record is kept).
     */
    public boolean finish(String nodeId, CallRecord done) {
        return write(nodeId, List.of(), List.of(done))[0];
    }

    /**
     * Writes open and finished records in one transaction (one round trip each: JDBC batches of one
     * prepared statement), opens first. Returns, for each finished record in order, whether it changed
     * a row (false: the leg was already finished). Callers sort by leg so that two concurrent batches
     * lock rows in the same order.
     * <p>
     * An open leg is also listed in {@code open_legs} (unless a finish overtook its open record), and a
     * finished one leaves it: a node that stops without ending its calls finds there what it left open.
     */
    public boolean[] write(String nodeId, List<CallRecord> opens, List<CallRecord> finished) {
        boolean[] changed = new boolean[finished.size()];
        dsl.transaction(tx -> tx.dsl().connection(c -> {
            if (!opens.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(INSERT_OPEN)) {
                    for (CallRecord r : opens) {
                        bind(ps, nodeId, r);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement(LIST_OPEN)) {
                    ps.setString(1, nodeId);
                    ps.setArray(2, c.createArrayOf("varchar", legs(opens)));
                    ps.executeUpdate();
                }
            }
            if (!finished.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(UPSERT_FINISHED)) {
                    for (CallRecord r : finished) {
                        bind(ps, nodeId, r);
                        ps.addBatch();
                    }
                    int[] counts = ps.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        changed[i] = counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO;
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(UNLIST_OPEN)) {
                    ps.setArray(1, c.createArrayOf("varchar", legs(finished)));
                    ps.executeUpdate();
                }
            }
        }));
        return changed;
    }

    private static Object[] legs(List<CallRecord> records) {
        return records.stream().map(r -> r.legId().value()).toArray();
    }

    /** Binds a row's values in the order of {@link #COLUMNS}. */
    private static void bind(PreparedStatement ps, String nodeId, CallRecord r) throws SQLException {
        ps.setString(1, r.legId().value());
        ps.setString(2, cut(r.sipCallId()));
        ps.setLong(3, r.account().value());
        ps.setLong(4, r.application().value());
        ps.setString(5, r.session().map(SessionId::value).orElse(null));
        ps.setString(6, r.direction().name().toLowerCase(Locale.ROOT));
        ps.setString(7, r.clientType().scenarioName());
        ps.setString(8, cut(r.from()));
        ps.setString(9, cut(r.to()));
        ps.setObject(10, r.trunkId().orElse(null), Types.BIGINT);
        ps.setString(11, nodeId);
        ps.setObject(12, at(r.startedAt()));
        ps.setObject(13, r.answeredAt().map(CallRecordStore::at).orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setObject(14, r.endedAt().map(CallRecordStore::at).orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setLong(15, r.duration().toMillis());
        ps.setString(16, r.finished() ? cut(r.disconnectReason()) : null);
        if (r.finished() && r.sipCode() > 0) {
            ps.setInt(17, r.sipCode());
        } else {
            ps.setNull(17, Types.INTEGER);
        }
    }

    /** Marks this node's open legs as alive at {@code now} (what a crash recovery takes as their end). */
    public int touchOpen(String nodeId, Instant now) {
        return dsl.update(OPEN_LEGS).set(OPEN_LEGS.LAST_SEEN_AT, at(now)).where(OPEN_LEGS.NODE_ID.eq(nodeId)).execute();
    }

    /** A leg's end when its node stopped without ending it: when the node last saw it alive, or its start / answer. */
    private static final String STOPPED_END = "greatest(coalesce(o.last_seen_at, c.started_at), c.started_at, "
            + "coalesce(c.answered_at, c.started_at))";
    private static final String CLOSE_OPEN = "update calls c set ended_at = " + STOPPED_END + ", "
            + "duration_ms = case when c.answered_at is null then 0 "
            + "else (extract(epoch from (" + STOPPED_END + " - c.answered_at)) * 1000)::bigint end, "
            + "disconnect_reason = 'node-stopped' "
            + "from open_legs o where o.leg_id = c.leg_id and o.node_id = ? and c.ended_at is null";

    /**
     * Closes the records this node left open when it stopped without ending its calls: the end is the
     * last time the node saw them alive (or their start / answer), the reason {@code node-stopped}.
     */
    public int closeOpen(String nodeId) {
        return dsl.transactionResult(tx -> {
            int closed = tx.dsl().execute(CLOSE_OPEN, nodeId);
            tx.dsl().deleteFrom(OPEN_LEGS).where(OPEN_LEGS.NODE_ID.eq(nodeId)).execute();
            return closed;
        });
    }

    public Optional<StoredCall> findByLeg(AccountId account, CallId leg) {
        return dsl.selectFrom(CALLS).where(CALLS.ACCOUNT_ID.eq(account.value()), CALLS.LEG_ID.eq(leg.value())).fetchOptional()
                .map(CallRecordStore::toCall);
    }

    /** One page of an account's calls, oldest first. */
    public List<StoredCall> list(AccountId account, CallQuery q) {
        return dsl.selectFrom(CALLS).where(conditions(account, q)).orderBy(CALLS.STARTED_AT, CALLS.ID)
                .offset(q.offset()).limit(q.limit()).fetch().map(CallRecordStore::toCall);
    }

    public int count(AccountId account, CallQuery q) {
        return dsl.fetchCount(CALLS, conditions(account, q));
    }

    /**
     * One page of an account's sessions that have calls matching {@code q} (its offset and limit
     * count sessions), each with all its calls. A session's history id is the id of its first call.
     */
    public List<SessionCalls> sessions(AccountId account, CallQuery q, boolean descending) {
        Field<Long> historyId = DSL.min(CALLS.ID).as("history_id");
        Field<OffsetDateTime> start = DSL.min(CALLS.STARTED_AT).as("session_start");
        var page = dsl.select(SESSION_KEY.as("session_key"), historyId, start).from(CALLS).where(conditions(account, q))
                .groupBy(SESSION_KEY)
                .orderBy(descending ? start.desc() : start.asc(), descending ? historyId.desc() : historyId.asc())
                .offset(q.offset()).limit(q.limit()).fetch();
        List<String> keys = page.map(r -> r.get("session_key", String.class));
        List<StoredCall> calls = keys.isEmpty() ? List.of()
                : dsl.selectFrom(CALLS).where(CALLS.ACCOUNT_ID.eq(account.value()), SESSION_KEY.in(keys))
                        .orderBy(CALLS.STARTED_AT, CALLS.ID).fetch().map(CallRecordStore::toCall);
        List<SessionCalls> out = new ArrayList<>(page.size());
        for (Record r : page) {
            String key = r.get("session_key", String.class);
            List<StoredCall> mine = calls.stream().filter(c -> key.equals(sessionKey(c))).toList();
            out.add(new SessionCalls(r.get("history_id", Long.class), mine));
        }
        return out;
    }

    public int countSessions(AccountId account, CallQuery q) {
        return dsl.fetchCount(dsl.selectDistinct(SESSION_KEY).from(CALLS).where(conditions(account, q)));
    }

    /** The session of a history id (the id of its first call), if that call belongs to the account. */
    public Optional<String> sessionKeyOf(AccountId account, long historyId) {
        return dsl.select(SESSION_KEY).from(CALLS).where(CALLS.ACCOUNT_ID.eq(account.value()), CALLS.ID.eq(historyId))
                .fetchOptional(0, String.class);
    }

    private static String sessionKey(StoredCall c) {
        return c.record().session().map(SessionId::value).orElse("leg:" + c.record().legId().value());
    }

    private static Condition conditions(AccountId account, CallQuery q) {
        Condition c = CALLS.ACCOUNT_ID.eq(account.value());
        if (q.from().isPresent()) {
            c = c.and(CALLS.STARTED_AT.ge(at(q.from().get())));
        }
        if (q.to().isPresent()) {
            c = c.and(CALLS.STARTED_AT.lt(at(q.to().get())));
        }
        if (q.application().isPresent()) {
            c = c.and(CALLS.APPLICATION_ID.eq(q.application().get().value()));
        }
        if (!q.numbers().isEmpty()) {
            c = c.and(CALLS.FROM_NUMBER.in(q.numbers()).or(CALLS.TO_NUMBER.in(q.numbers())));
        }
        if (!q.remoteNumbers().isEmpty()) {
            Collection<String> n = q.remoteNumbers();
            c = c.and(CALLS.DIRECTION.eq("inbound").and(CALLS.FROM_NUMBER.in(n))
                    .or(CALLS.DIRECTION.eq("outbound").and(CALLS.TO_NUMBER.in(n))));
        }
        if (!q.localNumbers().isEmpty()) {
            Collection<String> n = q.localNumbers();
            c = c.and(CALLS.DIRECTION.eq("inbound").and(CALLS.TO_NUMBER.in(n))
                    .or(CALLS.DIRECTION.eq("outbound").and(CALLS.FROM_NUMBER.in(n))));
        }
        if (!q.sessionKeys().isEmpty()) {
            c = c.and(SESSION_KEY.in(q.sessionKeys()));
        }
        return c;
    }

    private static StoredCall toCall(CallsRecord r) {
        CallRecord rec = new CallRecord(new CallId(r.getLegId()), r.getSipCallId(), new AccountId(r.getAccountId()),
                new ApplicationId(r.getApplicationId()), Optional.ofNullable(r.getSessionId()).map(SessionId::new),
                CallDirection.valueOf(r.getDirection().toUpperCase(Locale.ROOT)), clientType(r.getClientType()),
                r.getFromNumber(), r.getToNumber(), Optional.ofNullable(r.getTrunkId()), r.getStartedAt().toInstant(),
                Optional.ofNullable(r.getAnsweredAt()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.getEndedAt()).map(OffsetDateTime::toInstant), Duration.ofMillis(Math.max(0, r.getDurationMs())),
                r.getDisconnectReason() == null ? "" : r.getDisconnectReason(), r.getSipCode() == null ? 0 : r.getSipCode());
        return new StoredCall(r.getId(), rec);
    }

    private static ClientType clientType(String name) {
        for (ClientType t : ClientType.values()) {
            if (t.scenarioName().equals(name)) {
                return t;
            }
        }
        throw new IllegalStateException("unknown client type in the calls table: " + name);
    }

    private static OffsetDateTime at(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** SIP user parts and Call-IDs can be long; the record keeps their first 256 characters. */
    private static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
