package dev.dialtone.pstn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallEvent;
import dev.dialtone.core.CallLeg;
import dev.dialtone.core.CallState;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.OutboundCall;
import dev.dialtone.core.SessionId;
import dev.dialtone.media.testing.RtpPeer;
import dev.dialtone.pstn.internal.sip.DigestAuthTestAccess;
import dev.dialtone.pstn.testing.RecordingSink;
import dev.dialtone.pstn.testing.Sipp;
import dev.dialtone.pstn.testing.TestConnector;
import dev.dialtone.pstn.testing.TestSessions;

/** Outbound calls through a trunk to SIPp acting as the carrier (UAS). */
class OutboundCallIT {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final SessionId SESSION = SessionId.random();

    @TempDir
    Path dir;

    static OutboundCall pstn(String number) {
        return new OutboundCall(TestSessions.ACCOUNT, TestSessions.APPLICATION, SESSION, OutboundCall.Kind.PSTN, number,
                "+15550000000", "Dialtone test", Map.of("X-Campaign", "spring"));
    }

    private Sipp carrier(String scenario, int port, RtpPeer peer, Map<String, String> literals) throws Exception {
        Map<String, String> replace = new HashMap<>(literals);
        replace.put("[rtp_port]", Integer.toString(peer.address().getPort()));
        return Sipp.in(dir.resolve(scenario)).scenario("/sipp/" + scenario, replace)
                .args("-p", Integer.toString(port), "-m", "1", "-timeout", "30s", "-timeout_error")
                .logging();
    }

    private TestConnector node(TestSessions sessions, RecordingSink records, int carrierPort, Optional<DigestCredentials> creds)
            throws Exception {
        return TestConnector.start(dir, sessions,
                (account, app) -> Optional.of(new TrunkTarget(7, "127.0.0.1", carrierPort, "udp", creds)), records, b -> b);
    }

    @Test
    void callThroughTheTrunkRingsConnectsCarriesMediaAndHangsUp() throws Exception {
        int port = Sipp.freePort();
        TestSessions sessions = new TestSessions().onEvent((leg, e) -> {
            if (e instanceof CallEvent.Connected) {
                new Thread(() -> {
                    sleep(1500);
                    leg.hangup(Map.of());
                }).start();
            }
        });
        RecordingSink records = new RecordingSink();
        try (RtpPeer peer = RtpPeer.open(); Sipp sipp = carrier("carrier_answers.xml", port, peer, Map.of());
             TestConnector c = node(sessions, records, port, Optional.empty())) {
            sipp.start("127.0.0.1:" + c.connector().port());
            Thread.sleep(300); // let SIPp bind its port
            CallLeg leg = sessions.watch(c.connector().place(pstn("+15551234567")));
            assertThat(leg.state()).isEqualTo(CallState.PROGRESSING);
            assertThat(leg.info().direction()).isEqualTo(CallDirection.OUTBOUND);
            assertThat(leg.info().clientType()).isEqualTo(ClientType.PSTN);
            Sipp.Result r = sipp.await(Duration.ofSeconds(40));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            assertThat(sessions.await(CallEvent.Disconnected.class, WAIT)).as("events reach the session after SIPp ends").isPresent();
            assertThat(sessions.events(leg)).extracting(e -> e.getClass().getSimpleName())
                    .containsSubsequence("Ringing", "Connected", "Disconnected");
            assertThat(peer.arrivals()).as("our RTP reached the carrier's SDP address").hasSizeGreaterThan(20);
            assertThat(peer.arrivals().getFirst().packet().payloadType()).as("the carrier chose PCMA").isEqualTo(8);
            CallRecord rec = records.awaitFinished(1, WAIT).getFirst();
            assertThat(rec.direction()).isEqualTo(CallDirection.OUTBOUND);
            assertThat(rec.to()).isEqualTo("+15551234567");
            assertThat(rec.from()).isEqualTo("+15550000000");
            assertThat(rec.trunkId()).contains(7L);
            assertThat(rec.session()).contains(SESSION);
            assertThat(rec.disconnectReason()).isEqualTo("local-hangup");
            assertThat(rec.sipCode()).isEqualTo(200);
            assertThat(rec.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(c.connector().liveCalls()).isZero();
        }
    }

    @Test
    void carrierHangingUpDisconnectsTheLeg() throws Exception {
        int port = Sipp.freePort();
        TestSessions sessions = new TestSessions();
        RecordingSink records = new RecordingSink();
        try (RtpPeer peer = RtpPeer.open(); Sipp sipp = carrier("carrier_hangs_up.xml", port, peer, Map.of("[hold_ms]", "500"));
             TestConnector c = node(sessions, records, port, Optional.empty())) {
            sipp.start("127.0.0.1:" + c.connector().port());
            Thread.sleep(300);
            CallLeg leg = sessions.watch(c.connector().place(pstn("+15551234567")));
            assertThat(sipp.await(Duration.ofSeconds(40)).allSucceeded()).isTrue();
            CallEvent.Disconnected d = sessions.await(CallEvent.Disconnected.class, WAIT).orElseThrow();
            assertThat(d.byRemote()).isTrue();
            assertThat(leg.state()).isEqualTo(CallState.TERMINATED);
            assertThat(records.awaitFinished(1, WAIT).getFirst().disconnectReason()).isEqualTo("remote-hangup");
        }
    }

    @Test
    void busyCarrierFailsTheCallWithItsCode() throws Exception {
        int port = Sipp.freePort();
        TestSessions sessions = new TestSessions();
        RecordingSink records = new RecordingSink();
        try (RtpPeer peer = RtpPeer.open(); Sipp sipp = carrier("carrier_busy.xml", port, peer, Map.of());
             TestConnector c = node(sessions, records, port, Optional.empty())) {
            sipp.start("127.0.0.1:" + c.connector().port());
            Thread.sleep(300);
            sessions.watch(c.connector().place(pstn("+15551234567")));
            assertThat(sipp.await(Duration.ofSeconds(40)).allSucceeded()).isTrue();
            CallEvent.Failed f = sessions.await(CallEvent.Failed.class, WAIT).orElseThrow();
            assertThat(f.code()).isEqualTo(486);
            assertThat(f.reason()).isEqualTo("Busy Here");
            CallRecord rec = records.awaitFinished(1, WAIT).getFirst();
            assertThat(rec.sipCode()).isEqualTo(486);
            assertThat(rec.answeredAt()).isEmpty();
        }
    }

    @Test
    void digestChallengeIsAnsweredWithTheTrunkCredentials() throws Exception {
        int port = Sipp.freePort();
        TestSessions sessions = new TestSessions().onEvent((leg, e) -> {
            if (e instanceof CallEvent.Connected) {
                leg.hangup(Map.of());
            }
        });
        try (RtpPeer peer = RtpPeer.open(); Sipp sipp = carrier("carrier_digest.xml", port, peer, Map.of());
             TestConnector c = node(sessions, new RecordingSink(), port,
                     Optional.of(new DigestCredentials("trunkuser", "s3cret!")))) {
            sipp.start("127.0.0.1:" + c.connector().port());
            Thread.sleep(300);
            sessions.watch(c.connector().place(pstn("+15551234567")));
            Sipp.Result r = sipp.await(Duration.ofSeconds(40));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            assertThat(sessions.await(CallEvent.Connected.class, WAIT)).isPresent();
            String auth = sipp.logLines().stream().filter(l -> l.contains("AUTH ")).findFirst().orElseThrow();
            Map<String, String> p = new HashMap<>();
            Matcher m = Pattern.compile("(\\w+)=\"?([^\",]*)\"?").matcher(auth.substring(auth.indexOf("Digest") + 6));
            while (m.find()) {
                p.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
            }
            assertThat(p).containsEntry("username", "trunkuser").containsEntry("realm", "carrier.test")
                    .containsEntry("nonce", "0a4f113b").containsEntry("opaque", "5ccc").containsEntry("qop", "auth");
            String ha1 = DigestAuthTestAccess.md5("trunkuser:carrier.test:s3cret!");
            String ha2 = DigestAuthTestAccess.md5("INVITE:" + p.get("uri"));
            String expected = DigestAuthTestAccess.md5(ha1 + ":0a4f113b:" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
            assertThat(p.get("response")).isEqualTo(expected);
            assertThat(auth).doesNotContain("s3cret");
        }
    }

    @Test
    void hangingUpWhileItRingsCancelsTheInvite() throws Exception {
        int port = Sipp.freePort();
        TestSessions sessions = new TestSessions().onEvent((leg, e) -> {
            if (e instanceof CallEvent.Ringing) {
                leg.hangup(Map.of());
            }
        });
        RecordingSink records = new RecordingSink();
        try (RtpPeer peer = RtpPeer.open(); Sipp sipp = carrier("carrier_rings.xml", port, peer, Map.of());
             TestConnector c = node(sessions, records, port, Optional.empty())) {
            sipp.start("127.0.0.1:" + c.connector().port());
            Thread.sleep(300);
            sessions.watch(c.connector().place(pstn("+15551234567")));
            Sipp.Result r = sipp.await(Duration.ofSeconds(40));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            assertThat(sessions.await(CallEvent.Failed.class, WAIT)).get().extracting(CallEvent.Failed::code).isEqualTo(487);
            assertThat(records.awaitFinished(1, WAIT).getFirst().disconnectReason()).isEqualTo("local-hangup");
        }
    }

    @Test
    void callSipGoesStraightToTheUri() throws Exception {
        int port = Sipp.freePort();
        TestSessions sessions = new TestSessions().onEvent((leg, e) -> {
            if (e instanceof CallEvent.Connected) {
                leg.hangup(Map.of());
            }
        });
        try (RtpPeer peer = RtpPeer.open(); Sipp sipp = carrier("carrier_answers.xml", port, peer, Map.of());
             TestConnector c = TestConnector.start(dir, sessions, (a, b) -> Optional.empty(), new RecordingSink(), b -> b)) {
            sipp.start("127.0.0.1:" + c.connector().port());
            Thread.sleep(300);
            CallLeg leg = sessions.watch(c.connector().place(new OutboundCall(TestSessions.ACCOUNT, TestSessions.APPLICATION,
                    SESSION, OutboundCall.Kind.SIP, "sip:bob@127.0.0.1:" + port, "alice", "", Map.of())));
            assertThat(leg.info().clientType()).isEqualTo(ClientType.SIP);
            assertThat(sipp.await(Duration.ofSeconds(40)).allSucceeded()).isTrue();
            assertThat(sessions.await(CallEvent.Connected.class, WAIT)).isPresent();
        }
    }

    @Test
    void callsThatCannotBePlacedFailAtOnce() throws Exception {
        TestSessions sessions = new TestSessions();
        RecordingSink records = new RecordingSink();
        try (TestConnector c = TestConnector.start(dir, sessions, (a, b) -> Optional.empty(), records, b -> b)) {
            sessions.watch(c.connector().place(pstn("+15551234567")));
            assertThat(sessions.await(CallEvent.Failed.class, WAIT)).get().extracting(CallEvent.Failed::code).isEqualTo(503);
        }
        TestSessions bad = new TestSessions();
        try (TestConnector c = node(bad, records, 9, Optional.empty())) {
            bad.watch(c.connector().place(pstn("not a number")));
            assertThat(bad.await(CallEvent.Failed.class, WAIT)).get().extracting(CallEvent.Failed::code).isEqualTo(484);
            bad.watch(c.connector().place(new OutboundCall(TestSessions.ACCOUNT, TestSessions.APPLICATION, SESSION,
                    OutboundCall.Kind.SIP, "mailto:x@y", "", "", Map.of())));
            assertThat(bad.awaitNth(CallEvent.Failed.class, 2, WAIT)).get().extracting(CallEvent.Failed::code).isEqualTo(416);
            assertThat(c.connector().liveCalls()).isZero();
        }
        assertThat(records.awaitFinished(3, WAIT)).as("every leg has a record").hasSize(3);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
