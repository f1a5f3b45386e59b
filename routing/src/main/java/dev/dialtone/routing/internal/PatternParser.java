package dev.dialtone.routing.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses RE2 syntax (as RE2J accepts it) into a {@link Node} tree. The caller has already checked
 * the pattern with RE2J, so syntax errors here are rare; what this parser adds is refusing the
 * constructs the automaton engine does not support ({@code \p{...}} Unicode classes) and nesting
 * deeper than {@link #MAX_NESTING}.
 *
 * <p>Semantics follow RE2: {@code ^}/{@code $} are text anchors unless {@code (?m)}; {@code .}
 * excludes {@code \n} unless {@code (?s)}; {@code \d \s \w}, {@code \b} and POSIX classes are ASCII;
 * {@code (?i)} folds with Unicode simple case folding; flags set by {@code (?i)} last to the end of
 * the enclosing group; laziness ({@code *?}, {@code (?U)}) does not change what a whole-string match accepts.
 */
final class PatternParser {
    static final int MAX_NESTING = 100;
    static final int MAX_REPEAT = 1000;

    private static final RangeSet DIGIT = RangeSet.of('0', '9');
    private static final RangeSet SPACE = RangeSet.ofPairs('\t', '\n', '\f', '\r', ' ', ' ');
    private static final RangeSet WORD = RangeSet.ofPairs('0', '9', 'A', 'Z', 'a', 'z', '_', '_');
    private static final RangeSet ANY_BUT_NEWLINE = RangeSet.single('\n').complement();

    private final String src;
    private int pos;

    private PatternParser(String src) {
        this.src = src;
    }

    static Node parse(String pattern) throws PatternError {
        PatternParser p = new PatternParser(pattern);
        Node node = p.alternation(new Flags(), 0);
        if (p.pos < pattern.length()) {
            throw p.error("unmatched ')'", p.pos);
        }
        return node;
    }

    /** Mutable per group: {@code (?i)} changes the flags of the rest of the enclosing group. */
    private static final class Flags {
        boolean foldCase;
        boolean multiLine;
        boolean dotNewline;

        Flags copy() {
            Flags f = new Flags();
            f.foldCase = foldCase;
            f.multiLine = multiLine;
            f.dotNewline = dotNewline;
            return f;
        }
    }

    private Node alternation(Flags flags, int depth) throws PatternError {
        List<Node> branches = new ArrayList<>();
        branches.add(concatenation(flags, depth));
        while (pos < src.length() && src.charAt(pos) == '|') {
            pos++;
            branches.add(concatenation(flags, depth));
        }
        return branches.size() == 1 ? branches.get(0) : new Node.Alt(branches);
    }

    private Node concatenation(Flags flags, int depth) throws PatternError {
        List<Node> items = new ArrayList<>();
        while (pos < src.length()) {
            int start = pos;
            int c = src.codePointAt(pos);
            switch (c) {
                case '|', ')' -> {
                    return concatenationOf(items);
                }
                case '(' -> group(flags, depth, items);
                case '^' -> {
                    pos++;
                    items.add(new Node.Assert(flags.multiLine ? Assertion.BEGIN_LINE : Assertion.BEGIN_TEXT));
                }
                case '$' -> {
                    pos++;
                    items.add(new Node.Assert(flags.multiLine ? Assertion.END_LINE : Assertion.END_TEXT));
                }
                case '.' -> {
                    pos++;
                    items.add(new Node.Chars(flags.dotNewline ? RangeSet.ALL : ANY_BUT_NEWLINE));
                }
                case '[' -> items.add(new Node.Chars(characterClass(flags)));
                case '*', '+', '?' -> {
                    pos++;
                    repeat(items, c == '+' ? 1 : 0, c == '?' ? 1 : -1, start);
                }
                case '{' -> {
                    int[] bounds = repeatBounds();
                    if (bounds == null) {
                        pos++;
                        items.add(literal('{', flags));
                    } else {
                        repeat(items, bounds[0], bounds[1], start);
                    }
                }
                case '\\' -> escape(flags, items);
                default -> {
                    pos += Character.charCount(c);
                    items.add(literal(c, flags));
                }
            }
        }
        return concatenationOf(items);
    }

    private static Node concatenationOf(List<Node> items) {
        return items.isEmpty() ? new Node.Empty() : items.size() == 1 ? items.get(0) : new Node.Concat(items);
    }

    private void group(Flags flags, int depth, List<Node> items) throws PatternError {
        int start = pos;
        if (depth + 1 > MAX_NESTING) {
            throw error("groups are nested more than " + MAX_NESTING + " deep", start);
        }
        pos++;
        Flags inner = flags.copy();
        if (src.startsWith("?P<", pos) || src.startsWith("?<", pos)) {
            int close = src.indexOf('>', pos);
            if (close < 0) {
                throw error("unterminated group name", start);
            }
            pos = close + 1;
        } else if (src.startsWith("?", pos)) {
            pos++;
            boolean negate = false;
            while (true) {
                if (pos >= src.length()) {
                    throw error("unterminated flag group", start);
                }
                char f = src.charAt(pos++);
                switch (f) {
                    case 'i' -> inner.foldCase = !negate;
                    case 'm' -> inner.multiLine = !negate;
                    case 's' -> inner.dotNewline = !negate;
                    case 'U' -> { /* laziness does not change whole-string matches */ }
                    case '-' -> negate = true;
                    case ')' -> {
                        // (?flags): applies to the rest of the enclosing group.
                        flags.foldCase = inner.foldCase;
                        flags.multiLine = inner.multiLine;
                        flags.dotNewline = inner.dotNewline;
                        return;
                    }
                    case ':' -> {
                        items.add(groupBody(inner, depth, start));
                        return;
                    }
                    default -> throw error("unknown flag '" + f + "'", pos - 1);
                }
            }
        }
        items.add(groupBody(inner, depth, start));
    }

    private Node groupBody(Flags inner, int depth, int start) throws PatternError {
        Node body = alternation(inner, depth + 1);
        if (pos >= src.length() || src.charAt(pos) != ')') {
            throw error("missing ')'", start);
        }
        pos++;
        return body;
    }

    private void repeat(List<Node> items, int min, int max, int start) throws PatternError {
        if (items.isEmpty()) {
            throw error("repetition operator without an argument", start);
        }
        if (pos < src.length() && src.charAt(pos) == '?') {
            pos++; // lazy: same set of whole-string matches
        }
        Node body = items.remove(items.size() - 1);
        items.add(new Node.Repeat(body, min, max));
    }

    /**
     * Parses {@code {n}}, {@code {n,}} or {@code {n,m}} at pos; null (pos unchanged) when it is a
     * literal '{' (as in RE2: no digits, a leading zero, or no closing brace).
     */
    private int[] repeatBounds() throws PatternError {
        int start = pos;
        int i = pos + 1;
        int minEnd = digitsEnd(i);
        if (minEnd == i || hasLeadingZero(i, minEnd)) {
            return null;
        }
        int max;
        int end = minEnd;
        if (end < src.length() && src.charAt(end) == ',') {
            int maxEnd = digitsEnd(end + 1);
            if (maxEnd > end + 1 && hasLeadingZero(end + 1, maxEnd)) {
                return null;
            }
            max = maxEnd == end + 1 ? -1 : -2;
            if (maxEnd >= src.length() || src.charAt(maxEnd) != '}') {
                return null;
            }
            if (max == -2) {
                max = boundedInt(end + 1, maxEnd, start);
            }
            end = maxEnd;
        } else {
            if (end >= src.length() || src.charAt(end) != '}') {
                return null;
            }
            max = -3;
        }
        int min = boundedInt(i, minEnd, start);
        if (max == -3) {
            max = min;
        }
        if (max != -1 && max < min) {
            throw error("invalid repeat count {" + min + "," + max + "}", start);
        }
        pos = end + 1;
        return new int[] {min, max};
    }

    private int digitsEnd(int from) {
        int i = from;
        while (i < src.length() && src.charAt(i) >= '0' && src.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private boolean hasLeadingZero(int from, int to) {
        return to - from >= 2 && src.charAt(from) == '0';
    }

    private int boundedInt(int from, int to, int start) throws PatternError {
        if (to - from > 4 || Integer.parseInt(src.substring(from, to)) > MAX_REPEAT) {
            throw error("repeat count " + src.substring(from, to) + " is over " + MAX_REPEAT, start);
        }
        return Integer.parseInt(src.substring(from, to));
    }

    private void escape(Flags flags, List<Node> items) throws PatternError {
        int start = pos;
        if (pos + 1 >= src.length()) {
            throw error("trailing backslash", start);
        }
        int c = src.codePointAt(pos + 1);
        switch (c) {
            case 'A', 'z', 'b', 'B' -> {
                pos += 2;
                items.add(new Node.Assert(switch (c) {
                    case 'A' -> Assertion.BEGIN_TEXT;
                    case 'z' -> Assertion.END_TEXT;
                    case 'b' -> Assertion.WORD_BOUNDARY;
                    default -> Assertion.NO_WORD_BOUNDARY;
                }));
            }
            case 'Q' -> {
                pos += 2;
                int end = src.indexOf("\\E", pos);
                int stop = end < 0 ? src.length() : end;
                while (pos < stop) {
                    int lit = src.codePointAt(pos);
                    pos += Character.charCount(lit);
                    items.add(literal(lit, flags));
                }
                pos = end < 0 ? stop : end + 2;
            }
            case 'd', 'D', 's', 'S', 'w', 'W' -> {
                pos += 2;
                items.add(new Node.Chars(perlClass(c, flags)));
            }
            case 'p', 'P' -> throw unicodeClass(start);
            default -> items.add(literal(escapedChar(), flags));
        }
    }

    /** A code point written as an escape ({@code \n}, {@code \x{41}}, {@code \101}, {@code \.}); pos is at the backslash. */
    private int escapedChar() throws PatternError {
        int start = pos;
        pos++;
        int c = src.codePointAt(pos);
        pos += Character.charCount(c);
        switch (c) {
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                if (c != '0' && !isOctal(pos)) {
                    throw error("backreferences (\\" + (char) c + ") are not supported", start);
                }
                int value = c - '0';
                for (int n = 1; n < 3 && isOctal(pos); n++) {
                    value = value * 8 + (src.charAt(pos++) - '0');
                }
                return value;
            }
            case 'x' -> {
                return hexEscape(start);
            }
            case 'a' -> {
                return 7;
            }
            case 'f' -> {
                return '\f';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            case 't' -> {
                return '\t';
            }
            case 'v' -> {
                return 11;
            }
            default -> {
                if (c < 128 && !Character.isLetterOrDigit(c)) {
                    return c;
                }
                throw error("invalid escape sequence \\" + new String(Character.toChars(c)), start);
            }
        }
    }

    private int hexEscape(int start) throws PatternError {
        int end;
        String hex;
        if (pos < src.length() && src.charAt(pos) == '{') {
            end = src.indexOf('}', pos);
            if (end < 0) {
                throw error("unterminated \\x{...}", start);
            }
            hex = src.substring(pos + 1, end);
            end++;
        } else {
            end = Math.min(pos + 2, src.length());
            hex = src.substring(pos, end);
            if (hex.length() != 2) {
                throw error("\\x needs two hex digits", start);
            }
        }
        if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 && ch < 128)) {
            throw error("invalid hex escape", start);
        }
        long value = Long.parseLong(hex, 16);
        if (value > RangeSet.MAX_CODE_POINT) {
            throw error("\\x{" + hex + "} is beyond the last Unicode code point", start);
        }
        pos = end;
        return (int) value;
    }

    private boolean isOctal(int at) {
        return at < src.length() && src.charAt(at) >= '0' && src.charAt(at) <= '7';
    }

    private RangeSet characterClass(Flags flags) throws PatternError {
        int start = pos;
        pos++;
        boolean negated = false;
        if (pos < src.length() && src.charAt(pos) == '^') {
            negated = true;
            pos++;
        }
        RangeSet set = RangeSet.EMPTY;
        boolean first = true;
        while (true) {
            if (pos >= src.length()) {
                throw error("missing ']' of the character class", start);
            }
            int c = src.codePointAt(pos);
            if (c == ']' && !first) {
                pos++;
                break;
            }
            first = false;
            RangeSet item = classItem(flags);
            set = set.union(item);
        }
        return negated ? set.complement() : set;
    }

    /** One item of a character class, already case-folded (and negated, for {@code \W} or {@code [:^alpha:]}) as RE2 does. */
    private RangeSet classItem(Flags flags) throws PatternError {
        int start = pos;
        if (src.startsWith("[:", pos)) {
            int end = src.indexOf(":]", pos + 2);
            if (end >= 0) {
                String name = src.substring(pos + 2, end);
                boolean negated = name.startsWith("^");
                RangeSet posix = posixClass(negated ? name.substring(1) : name);
                if (posix == null) {
                    throw error("unknown POSIX class [:" + name + ":]", start);
                }
                pos = end + 2;
                RangeSet folded = flags.foldCase ? CaseFolding.fold(posix) : posix;
                return negated ? folded.complement() : folded;
            }
        }
        if (src.charAt(pos) == '\\' && pos + 1 < src.length()) {
            char e = src.charAt(pos + 1);
            if ("dDsSwW".indexOf(e) >= 0) {
                pos += 2;
                return perlClass(e, flags);
            }
            if (e == 'p' || e == 'P') {
                throw unicodeClass(start);
            }
        }
        int lo = classChar();
        int hi = lo;
        if (pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
            pos++;
            hi = classChar();
            if (hi < lo) {
                throw error("invalid character class range", start);
            }
        }
        RangeSet item = RangeSet.of(lo, hi);
        return flags.foldCase ? CaseFolding.fold(item) : item;
    }

    private int classChar() throws PatternError {
        if (pos >= src.length()) {
            throw error("missing ']' of the character class", pos);
        }
        if (src.charAt(pos) == '\\') {
            if (pos + 1 >= src.length()) {
                throw error("trailing backslash", pos);
            }
            return escapedChar();
        }
        int c = src.codePointAt(pos);
        pos += Character.charCount(c);
        return c;
    }

    private static RangeSet perlClass(int c, Flags flags) {
        RangeSet base = switch (Character.toLowerCase(c)) {
            case 'd' -> DIGIT;
            case 's' -> SPACE;
            default -> WORD;
        };
        RangeSet folded = flags.foldCase ? CaseFolding.fold(base) : base;
        return Character.isUpperCase(c) ? folded.complement() : folded;
    }

    private static RangeSet posixClass(String name) {
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

    private static Node literal(int c, Flags flags) {
        RangeSet set = RangeSet.single(c);
        return new Node.Chars(flags.foldCase ? CaseFolding.fold(set) : set);
    }

    private PatternError unicodeClass(int start) {
        return error("Unicode character classes (\\p{...}, \\P{...}) are not supported; "
                + "list the characters or ranges instead, e.g. [A-Za-z]", start);
    }

    private PatternError error(String what, int at) {
        return new PatternError(what + " at character " + (src.codePointCount(0, Math.min(at, src.length())) + 1));
    }
}
