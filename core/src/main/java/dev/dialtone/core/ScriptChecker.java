package dev.dialtone.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Checks a scenario's JavaScript for syntax errors without running it. The scenario engine
 * implements it with the same JavaScript engine that runs scenarios; the Platform API calls it when
 * a scenario is uploaded and refuses the upload with the problem it reports.
 */
@FunctionalInterface
public interface ScriptChecker {
    /** Returns the first syntax error in {@code source}, or empty if it parses. Never runs the code. */
    Optional<ScriptProblem> check(String fileName, String source);

    /**
     * A scenario was stored as the version its next sessions run: the engine may parse it now, ahead of the first
     * of them, as it parses it for a session ({@code scenarioName} is the scenario's name). Never runs the code
     * and never fails the upload; the default does nothing.
     */
    default void prepare(String scenarioName, String source) {
    }

    /** A syntax error at a 1-based line and column. */
    record ScriptProblem(int line, int column, String message) {
        public ScriptProblem {
            if (line < 1 || column < 1) {
                throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
            }
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return line + ":" + column + ": " + message;
        }
    }
}
