package dev.dialtone.routing;

/**
 * Limits of the routing module ({@code dialtone.routing.*}). Each limit turns a hostile or
 * accidental pattern into a clear refusal (or, for the analysis, a visible "not analysed") instead
 * of unbounded CPU or memory.
 *
 * @param maxPatternLength     {@code dialtone.routing.max-pattern-length}: longest pattern accepted, in characters
 * @param maxDialedLength      {@code dialtone.routing.max-dialed-length}: longer dialed strings match no rule
 * @param maxPatternPositions  {@code dialtone.routing.max-pattern-positions}: automaton positions (NFA states) one
 *                             pattern may need once counted repetitions are expanded ({@code \d{1000}} needs about 1000)
 * @param maxPatternStates     {@code dialtone.routing.max-pattern-states}: DFA states one pattern may need
 *                             ({@code (a|b)*a(a|b){12}} needs 8193; {@code {13}} is refused by default)
 * @param maxCompileWork       {@code dialtone.routing.max-compile-work}: steps (set operations and transition-table
 *                             entries) building one pattern's automaton may take; also caps its table's memory
 * @param maxMatchCacheStates  {@code dialtone.routing.max-match-cache-states}: states of a rule table's lazily built
 *                             matching automaton kept in memory; when full it is flushed and rebuilt as needed
 * @param maxAnalysisWork      {@code dialtone.routing.max-analysis-work}: automaton transitions the shadowing analysis
 *                             may compute for one rule; a rule that needs more is reported as not analysed
 * @param maxTableAnalysisWork {@code dialtone.routing.max-table-analysis-work}: the same for all rules of a table
 *                             together (about 10 ns each); rules left when it runs out are reported as not analysed
 */
public record RoutingConfig(int maxPatternLength, int maxDialedLength, int maxPatternPositions, int maxPatternStates,
                            long maxCompileWork, int maxMatchCacheStates, long maxAnalysisWork,
                            long maxTableAnalysisWork) {
    public static final int DEFAULT_MAX_PATTERN_LENGTH = 512;
    public static final int DEFAULT_MAX_DIALED_LENGTH = 256;
    public static final int DEFAULT_MAX_PATTERN_POSITIONS = 5_000;
    public static final int DEFAULT_MAX_PATTERN_STATES = 10_000;
    public static final long DEFAULT_MAX_COMPILE_WORK = 1_000_000;
    public static final int DEFAULT_MAX_MATCH_CACHE_STATES = 10_000;
    public static final long DEFAULT_MAX_ANALYSIS_WORK = 2_000_000;
    public static final long DEFAULT_MAX_TABLE_ANALYSIS_WORK = 20_000_000;
    public static final RoutingConfig DEFAULT = new RoutingConfig(DEFAULT_MAX_PATTERN_LENGTH, DEFAULT_MAX_DIALED_LENGTH);

    public RoutingConfig {
        check("max-pattern-length", maxPatternLength, 1, 10_000);
        check("max-dialed-length", maxDialedLength, 1, 10_000);
        check("max-pattern-positions", maxPatternPositions, 16, 1_000_000);
        check("max-pattern-states", maxPatternStates, 16, 1_000_000);
        check("max-compile-work", maxCompileWork, 10_000, 10_000_000_000L);
        check("max-match-cache-states", maxMatchCacheStates, 16, 1_000_000);
        check("max-analysis-work", maxAnalysisWork, 10_000, 10_000_000_000L);
        check("max-table-analysis-work", maxTableAnalysisWork, maxAnalysisWork, 100_000_000_000L);
    }

    /** The two original limits; the automaton limits take their defaults. */
    public RoutingConfig(int maxPatternLength, int maxDialedLength) {
        this(maxPatternLength, maxDialedLength, DEFAULT_MAX_PATTERN_POSITIONS, DEFAULT_MAX_PATTERN_STATES,
                DEFAULT_MAX_COMPILE_WORK, DEFAULT_MAX_MATCH_CACHE_STATES, DEFAULT_MAX_ANALYSIS_WORK,
                DEFAULT_MAX_TABLE_ANALYSIS_WORK);
    }

    private static void check(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be " + min + ".." + max + ": " + value);
        }
    }
}
