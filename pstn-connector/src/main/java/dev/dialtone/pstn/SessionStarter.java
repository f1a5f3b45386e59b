package dev.dialtone.pstn;

import java.util.concurrent.CompletionStage;

import dev.dialtone.core.CallLeg;
import dev.dialtone.core.SessionId;

/**
 * Hands an accepted inbound leg to a scenario session (in the node: the rule's scenarios through
 * {@code ScenarioEngine.startForInboundCall}). Completes with the session id, which goes into the
 * leg's call record; completes exceptionally if no session could start, and the connector then
 * rejects the call (503 when the exception's message starts with {@code overload}, else 500).
 */
@FunctionalInterface
public interface SessionStarter {
    CompletionStage<SessionId> start(CallLeg leg);
}
