package dev.dialtone.platform.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallId;
import dev.dialtone.core.CallLeg;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.Scheduler;
import dev.dialtone.core.SessionId;
import dev.dialtone.media.testing.RtpPeer;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.persistence.CallRecordStore;
import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.TestNode;
import dev.dialtone.pstn.CallRecord;
import dev.dialtone.pstn.InboundDecision;
import dev.dialtone.pstn.InboundInvite;
import dev.dialtone.pstn.testing.Sipp;
import dev.dialtone.pstn.testing.TestConnector;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Call records and SIP routing against a real node (PostgreSQL, API) and a real connector with SIPp:
 * the record is committed before the far end's BYE is answered, a repeated finish keeps the first
 * record, a restarted node closes what it left open (and only that), the router's decisions, and
 * both APIs showing the records.
 */
class CallRecordsIT {
    static final Duration WAIT = Duration.ofSeconds(10);

    static TestNode node;
    static Path dir;
    static String key;
    static Account acme;
    static long appId;
    static final List<CallLeg> answered = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(new BracketChecker());
        dir = Files.createTempDirectory("call-records-it");
        key = node.createAccount("acme");
        acme = node.node().services().accounts().authenticate(key);
        appId = new JsonObject(node.post(key, "/api/v1/applications", "{\"name\":\"pins\"}").body()).getLong("id");
        String apps = "/api/v1/applications/" + appId;
        long scenario = new JsonObject(node.post(key, apps + "/scenarios",
                "{\"name\":\"answer\",\"source\":\"VoxEngine.addEventListener(AppEvents.CallAlerting, e => e.call.answer());\"}")
                .body()).getLong("id");
        assertThat(node.post(key, apps + "/rules", "{\"name\":\"conf\",\"pattern\":\"conf_[0-9]+\",\"scenario_ids\":[" + scenario
                + "]}").statusCode()).isEqualTo(201);
        assertThat(node.post(key, apps + "/rules", "{\"name\":\"numbers\",\"pattern\":\"\\\\+1555[0-9]+\",\"scenario_ids\":["
                + scenario + "]}").statusCode()).isEqualTo(201);
        assertThat(node.post(key, "/api/v1/phone-numbers", "{\"number\":\"+15557770001\",\"application_id\":" + appId + "}")
                .statusCode()).isEqualTo(201);
        assertThat(node.post(key, "/api/v1/sip-trunks", "{\"name\":\"carrier\",\"host\":\"127.0.0.1\",\"allowed_sources\":"
                + "[\"127.0.0.0/8\"],\"username\":\"trunkuser\",\"password\":\"s3cret!\"}").statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        TestNode.deleteTree(dir);
    }

    /** The router with a Java "session" that answers at once. */
    static SipCallRouter router() {
        return new SipCallRouter(node.node().services(), "dialtone.local", route -> leg -> {
            answered.add(leg);
            leg.answer(Map.of());
            return CompletableFuture.completedFuture(SessionId.random());
        }, System::nanoTime);
    }

    static InboundInvite invite(String user, String host, String source) throws Exception {
        return new InboundInvite(user, host, "+15550001111", "", InetAddress.getByName(source), "udp", Map.of());
    }

    @Test
    void byeIsAnsweredOnlyAfterTheRecordIsCommitted() throws Exception {
        CallRecords records = node.node().services().callRecords();
        try (TestConnector c = TestConnector.start(dir.resolve("bye"), router(), new AccountTrunks(node.node().services().trunks()),
                records, b -> b); RtpPeer peer = RtpPeer.open();
             Sipp sipp = Sipp.in(dir.resolve("bye-sipp")).scenario("/sipp/node_call.xml", Map.of("[hold_ms]", "800"))
                     .keys(Map.of("app_host", "pins.acme.dialtone.local", "rtp_port", Integer.toString(peer.address().getPort())))
                     .args("-s", "conf_42", "-m", "1", "-timeout", "30s", "-timeout_error");
             Connection db = node.database().connect()) {
            sipp.start(c.target());
            String leg = awaitOpenRow("conf_42");
            db.setAutoCommit(false);
            try (PreparedStatement lock = db.prepareStatement("select id from calls where leg_id = ? for update")) {
                lock.setString(1, leg);
                lock.executeQuery().close();
            }
            // SIPp sends its BYE 800 ms after the answer; the node's record write now waits for our lock.
            Thread.sleep(2_500);
            assertThat(sipp.isRunning()).as("SIPp still waits for the 200 to its BYE while the record cannot commit").isTrue();
            assertThat(endedAt(leg)).as("not yet finished").isNull();
            db.commit();
            Sipp.Result r = sipp.await(Duration.ofSeconds(20));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            StoredCall call = node.node().services().callHistory().calls(acme, query(List.of())).calls().stream()
                    .filter(s -> s.record().legId().value().equals(leg)).findFirst().orElseThrow();
            CallRecord rec = call.record();
            assertThat(rec.disconnectReason()).isEqualTo("remote-hangup");
            assertThat(rec.sipCode()).isEqualTo(200);
            assertThat(rec.direction()).isEqualTo(CallDirection.INBOUND);
            assertThat(rec.clientType()).isEqualTo(ClientType.SIP);
            assertThat(rec.to()).isEqualTo("conf_42");
            assertThat(rec.from()).isEqualTo("+15550001111");
            assertThat(rec.session()).isPresent();
            assertThat(rec.answeredAt()).isPresent();
            assertThat(rec.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(700));

            JsonObject page = new JsonObject(node.get(key, "/api/v1/calls?number=conf_42").body());
            JsonObject view = page.getJsonArray("calls").getJsonObject(0);
            assertThat(view.getString("call_id")).isEqualTo(leg);
            assertThat(view.getString("direction")).isEqualTo("inbound");
            assertThat(view.getString("client_type")).isEqualTo("sip");
            assertThat(view.getString("disconnect_reason")).isEqualTo("remote-hangup");
            assertThat(view.getInteger("sip_code")).isEqualTo(200);
            assertThat(view.getString("log_url")).isEqualTo("/api/v1/sessions/" + rec.session().get().value() + "/log");
            assertThat(view.getLong("application_id")).isEqualTo(appId);

            String q = "account_name=acme&api_key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&with_calls=true"
                    + "&application_id=" + appId + "&remote_number=%2B15550001111";
            JsonObject history = new JsonObject(node.get(null, "/platform_api/GetCallHistory?" + q).body());
            assertThat(history.containsKey("error")).as(history.encode()).isFalse();
            JsonObject session = history.getJsonArray("result").stream().map(JsonObject.class::cast)
                    .filter(s -> s.getLong("call_session_history_id") == call.id()).findFirst().orElseThrow();
            assertThat(session.getString("application_name")).isEqualTo("pins.acme.dialtone.local");
            assertThat(session.getString("log_file_url")).endsWith(rec.session().get().value() + "/log");
            assertThat(session.getString("start_date")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
            JsonObject historyCall = session.getJsonArray("calls").getJsonObject(0);
            assertThat(historyCall.getBoolean("incoming")).isTrue();
            assertThat(historyCall.getBoolean("successful")).isTrue();
            assertThat(historyCall.getString("remote_number")).isEqualTo("+15550001111");
            assertThat(historyCall.getString("local_number")).isEqualTo("conf_42");
            assertThat(history.getString("timezone")).isEqualTo("UTC");
        }
    }

    @Test
    void trunkCallsReachTheNumbersApplication() throws Exception {
        try (TestConnector c = TestConnector.start(dir.resolve("trunk"), router(), new AccountTrunks(node.node().services().trunks()),
                node.node().services().callRecords(), b -> b); RtpPeer peer = RtpPeer.open();
             Sipp sipp = Sipp.in(dir.resolve("trunk-sipp")).scenario("/sipp/node_call.xml", Map.of("[hold_ms]", "200"))
                     .keys(Map.of("app_host", "127.0.0.1", "rtp_port", Integer.toString(peer.address().getPort())))
                     .args("-s", "+15557770001", "-m", "1", "-timeout", "30s", "-timeout_error")) {
            Sipp.Result r = sipp.run(c.target(), Duration.ofSeconds(30));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
        }
        JsonObject page = awaitCalls("/api/v1/calls?number=%2B15557770001&application_id=" + appId, 1);
        JsonObject view = page.getJsonArray("calls").getJsonObject(0);
        assertThat(view.getString("client_type")).isEqualTo("pstn");
        assertThat(view.getLong("trunk_id")).isNotNull();
        assertThat(view.getString("to")).isEqualTo("+15557770001");
    }

    @Test
    void aFullNodeAnswers503WithRetryAfter() throws Exception {
        String reject503 = "<recv response=\"503\"><action><ereg regexp=\"[0-9]+\" search_in=\"hdr\" header=\"Retry-After:\" "
                + "check_it=\"true\" assign_to=\"ra\"/></action></recv>";
        try (TestConnector c = TestConnector.start(dir.resolve("full"), router(), new AccountTrunks(node.node().services().trunks()),
                node.node().services().callRecords(), b -> b.maxLiveCalls(1)); RtpPeer peer = RtpPeer.open();
             Sipp first = Sipp.in(dir.resolve("full-first")).scenario("/sipp/node_call.xml", Map.of("[hold_ms]", "2500"))
                     .keys(Map.of("app_host", "pins.acme.dialtone.local", "rtp_port", Integer.toString(peer.address().getPort())))
                     .args("-s", "conf_9", "-m", "1", "-timeout", "30s", "-timeout_error");
             Sipp second = Sipp.in(dir.resolve("full-second")).scenario("/sipp/call_rejected.xml",
                             Map.of("<recv response=\"486\"/>", reject503, "</scenario>", "<Reference variables=\"ra\"/></scenario>"))
                     .keys(Map.of("rtp_port", Integer.toString(peer.address().getPort())))
                     .args("-s", "+15557770001", "-m", "1", "-timeout", "30s", "-timeout_error")) {
            first.start(c.target());
            awaitOpenRow("conf_9");
            Sipp.Result refused = second.run(c.target(), Duration.ofSeconds(30));
            assertThat(refused.allSucceeded()).as("503 with a Retry-After header while the one allowed call lasts\n"
                    + refused.output()).isTrue();
            assertThat(first.await(Duration.ofSeconds(30)).allSucceeded()).isTrue();
        }
    }

    @Test
    void routerAnswersTheIssuesCodes() throws Exception {
        SipCallRouter router = router();
        assertThat(router.route(invite("conf_7", "pins.acme.dialtone.local", "192.0.2.9")))
                .as("direct addressing needs no trunk").isInstanceOf(InboundDecision.Accept.class);
        InboundDecision.Accept a = (InboundDecision.Accept) router.route(invite("+15557770001", "10.0.0.1", "127.0.0.1"));
        assertThat(a.clientType()).isEqualTo(ClientType.PSTN);
        assertThat(a.application().value()).isEqualTo(appId);
        assertThat(a.applicationName()).isEqualTo("pins.acme.dialtone.local");
        assertThat(a.trunkId()).isPresent();
        assertThat(((InboundDecision.Accept) router.route(invite("15557770001", "10.0.0.1", "127.0.0.2"))).dialed())
                .as("a number without its + is found").isEqualTo("+15557770001");
        assertThat(code(router.route(invite("+15557770001", "10.0.0.1", "192.0.2.9")))).as("not a trunk's source").isEqualTo(403);
        assertThat(code(router.route(invite("+15550000000", "10.0.0.1", "127.0.0.1")))).as("unknown number").isEqualTo(404);
        assertThat(code(router.route(invite("conf_7", "nope.acme.dialtone.local", "127.0.0.1")))).as("unknown app").isEqualTo(404);
        assertThat(code(router.route(invite("conf_7", "pins.nobody.dialtone.local", "127.0.0.1")))).as("unknown account")
                .isEqualTo(404);
        assertThat(code(router.route(invite("hello", "pins.acme.dialtone.local", "127.0.0.1")))).as("no rule").isEqualTo(404);
        assertThat(code(router.route(invite("", "pins.acme.dialtone.local", "127.0.0.1")))).as("no user").isEqualTo(404);
    }

    @Test
    void outboundTrunkCarriesTheDecryptedPasswordOnlyInMemory() throws Exception {
        var target = new AccountTrunks(node.node().services().trunks()).trunkFor(acme.id(), new ApplicationId(appId)).orElseThrow();
        assertThat(target.host()).isEqualTo("127.0.0.1");
        assertThat(target.credentials()).get().extracting(cr -> cr.username(), cr -> cr.password())
                .containsExactly("trunkuser", "s3cret!");
        assertThat(target.toString()).doesNotContain("s3cret!");
        assertThat(new AccountTrunks(node.node().services().trunks()).trunkFor(new AccountId(999_999), new ApplicationId(appId)))
                .isEmpty();
    }

    @Test
    void aSecondFinishKeepsTheFirstRecord() throws Exception {
        CallRecords records = node.node().services().callRecords();
        CallRecord open = record("dup-leg", Optional.empty(), "", 0);
        records.begin(open);
        records.finish(record("dup-leg", Optional.of(Instant.now()), "remote-hangup", 200)).toCompletableFuture().get();
        records.finish(record("dup-leg", Optional.of(Instant.now()), "local-hangup", 486)).toCompletableFuture().get();
        records.begin(open); // a late begin changes nothing either
        Thread.sleep(300);
        List<StoredCall> rows = node.node().services().callHistory().calls(acme, query(List.of("dup-from"))).calls();
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().record().disconnectReason()).isEqualTo("remote-hangup");
        assertThat(rows.getFirst().record().sipCode()).isEqualTo(200);
    }

    @Test
    void openRecordsArrivingTogetherShareACommit() throws Exception {
        CallRecords records = node.node().services().callRecords();
        for (int i = 0; i < 8; i++) {
            records.begin(record("linger-" + i, Optional.empty(), "", 0));
            Thread.sleep(1); // an idle writer without the linger commits each on its own
        }
        records.finish(record("linger-done", Optional.of(Instant.now()), "remote-hangup", 200)).toCompletableFuture()
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        try (Connection db = node.database().connect()) {
            try (PreparedStatement q = db.prepareStatement("select count(*) from calls where leg_id like 'linger-%'")) {
                ResultSet rs = q.executeQuery();
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(9);
            }
            // one commit (two if this machine paused us past the linger); several without it
            assertThat(transactionsOf(db, "linger-%")).as("eight open records and a finished one").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void queuedRecordsCommitTogetherAndABadOneFailsAlone() throws Exception {
        CallRecords records = node.node().services().callRecords();
        try (Connection db = node.database().connect()) {
            CompletableFuture<Void> stalled = stallTheWriter(records, db, "blocker-leg");
            List<CompletableFuture<Void>> group = finishLegs(records, "group-", 40);
            Thread.sleep(300);
            assertThat(group).as("nothing is committed while the writer waits").noneMatch(CompletableFuture::isDone);
            db.commit();
            stalled.get(10, java.util.concurrent.TimeUnit.SECONDS);
            CompletableFuture.allOf(group.toArray(CompletableFuture[]::new)).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(transactionsOf(db, "group-%")).as("40 records, one commit").isEqualTo(1);

            // An account deleted while its call was up: its record cannot be stored, the others still are.
            stalled = stallTheWriter(records, db, "blocker-leg");
            List<CompletableFuture<Void>> mixed = finishLegs(records, "mixed-", 10);
            CallRecord orphan = record("orphan-leg", Optional.of(Instant.now()), "remote-hangup", 200);
            CompletableFuture<Void> bad = records.finish(new CallRecord(orphan.legId(), orphan.sipCallId(), new AccountId(987_654_321L),
                    orphan.application(), orphan.session(), orphan.direction(), orphan.clientType(), orphan.from(), orphan.to(),
                    orphan.trunkId(), orphan.startedAt(), orphan.answeredAt(), orphan.endedAt(), orphan.duration(),
                    orphan.disconnectReason(), orphan.sipCode())).toCompletableFuture();
            db.commit();
            stalled.get(10, java.util.concurrent.TimeUnit.SECONDS);
            CompletableFuture.allOf(mixed.toArray(CompletableFuture[]::new)).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(bad).failsWithin(Duration.ofSeconds(10));
            try (PreparedStatement q = db.prepareStatement("select count(*) from calls where leg_id like 'mixed-%' and ended_at is not null")) {
                ResultSet rs = q.executeQuery();
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(10);
            }
            db.commit();
        }
    }

    @Test
    void aLegFinishedTwiceInOneBatchIsWrittenOnceWithTheRestOfTheBatch() throws Exception {
        CallRecords records = node.node().services().callRecords();
        try (Connection db = node.database().connect()) {
            CompletableFuture<Void> stalled = stallTheWriter(records, db, "twice-blocker");
            // with the two below, one block of 8: the driver rewrites batches in powers of two
            List<CompletableFuture<Void>> batch = finishLegs(records, "pair-", 6);
            batch.add(records.finish(record("pair-dup", Optional.of(Instant.now()), "remote-hangup", 200)).toCompletableFuture());
            batch.add(records.finish(record("pair-dup", Optional.of(Instant.now()), "local-hangup", 486)).toCompletableFuture());
            db.commit();
            stalled.get(10, java.util.concurrent.TimeUnit.SECONDS);
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(10, java.util.concurrent.TimeUnit.SECONDS);
            // One multi-row upsert cannot change a row twice: without the de-duplication the batch fails and is
            // written again row by row, one commit each.
            assertThat(transactionsOf(db, "pair-%")).as("seven legs, one commit").isEqualTo(1);
            try (PreparedStatement q = db.prepareStatement("select disconnect_reason, sip_code from calls where leg_id = 'pair-dup'")) {
                ResultSet rs = q.executeQuery();
                rs.next();
                assertThat(rs.getString(1)).as("the first finish wins").isEqualTo("remote-hangup");
                assertThat(rs.getInt(2)).isEqualTo(200);
            }
            db.commit();
        }
    }

    /** Finishes {@code n} answered legs named {@code prefix0} to {@code prefix<n-1>}; the futures complete at their commit. */
    private static List<CompletableFuture<Void>> finishLegs(CallRecords records, String prefix, int n) {
        List<CompletableFuture<Void>> finished = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            finished.add(records.finish(record(prefix + i, Optional.of(Instant.now()), "remote-hangup", 200)).toCompletableFuture());
        }
        return finished;
    }

    /**
     * Stalls the writer: {@code leg} is finished, {@code db} (from now on not auto-committing) locks its row, and a
     * second finish of that leg makes the writer wait for the lock. Everything queued meanwhile goes into its next
     * transaction, until {@code db} commits.
     */
    private static CompletableFuture<Void> stallTheWriter(CallRecords records, Connection db, String leg) throws Exception {
        records.finish(record(leg, Optional.of(Instant.now()), "remote-hangup", 200)).toCompletableFuture().get();
        db.setAutoCommit(false);
        holdRow(db, leg);
        CompletableFuture<Void> stalled = records.finish(record(leg, Optional.of(Instant.now()), "x", 500)).toCompletableFuture();
        awaitWriterWaiting();
        return stalled;
    }

    /** Waits until a session of the database waits for a row lock (the writer, on our row). */
    private static void awaitWriterWaiting() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        try (Connection c = node.database().connect();
             PreparedStatement q = c.prepareStatement("select count(*) from pg_stat_activity where wait_event_type = 'Lock'")) {
            while (System.nanoTime() < deadline) {
                ResultSet rs = q.executeQuery();
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the call record writer never waited for the held row");
    }

    private static void holdRow(Connection db, String leg) throws Exception {
        try (PreparedStatement lock = db.prepareStatement("select id from calls where leg_id = ? for update")) {
            lock.setString(1, leg);
            lock.executeQuery().close();
        }
    }

    private static int transactionsOf(Connection db, String legPattern) throws Exception {
        try (PreparedStatement q = db.prepareStatement("select count(distinct xmin::text) from calls where leg_id like ?")) {
            q.setString(1, legPattern);
            ResultSet rs = q.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aRestartedNodeClosesOnlyTheRecordsItLeftOpen() throws Exception {
        CallRecordStore store = new CallRecordStore(node.node().services().database().dsl());
        Instant answered = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(20);
        store.insertOpen("crashed-node", record("crash-leg", Optional.empty(), "", 0));
        store.insertOpen("crashed-node", new CallRecord(new CallId("crash-leg-2"), "sip-2", acme.id(), new ApplicationId(appId),
                Optional.of(SessionId.random()), CallDirection.INBOUND, ClientType.PSTN, "crash-from", "+1", Optional.empty(),
                answered.minusSeconds(1), Optional.of(answered), Optional.empty(), Duration.ZERO, "", 0));
        store.touchOpen("crashed-node", answered.plusSeconds(12));
        store.insertOpen("live-node", record("live-leg", Optional.empty(), "", 0));

        CallRecords restarted = CallRecords.start(store, "crashed-node", Scheduler.system(
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor()));
        restarted.close();

        Map<String, CallRecord> byLeg = new HashMap<>();
        node.node().services().callHistory().calls(acme, query(List.of("crash-from"))).calls()
                .forEach(s -> byLeg.put(s.record().legId().value(), s.record()));
        assertThat(byLeg.get("crash-leg").disconnectReason()).isEqualTo("node-stopped");
        assertThat(byLeg.get("crash-leg").endedAt()).isPresent();
        assertThat(byLeg.get("crash-leg-2").endedAt()).as("ended when the node last saw it alive").contains(answered.plusSeconds(12));
        assertThat(byLeg.get("crash-leg-2").duration()).isEqualTo(Duration.ofSeconds(12));
        assertThat(byLeg.get("live-leg").finished()).as("another node's live call stays open").isFalse();
    }

    @Test
    void callsApiValidatesItsQuery() throws Exception {
        assertThat(node.get(key, "/api/v1/calls?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(node.get(key, "/api/v1/calls?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z").statusCode()).isEqualTo(400);
        assertThat(node.get(key, "/api/v1/calls?limit=5000").statusCode()).isEqualTo(400);
        assertThat(node.get(null, "/api/v1/calls").statusCode()).isEqualTo(401);
        String other = node.createAccount("other");
        JsonObject page = new JsonObject(node.get(other, "/api/v1/calls").body());
        assertThat(page.getJsonArray("calls")).as("another account sees none of acme's calls").isEqualTo(new JsonArray());
        assertThat(page.getInteger("total")).isZero();
        JsonObject bad = new JsonObject(node.get(null, "/platform_api/GetCallHistory?account_name=acme&api_key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&from_date=2026-13-01").body());
        assertThat(bad.getJsonObject("error").getString("msg")).contains("from_date");
    }

    static CallRecord record(String leg, Optional<Instant> ended, String reason, int code) {
        Instant start = Instant.now().minusSeconds(5);
        return new CallRecord(new CallId(leg), "sip-" + leg, acme.id(), new ApplicationId(appId), Optional.empty(),
                CallDirection.INBOUND, ClientType.SIP, leg.startsWith("crash") ? "crash-from" : leg.startsWith("live")
                ? "crash-from" : leg.startsWith("pair") || leg.startsWith("twice") ? "pair-from" : "dup-from", "conf_1",
                Optional.empty(), start, Optional.empty(), ended, Duration.ZERO, reason, code);
    }

    static CallQuery query(List<String> numbers) {
        return new CallQuery(Optional.empty(), Optional.empty(), Optional.empty(), numbers, List.of(), List.of(), List.of(), 0, 1000);
    }

    static int code(InboundDecision d) {
        return ((InboundDecision.Reject) d).code();
    }

    static String awaitOpenRow(String to) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection db = node.database().connect();
             PreparedStatement s = db.prepareStatement("select leg_id from calls where to_number = ? and ended_at is null")) {
            s.setString(1, to);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
                LockSupport.parkNanos(10_000_000);
            }
        }
        throw new AssertionError("no open call record to " + to + " within " + WAIT);
    }

    static Object endedAt(String leg) throws Exception {
        try (Connection db = node.database().connect();
             PreparedStatement s = db.prepareStatement("select ended_at from calls where leg_id = ?")) {
            s.setString(1, leg);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getObject(1) : "missing";
            }
        }
    }

    static JsonObject awaitCalls(String path, int n) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject page;
        do {
            page = new JsonObject(node.get(key, path).body());
            if (page.getJsonArray("calls").size() >= n && page.getJsonArray("calls").getJsonObject(0).getString("ended_at") != null) {
                return page;
            }
            LockSupport.parkNanos(20_000_000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("calls did not appear: " + page.encode());
    }
}
