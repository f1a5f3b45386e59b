package dev.dialtone.routing.internal;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import dev.dialtone.routing.RoutingConfig;
import dev.dialtone.routing.RoutingException;

/**
 * Pattern text to minimal DFA: length check, RE2J as the judge of the syntax, our parser for the
 * meaning, then NFA, DFA and minimization, each under the limits of {@link RoutingConfig}.
 */
public final class PatternCompiler {
    private PatternCompiler() {
    }

    public static Dfa compile(String field, long ruleId, String pattern, RoutingConfig config) throws RoutingException {
        if (pattern.isEmpty()) {
            throw new RoutingException(field, ruleId, field + " must not be empty");
        }
        if (pattern.length() > config.maxPatternLength()) {
            throw new RoutingException(field, ruleId, field + " is " + pattern.length()
                    + " characters long; the limit is " + config.maxPatternLength());
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new RoutingException(field, ruleId, field + " is not a valid regular expression: "
                    + e.getDescription() + " near '" + e.getPattern() + "'");
        }
        try {
            Node node = PatternParser.parse(pattern);
            Nfa nfa = Nfa.build(node, config.maxPatternPositions());
            return Minimizer.minimize(Determinizer.determinize(nfa, config.maxPatternStates(), config.maxCompileWork()));
        } catch (PatternError e) {
            throw new RoutingException(field, ruleId, field + " is not supported: " + e.getMessage());
        }
    }
}
