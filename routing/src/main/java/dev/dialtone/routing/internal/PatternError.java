package dev.dialtone.routing.internal;

/** Why a pattern cannot be turned into an automaton; the message is meant for API users. */
final class PatternError extends Exception {
    enum Kind {
        /** Not valid RE2 syntax. */
        SYNTAX,
        /** Valid RE2 syntax that routing does not support. */
        UNSUPPORTED,
        /** Over one of the limits of {@code RoutingConfig}. */
        LIMIT
    }

    private final Kind kind;

    PatternError(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
