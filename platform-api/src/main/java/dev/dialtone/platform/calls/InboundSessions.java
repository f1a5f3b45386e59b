package dev.dialtone.platform.calls;

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
 * runs on a call thread and does not). Above {@code maxLiveSessions} live sessions the starter
 * fails with an {@code overload} message, which the connector answers with 503 and Retry-After.
 */
public final class InboundSessions implements SipCallRouter.Sessions {
    private final ScenarioEngine engine;
    private final SessionRouting routing;
    private final int maxLiveSessions;

    public InboundSessions(ScenarioEngine engine, SessionRouting routing, int maxLiveSessions) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.routing = Objects.requireNonNull(routing, "routing");
        if (maxLiveSessions < 1) {
            throw new IllegalArgumentException("maxLiveSessions must be positive: " + maxLiveSessions);
        }
        this.maxLiveSessions = maxLiveSessions;
    }

    @Override
    public SessionStarter starterFor(MatchedRoute route) throws PlatformException {
        SessionRouting.RuleRoute rr = routing.forRule(route.account().id(), route.rule().id());
        SessionRequest request = new SessionRequest(route.account().id(), route.application().id(), rr.route().ruleId(),
                rr.route().scenarios());
        return leg -> {
            int live = engine.liveSessionCount();
            if (live >= maxLiveSessions) {
                return CompletableFuture.failedFuture(new IllegalStateException("overload: " + live + " live sessions"));
            }
            try {
                return engine.startForInboundCall(request, leg);
            } catch (ScenarioException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
