package dev.dialtone.pstn;

/**
 * Decides where a new inbound call goes (implemented by the platform). Called on the connector's
 * routing pool ({@code routing-threads}), so it may block on a database; it should still be quick,
 * because callers wait and the pool's queue is bounded ({@code routing-queue}; full means 503).
 *
 * <p>The contract, as the issue defines addressing:
 * <ul>
 *   <li>request host {@code <application>.<account>.<domain>}: that application's rules with the
 *       request user as the dialed string ({@link dev.dialtone.core.ClientType#SIP}); unknown
 *       application 404;</li>
 *   <li>otherwise the source must be an allowed address of one of the trunks (else 403); the
 *       request user is a phone number of that trunk's account (else 404), bound to the application
 *       whose rules route it ({@link dev.dialtone.core.ClientType#PSTN});</li>
 *   <li>no rule matches: 404.</li>
 * </ul>
 * A runtime exception is answered with 500.
 */
@FunctionalInterface
public interface InboundRouter {
    InboundDecision route(InboundInvite invite);
}
