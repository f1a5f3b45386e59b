package dev.dialtone.pstn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallEvent;
import dev.dialtone.core.CallLeg;
import dev.dialtone.core.CallState;
import dev.dialtone.core.ToneSource;
import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.RtpEndpoint;
import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.RtpPeer;
import dev.dialtone.pstn.testing.RecordingSink;
import dev.dialtone.pstn.testing.Sipp;
import dev.dialtone.pstn.testing.TestConnector;
import dev.dialtone.pstn.testing.TestSessions;

/** Inbound calls from a real SIPp caller, driven by a small Java "session" standing in for the scenario engine. */
class InboundCallIT {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration SIPP = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private Sipp.Result sipp(TestConnector c, String name, String scenario, Map<String, String> keys, String... args)
            throws Exception {
        try (Sipp s = Sipp.in(dir.resolve(name)).scenario("/sipp/" + scenario, literal(keys)).keys(keys)
                .args("-s", "conf_42", "-m", "1", "-timeout", "30s", "-timeout_error").args(args)) {
            return s.run(c.target(), SIPP);
        }
    }

    /** Keys as literal replacements too: SIPp does not expand keys in pause durations. */
    static Map<String, String> literal(Map<String, String> keys) {
        Map<String, String> m = new java.util.HashMap<>();
        keys.forEach((k, v) -> m.put("[" + k + "]", v));
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"u1", "t1"})
    void callerIsAnsweredHangsUpAndHearsOurRtp(String transport) throws Exception {
        TestSessions sessions = new TestSessions().onOffer(leg -> leg.answer(Map.of()));
        RecordingSink records = new RecordingSink();
        try (TestConnector c = TestConnector.start(dir, sessions, records); RtpPeer peer = RtpPeer.open()) {
            Sipp.Result r = sipp(c, "call", "call_sipp_bye.xml",
                    Map.of("rtp_port", Integer.toString(peer.address().getPort()), "hold_ms", "1500"), "-t", transport);
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            CallEvent.Disconnected d = sessions.await(CallEvent.Disconnected.class, WAIT).orElseThrow();
            assertThat(d.byRemote()).isTrue();
            assertThat(sessions.count(CallEvent.Connected.class)).isEqualTo(1);
            CallLeg leg = sessions.legs().getFirst();
            assertThat(leg.state()).isEqualTo(CallState.TERMINATED);
            assertThat(leg.info().destination()).isEqualTo("conf_42");
            assertThat(leg.info().callerId()).isEqualTo("+15550001111");
            assertThat(leg.info().displayName()).isEqualTo("SIPp caller");
            assertThat(leg.info().headers()).containsEntry("X-Conference-Id", "42").containsEntry("X-Custom", "hello world");
            assertThat(sessions.invites().getFirst().transport()).isEqualTo(transport.equals("t1") ? "tcp" : "udp");
            assertThat(peer.arrivals()).as("our RTP reached the address in the caller's SDP").hasSizeGreaterThan(20);
            assertThat(peer.arrivals().getFirst().packet().payloadType()).isEqualTo(0);

            CallRecord rec = records.awaitFinished(1, WAIT).getFirst();
            assertThat(records.opened()).hasSize(1);
            assertThat(rec.legId()).isEqualTo(leg.info().id());
            assertThat(rec.direction()).isEqualTo(CallDirection.INBOUND);
            assertThat(rec.from()).isEqualTo("+15550001111");
            assertThat(rec.to()).isEqualTo("conf_42");
            assertThat(rec.answeredAt()).isPresent();
            assertThat(rec.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
            assertThat(rec.disconnectReason()).isEqualTo("remote-hangup");
            assertThat(rec.sipCode()).isEqualTo(200);
            assertThat(rec.session()).isPresent();
            assertThat(c.connector().liveCalls()).isZero();
        }
    }

    @Test
    void scenarioHangsUpWithBye() throws Exception {
        TestSessions sessions = new TestSessions().onOffer(leg -> leg.answer(Map.of()))
                .onEvent((leg, e) -> {
                    if (e instanceof CallEvent.Connected) {
                        leg.hangup(Map.of());
                    }
                });
        RecordingSink records = new RecordingSink();
        try (TestConnector c = TestConnector.start(dir, sessions, records)) {
            Sipp.Result r = sipp(c, "call", "call_remote_bye.xml", Map.of("rtp_port", "4000"));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            CallEvent.Disconnected d = sessions.await(CallEvent.Disconnected.class, WAIT).orElseThrow();
            assertThat(d.byRemote()).isFalse();
            CallRecord rec = records.awaitFinished(1, WAIT).getFirst();
            assertThat(rec.disconnectReason()).isEqualTo("local-hangup");
            assertThat(rec.sipCode()).isEqualTo(200);
        }
    }

    @Test
    void scenarioRejectsWithItsCode() throws Exception {
        TestSessions sessions = new TestSessions().onOffer(leg -> leg.reject(486, Map.of()));
        RecordingSink records = new RecordingSink();
        try (TestConnector c = TestConnector.start(dir, sessions, records)) {
            Sipp.Result r = sipp(c, "call", "call_rejected.xml", Map.of("rtp_port", "4000"));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            assertThat(sessions.await(CallEvent.Failed.class, WAIT)).get().extracting(CallEvent.Failed::code).isEqualTo(486);
            CallRecord rec = records.awaitFinished(1, WAIT).getFirst();
            assertThat(rec.disconnectReason()).isEqualTo("rejected");
            assertThat(rec.sipCode()).isEqualTo(486);
            assertThat(rec.answeredAt()).isEmpty();
            assertThat(rec.duration()).isZero();
        }
    }

    @Test
    void routerRejectionsAreAnsweredWithTheirCode() throws Exception {
        TestSessions sessions = new TestSessions().decide(i -> java.util.Optional.of(new InboundDecision.Reject(404, "Not Found")));
        RecordingSink records = new RecordingSink();
        try (TestConnector c = TestConnector.start(dir, sessions, records)) {
            try (Sipp s = Sipp.in(dir.resolve("404")).scenario("/sipp/call_rejected.xml", Map.of("\"486\"", "\"404\""))
                    .keys(Map.of("rtp_port", "4000")).args("-s", "nobody", "-m", "1", "-timeout", "30s", "-timeout_error")) {
                Sipp.Result r = s.run(c.target(), SIPP);
                assertThat(r.allSucceeded()).as(r.output()).isTrue();
            }
            assertThat(sessions.invites()).singleElement().satisfies(i -> assertThat(i.requestUser()).isEqualTo("nobody"));
            assertThat(sessions.legs()).isEmpty();
            assertThat(records.opened()).as("a call no account owns has no record").isEmpty();
            assertThat(c.connector().liveCalls()).isZero();
        }
    }

    @Test
    void anOverloadedNodeAnswers503AndLogsItOnceNotPerCall() throws Exception {
        InboundRouter full = invite -> new InboundDecision.Accept(TestSessions.ACCOUNT, TestSessions.APPLICATION, "app",
                invite.requestUser(), java.util.Optional.empty(), dev.dialtone.core.ClientType.SIP,
                leg -> CompletableFuture.failedFuture(new IllegalStateException("overload: 4000 live sessions")));
        ch.qos.logback.classic.Logger legLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "dev.dialtone.pstn.internal.call.InboundLeg");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        legLog.addAppender(lines);
        try (TestConnector c = TestConnector.start(dir, full, new RecordingSink());
             Sipp s = Sipp.in(dir.resolve("503")).scenario("/sipp/call_rejected.xml", Map.of("\"486\"", "\"503\""))
                     .keys(Map.of("rtp_port", "4000")).args("-s", "conf_42", "-m", "6", "-r", "20", "-timeout", "30s", "-timeout_error")) {
            Sipp.Result r = s.run(c.target(), SIPP);
            assertThat(r.allSucceeded()).as("six calls, each refused 503\n" + r.output()).isTrue();
            assertThat(r.successful()).isEqualTo(6);
        } finally {
            legLog.detachAppender(lines);
        }
        assertThat(lines.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("no session could start"))).as("one line for the six refusals").singleElement()
                .satisfies(m -> assertThat(m).contains("overload"));
    }

    @Test
    void callerCancelsWhileRinging() throws Exception {
        TestSessions sessions = new TestSessions().onOffer(CallLeg::ring);
        RecordingSink records = new RecordingSink();
        try (TestConnector c = TestConnector.start(dir, sessions, records)) {
            Sipp.Result r = sipp(c, "call", "call_cancelled.xml", Map.of("rtp_port", "4000"));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            CallEvent.Failed f = sessions.await(CallEvent.Failed.class, WAIT).orElseThrow();
            assertThat(f.code()).isEqualTo(487);
            CallRecord rec = records.awaitFinished(1, WAIT).getFirst();
            assertThat(rec.disconnectReason()).isEqualTo("cancelled");
            assertThat(rec.sipCode()).isEqualTo(487);
            assertThat(c.connector().liveCalls()).isZero();
        }
    }

    @Test
    void unansweredCallIsDroppedAfterTheAlertingTimeout() throws Exception {
        TestSessions sessions = new TestSessions();
        RecordingSink records = new RecordingSink();
        try (TestConnector c = TestConnector.start(dir, sessions, (a, b) -> java.util.Optional.empty(), records,
                b -> b.alertingTimeout(Duration.ofSeconds(2)))) {
            Sipp.Result r = sipp(c, "call", "call_unanswered.xml", Map.of("rtp_port", "4000"));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            assertThat(sessions.await(CallEvent.Failed.class, WAIT)).get().extracting(CallEvent.Failed::code).isEqualTo(408);
            CallRecord rec = records.awaitFinished(1, WAIT).getFirst();
            assertThat(rec.disconnectReason()).isEqualTo("timeout");
            assertThat(rec.sipCode()).isEqualTo(480);
        }
    }

    @Test
    void offerWithoutACommonCodecGets488BeforeRouting() throws Exception {
        TestSessions sessions = new TestSessions();
        try (TestConnector c = TestConnector.start(dir, sessions, new RecordingSink())) {
            Sipp.Result r = sipp(c, "call", "call_no_codec.xml", Map.of("rtp_port", "4000"));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            assertThat(sessions.invites()).isEmpty();
        }
    }

    @Test
    void reInvitesPutTheCallOnHoldAndBack() throws Exception {
        TestSessions sessions = new TestSessions().onOffer(leg -> leg.answer(Map.of()));
        try (TestConnector c = TestConnector.start(dir, sessions, new RecordingSink())) {
            Sipp.Result r = sipp(c, "call", "call_hold.xml", Map.of("rtp_port", "4000"));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            sessions.await(CallEvent.Disconnected.class, WAIT).orElseThrow();
            List<CallEvent> events = sessions.events(sessions.legs().getFirst());
            assertThat(events).filteredOn(e -> e instanceof CallEvent.OnHold || e instanceof CallEvent.OffHold)
                    .extracting(e -> e.getClass().getSimpleName()).containsExactly("OnHold", "OffHold");
        }
    }

    @Test
    void sipInfoDigitsAreToneEventsOnlyWhileTonesAreHandled() throws Exception {
        TestSessions on = new TestSessions().onOffer(leg -> {
            leg.handleTones(true);
            leg.answer(Map.of());
        });
        try (TestConnector c = TestConnector.start(dir, on, new RecordingSink())) {
            Sipp.Result r = sipp(c, "on", "call_info_dtmf.xml", Map.of("rtp_port", "4000", "hold_ms", "300"));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            on.await(CallEvent.Disconnected.class, WAIT).orElseThrow();
            assertThat(on.events()).filteredOn(s -> s.event() instanceof CallEvent.ToneReceived)
                    .extracting(s -> (CallEvent.ToneReceived) s.event())
                    .allSatisfy(t -> assertThat(t.source()).isEqualTo(ToneSource.SIP_INFO))
                    .extracting(CallEvent.ToneReceived::tone).containsExactly('1', '2', '#');
        }
        TestSessions off = new TestSessions().onOffer(leg -> leg.answer(Map.of()));
        try (TestConnector c = TestConnector.start(dir, off, new RecordingSink())) {
            Sipp.Result r = sipp(c, "off", "call_info_dtmf.xml", Map.of("rtp_port", "4000", "hold_ms", "300"));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            off.await(CallEvent.Disconnected.class, WAIT).orElseThrow();
            assertThat(off.count(CallEvent.ToneReceived.class)).isZero();
        }
    }

    @Test
    void rfc4733DigitsFromTheCallersRtpAreToneEvents() throws Exception {
        CompletableFuture<CallLeg> connected = new CompletableFuture<>();
        TestSessions sessions = new TestSessions().onOffer(leg -> {
            leg.handleTones(true);
            leg.answer(Map.of());
        }).onEvent((leg, e) -> {
            if (e instanceof CallEvent.Connected) {
                connected.complete(leg);
            }
        });
        try (TestConnector c = TestConnector.start(dir, sessions, new RecordingSink()); RtpPeer peer = RtpPeer.open();
             Sipp s = Sipp.in(dir.resolve("call")).scenario("/sipp/call_sipp_bye.xml", Map.of("[hold_ms]", "3000"))
                     .keys(Map.of("rtp_port", Integer.toString(peer.address().getPort())))
                     .args("-s", "conf_42", "-m", "1", "-timeout", "30s", "-timeout_error")) {
            s.start(c.target());
            CallLeg leg = connected.get(20, java.util.concurrent.TimeUnit.SECONDS);
            InetSocketAddress ours = ((RtpEndpoint) leg.media()).localAddress();
            List<RtpPeer.Timed> schedule = new java.util.ArrayList<>();
            for (char d : "58#".toCharArray()) {
                schedule.addAll(RtpPeer.paced(peer.eventPackets(d, 100, 101), 20));
                peer.skip(100);
            }
            long t = 0;
            List<RtpPeer.Timed> spaced = new java.util.ArrayList<>();
            for (int i = 0; i < schedule.size(); i++) {
                spaced.add(new RtpPeer.Timed(schedule.get(i).packet(), t));
                t += 20_000_000L;
            }
            peer.play(spaced, ours).get(10, java.util.concurrent.TimeUnit.SECONDS);
            Sipp.Result r = s.await(SIPP);
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            assertThat(sessions.events()).filteredOn(e -> e.event() instanceof CallEvent.ToneReceived)
                    .extracting(e -> (CallEvent.ToneReceived) e.event())
                    .allSatisfy(tone -> assertThat(tone.source()).isEqualTo(ToneSource.RTP_EVENT))
                    .extracting(CallEvent.ToneReceived::tone).containsExactly('5', '8', '#');
        }
    }

    @Test
    void messagesGoBothWaysAsSipMessage() throws Exception {
        TestSessions sessions = new TestSessions().onOffer(leg -> leg.answer(Map.of())).onEvent((leg, e) -> {
            if (e instanceof CallEvent.Connected) {
                leg.sendMessage("hello from the scenario");
            }
        });
        try (TestConnector c = TestConnector.start(dir, sessions, new RecordingSink())) {
            Sipp.Result r = sipp(c, "call", "call_messages.xml", Map.of("rtp_port", "4000"));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            assertThat(sessions.await(CallEvent.MessageReceived.class, WAIT)).get()
                    .extracting(m -> m.text().trim()).isEqualTo("hello from the caller");
        }
    }

    @Test
    void lateOfferIsAnsweredInTheAck() throws Exception {
        TestSessions sessions = new TestSessions().onOffer(leg -> leg.answer(Map.of()));
        try (TestConnector c = TestConnector.start(dir, sessions, new RecordingSink()); RtpPeer peer = RtpPeer.open()) {
            Sipp.Result r = sipp(c, "call", "call_late_offer.xml",
                    Map.of("rtp_port", Integer.toString(peer.address().getPort()), "hold_ms", "1000"));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            assertThat(sessions.await(CallEvent.Connected.class, WAIT)).isPresent();
            assertThat(peer.awaitPackets(10, WAIT)).as("media configured from the ACK's answer").isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void twoCallersBridgedByTheSessionHearEachOther() throws Exception {
        Map<String, CallLeg> connected = new java.util.concurrent.ConcurrentHashMap<>();
        TestSessions sessions = new TestSessions().onOffer(leg -> leg.answer(Map.of())).onEvent((leg, e) -> {
            if (e instanceof CallEvent.Connected) {
                connected.put(leg.info().destination(), leg);
                if (connected.size() == 2) {
                    CallLeg alice = connected.get("alice");
                    CallLeg bob = connected.get("bob");
                    alice.media().sendMediaTo(bob.media());
                    bob.media().sendMediaTo(alice.media());
                }
            }
        });
        try (TestConnector c = TestConnector.start(dir, sessions, new RecordingSink());
             RtpPeer a = RtpPeer.open(); RtpPeer b = RtpPeer.open();
             Sipp sa = Sipp.in(dir.resolve("a")).scenario("/sipp/call_sipp_bye.xml", Map.of("[hold_ms]", "5000"))
                     .keys(Map.of("rtp_port", Integer.toString(a.address().getPort())))
                     .args("-s", "alice", "-m", "1", "-timeout", "30s", "-timeout_error");
             Sipp sb = Sipp.in(dir.resolve("b")).scenario("/sipp/call_sipp_bye.xml", Map.of("[hold_ms]", "5000"))
                     .keys(Map.of("rtp_port", Integer.toString(b.address().getPort())))
                     .args("-s", "bob", "-m", "1", "-timeout", "30s", "-timeout_error")) {
            sa.start(c.target());
            sb.start(c.target());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (connected.size() < 2 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
            assertThat(connected).containsOnlyKeys("alice", "bob");
            InetSocketAddress alice = ((RtpEndpoint) connected.get("alice").media()).localAddress();
            InetSocketAddress bob = ((RtpEndpoint) connected.get("bob").media()).localAddress();
            a.clear();
            b.clear();
            CompletableFuture<Void> fromA = a.stream(RtpPeer.tone(1000, 8000, 2000), alice);
            b.stream(RtpPeer.tone(1500, 8000, 2000), bob).get(10, java.util.concurrent.TimeUnit.SECONDS);
            fromA.get(10, java.util.concurrent.TimeUnit.SECONDS);
            short[] atB = b.receivedAudio(PayloadFormat.PCMU);
            short[] atA = a.receivedAudio(PayloadFormat.PCMU);
            assertThat(GoertzelMeter.blockMax(atB, 1000)).as("alice's 1 kHz tone at bob").isGreaterThan(1000);
            assertThat(GoertzelMeter.blockMax(atA, 1500)).as("bob's 1.5 kHz tone at alice").isGreaterThan(1000);
            assertThat(GoertzelMeter.blockMax(atA, 1000)).as("alice does not hear herself").isLessThan(300);
            assertThat(sa.await(SIPP).allSucceeded()).isTrue();
            assertThat(sb.await(SIPP).allSucceeded()).isTrue();
        }
    }
}
