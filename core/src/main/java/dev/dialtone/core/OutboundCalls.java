package dev.dialtone.core;

/**
 * Places calls for sessions. The composition root hands the scenario engine one implementation that
 * dispatches on {@link OutboundCall.Kind} to the SIP connector or the web SDK gateway.
 */
@FunctionalInterface
public interface OutboundCalls {
    /**
     * Starts dialing and returns the leg at once, in state {@link CallState#PROGRESSING}. A call that
     * cannot be placed (no trunk, unknown user, overload) is still returned and reports
     * {@link CallEvent.Failed} with a SIP-style code; this method does not throw for such cases.
     */
    CallLeg place(OutboundCall call);
}
