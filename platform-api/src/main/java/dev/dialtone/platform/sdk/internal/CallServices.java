package dev.dialtone.platform.sdk.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Executor;

import dev.dialtone.core.SessionId;
import dev.dialtone.media.MediaEngine;
import dev.dialtone.pstn.CallRecordSink;
import dev.dialtone.platform.sessions.SessionRouting;
import dev.dialtone.scenario.ScenarioEngine;

/**
 * What browser calls need from the node: the scenario engine (sessions), the media engine (WebRTC
 * endpoints, links), the rules ({@link SessionRouting}) and a pool for blocking work (routing reads
 * the database), and the browsers' inbound legs by session (a direct call to a user pairs with its session's
 * inbound leg), how many WebRTC endpoints calls created (peer-to-peer calls create none), and where browser
 * legs' call records go (client type {@code web}).
 */
public record CallServices(ScenarioEngine engine, MediaEngine media, SessionRouting routing, Executor blocking,
                           Map<SessionId, SdkCallLeg> inboundBySession, AtomicLong endpointsCreated, CallRecordSink records,
                           Clock clock) {
    public CallServices(ScenarioEngine engine, MediaEngine media, SessionRouting routing, Executor blocking,
                        CallRecordSink records, Clock clock) {
        this(engine, media, routing, blocking, new ConcurrentHashMap<>(), new AtomicLong(), records, clock);
    }

    public CallServices {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(blocking, "blocking");
    }
}
