package dev.dialtone.scenario;

/**
 * A session could not be started or reached: the scenario is too large or quarantined, the session
 * has ended, the access token is wrong, or no sandbox worker could be started.
 */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, so that protocol adapters map it to a SIP or HTTP status in one place. */
    public enum Reason { INVALID_SCENARIO, QUARANTINED, NO_SUCH_SESSION, FORBIDDEN, OVERLOADED }

    private final Reason reason;

    public ScenarioException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
