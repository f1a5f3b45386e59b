package dev.dialtone.routing.internal;

import dev.dialtone.routing.RoutingConfig;
import dev.dialtone.routing.RoutingException;

/**
 * Pattern text to minimal DFA: length check, parse (RE2 syntax), NFA, DFA and minimization, each
 * under the limits of {@link RoutingConfig}. Every refusal is a {@link RoutingException} whose
 * message names the field, the construct or limit, and where.
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
            Node node = PatternParser.parse(pattern);
            Nfa nfa = Nfa.build(node, config.maxPatternPositions());
            return Minimizer.minimize(Determinizer.determinize(nfa, config.maxPatternStates(), config.maxCompileWork()));
        } catch (PatternError e) {
            String prefix = switch (e.kind()) {
                case SYNTAX -> " is not a valid regular expression: ";
                case UNSUPPORTED -> " is not supported: ";
                case LIMIT -> " is too complex: ";
            };
            throw new RoutingException(field, ruleId, field + prefix + e.getMessage());
        }
    }
}
