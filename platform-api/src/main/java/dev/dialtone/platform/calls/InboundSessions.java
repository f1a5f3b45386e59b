package dev.dialtone.platform.calls;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.sessions.SessionRouting;
import dev.dialtone.pstn.SessionStarter;
import dev.dialtone.scenario.ScenarioEngine;
import dev.dialtone.scenario.ScenarioException;
import dev.dialtone.scenario.SessionRequest;

/**
 * Starts the matched rule's scenarios for an inbound SIP call. The scenario sources are read while
 * the call is routed (the connector's routing pool may block on the database; the starter itself
 * runs on a call thread and does not). The starter fails with an {@code overload} message, which the
 * connector answers with 503 and Retry-After, above {@code maxLiveSessions} live sessions and while the
 * scenario workers are behind by {@code maxScenarioDelay} or more (the engine's standing callback
 * delay): a call accepted then would wait its turn behind every queued callback, and the callers
 * already in would wait longer still.
 */
public final class InboundSessions implements SipCallRouter.Sessions {
    private final ScenarioEngine engine;
    private final SessionRouting routing;
    private final int maxLiveSessions;
    private final long maxScenarioDelayNanos;

    public InboundSessions(ScenarioEngine engine, SessionRouting routing, int maxLiveSessions, Duration maxScenarioDelay) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.routing = Objects.requireNonNull(routing, "routing");
        if (maxLiveSessions < 1) {
            throw new IllegalArgumentException("maxLiveSessions must be positive: " + maxLiveSessions);
        }
        this.maxLiveSessions = maxLiveSessions;
        this.maxScenarioDelayNanos = maxScenarioDelay.toNanos();
    }

    @Override
    public SessionStarter starterFor(MatchedRoute route) throws PlatformException {
        SessionRouting.RuleRoute rr = routing.forRule(route.account().id(), route.rule().id());
        SessionRequest request = new SessionRequest(route.account().id(), route.application().id(), rr.route().ruleId(),
                rr.route().scenarios());
        return leg -> {
            String overload = overload(engine.liveSessionCount(), maxLiveSessions, engine.callbackDelayNanos(),
                    maxScenarioDelayNanos);
            if (overload != null) {
                return CompletableFuture.failedFuture(new IllegalStateException(overload));
            }
            try {
                return engine.startForInboundCall(request, leg);
            } catch (ScenarioException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    /** Why a new session must not start now ({@code overload: …}), or null; a delay limit of 0 is off. */
    static String overload(int live, int maxLive, long delayNanos, long maxDelayNanos) {
        if (live >= maxLive) {
            return "overload: " + live + " live sessions";
        }
        if (maxDelayNanos > 0 && delayNanos >= maxDelayNanos) {
            return "overload: scenario callbacks wait " + delayNanos / 1_000_000 + " ms (limit "
                    + maxDelayNanos / 1_000_000 + " ms)";
        }
        return null;
    }
}
