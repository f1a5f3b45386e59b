package dev.dialtone.routing.internal;

/** Why a pattern cannot be turned into an automaton; the message is meant for API users. */
final class PatternError extends Exception {
    PatternError(String message) {
        super(message, null, false, false);
    }
}
