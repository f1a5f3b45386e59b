package dev.dialtone.routing.internal;

/**
 * Zero-width assertions and the context they are checked in. A position in the input is described
 * by the kind of code point before it and after it: {@link #EDGE} (start or end of the input),
 * {@link #NEWLINE}, {@link #WORD} (ASCII {@code [0-9A-Za-z_]}, as RE2's {@code \b}) or {@link #OTHER}.
 */
final class Assertion {
    static final int BEGIN_TEXT = 0;
    static final int END_TEXT = 1;
    static final int BEGIN_LINE = 2;
    static final int END_LINE = 3;
    static final int WORD_BOUNDARY = 4;
    static final int NO_WORD_BOUNDARY = 5;

    static final int EDGE = 0;
    static final int NEWLINE = 1;
    static final int WORD = 2;
    static final int OTHER = 3;

    /** The ranges that must be separate character classes for {@link #kindOf} to be exact. */
    static final RangeSet KIND_BOUNDARIES = RangeSet.ofPairs('\n', '\n', '0', '9', 'A', 'Z', '_', '_', 'a', 'z');

    private Assertion() {
    }

    static int kindOf(int codePoint) {
        if (codePoint == '\n') {
            return NEWLINE;
        }
        boolean word = (codePoint >= '0' && codePoint <= '9') || (codePoint >= 'A' && codePoint <= 'Z')
                || (codePoint >= 'a' && codePoint <= 'z') || codePoint == '_';
        return word ? WORD : OTHER;
    }

    /** Whether assertion {@code kind} holds between a code point of kind {@code before} and one of kind {@code after}. */
    static boolean holds(int kind, int before, int after) {
        return switch (kind) {
            case BEGIN_TEXT -> before == EDGE;
            case END_TEXT -> after == EDGE;
            case BEGIN_LINE -> before == EDGE || before == NEWLINE;
            case END_LINE -> after == EDGE || after == NEWLINE;
            case WORD_BOUNDARY -> (before == WORD) != (after == WORD);
            case NO_WORD_BOUNDARY -> (before == WORD) == (after == WORD);
            default -> throw new IllegalArgumentException("assertion " + kind);
        };
    }
}
