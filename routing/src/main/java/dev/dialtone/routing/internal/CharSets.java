package dev.dialtone.routing.internal;

/** The named character sets of RE2 syntax; all ASCII, as in RE2. */
final class CharSets {
    static final RangeSet DIGIT = RangeSet.of('0', '9');
    static final RangeSet SPACE = RangeSet.ofPairs('\t', '\n', '\f', '\r', ' ', ' ');
    static final RangeSet WORD = RangeSet.ofPairs('0', '9', 'A', 'Z', 'a', 'z', '_', '_');
    static final RangeSet ANY_BUT_NEWLINE = RangeSet.single('\n').complement();

    private CharSets() {
    }

    /**
     * {@code \d \s \w} and their negations {@code \D \S \W}. Under {@code (?i)} the set is folded
     * first and negated after, as RE2 does: {@code (?i)\W} does not match KELVIN SIGN.
     */
    static RangeSet perl(int c, boolean foldCase) {
        RangeSet base = switch (Character.toLowerCase(c)) {
            case 'd' -> DIGIT;
            case 's' -> SPACE;
            default -> WORD;
        };
        RangeSet folded = foldCase ? CaseFolding.fold(base) : base;
        return Character.isUpperCase(c) ? folded.complement() : folded;
    }

    static RangeSet posix(String name) {
        return switch (name) {
            case "alnum" -> RangeSet.ofPairs('0', '9', 'A', 'Z', 'a', 'z');
            case "alpha" -> RangeSet.ofPairs('A', 'Z', 'a', 'z');
            case "ascii" -> RangeSet.of(0, 0x7F);
            case "blank" -> RangeSet.ofPairs('\t', '\t', ' ', ' ');
            case "cntrl" -> RangeSet.ofPairs(0, 0x1F, 0x7F, 0x7F);
            case "digit" -> DIGIT;
            case "graph" -> RangeSet.of('!', '~');
            case "lower" -> RangeSet.of('a', 'z');
            case "print" -> RangeSet.of(' ', '~');
            case "punct" -> RangeSet.ofPairs('!', '/', ':', '@', '[', '`', '{', '~');
            case "space" -> RangeSet.ofPairs('\t', '\r', ' ', ' ');
            case "upper" -> RangeSet.of('A', 'Z');
            case "word" -> WORD;
            case "xdigit" -> RangeSet.ofPairs('0', '9', 'A', 'F', 'a', 'f');
            default -> null;
        };
    }
}
