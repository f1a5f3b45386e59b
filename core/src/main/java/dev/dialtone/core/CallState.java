package dev.dialtone.core;

/** The life of a leg. Legs only move forward through these states. */
public enum CallState {
    /** Inbound, offered to the session, not answered yet (may be ringing or in early media). */
    ALERTING,
    /** Outbound, dialing or ringing at the far end. */
    PROGRESSING,
    /** Answered; media flows. */
    CONNECTED,
    /** Over: hung up, rejected, failed or cancelled. */
    TERMINATED;

    public boolean isTerminal() {
        return this == TERMINATED;
    }
}
