package dev.dialtone.routing.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses RE2 syntax into a {@link Node} tree. It is the judge of the syntax: it accepts what RE2J
 * (and Go's regexp/syntax, which RE2J ports) accepts and refuses the rest with the reason and the
 * position, without ever running RE2J on user input (RE2J 1.8 can loop forever compiling some
 * case-insensitive patterns, google/re2j#168). Beyond the syntax it refuses {@code \p{...}} Unicode
 * classes (unsupported) and nesting deeper than {@link #MAX_NESTING}.
 *
 * <p>Semantics follow RE2: {@code ^}/{@code $} are text anchors unless {@code (?m)}; {@code .}
 * excludes {@code \n} unless {@code (?s)}; {@code \d \s \w}, {@code \b} and POSIX classes are ASCII;
 * {@code (?i)} folds with Unicode simple case folding; flags set by {@code (?i)} last to the end of
 * the enclosing group; laziness ({@code *?}, {@code (?U)}) does not change what a whole-string match accepts.
 */
final class PatternParser {
    static final int MAX_NESTING = 100;
    static final int MAX_REPEAT = 1000;

    private final String src;
    private final Set<String> groupNames = new HashSet<>();
    private int pos;

    private PatternParser(String src) {
        this.src = src;
    }

    static Node parse(String pattern) throws PatternError {
        PatternParser p = new PatternParser(pattern);
        Node node = p.alternation(new Flags(), 0);
        if (p.pos < pattern.length()) {
            throw p.syntax("unexpected ')'", p.pos);
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
        boolean lastWasRepeat = false;
        while (pos < src.length()) {
            int start = pos;
            int c = src.codePointAt(pos);
            boolean repeat = false;
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
                    items.add(new Node.Chars(flags.dotNewline ? RangeSet.ALL : CharSets.ANY_BUT_NEWLINE));
                }
                case '[' -> items.add(new Node.Chars(characterClass(flags)));
                case '*', '+', '?' -> {
                    pos++;
                    repeat(items, c == '+' ? 1 : 0, c == '?' ? 1 : -1, start, lastWasRepeat);
                    repeat = true;
                }
                case '{' -> {
                    int[] bounds = repeatBounds();
                    if (bounds == null) {
                        pos++;
                        items.add(literal('{', flags));
                    } else {
                        repeat(items, bounds[0], bounds[1], start, lastWasRepeat);
                    }
                    // RE2J (unlike Go) counts even a literal '{' as a repetition token: "a{*" is refused.
                    repeat = true;
                }
                case '\\' -> escape(flags, items);
                default -> {
                    pos += Character.charCount(c);
                    items.add(literal(c, flags));
                }
            }
            lastWasRepeat = repeat;
        }
        return concatenationOf(items);
    }

    private static Node concatenationOf(List<Node> items) {
        return items.isEmpty() ? new Node.Empty() : items.size() == 1 ? items.get(0) : new Node.Concat(items);
    }

    private void group(Flags flags, int depth, List<Node> items) throws PatternError {
        int start = pos;
        if (depth + 1 > MAX_NESTING) {
            throw new PatternError(PatternError.Kind.UNSUPPORTED,
                    "groups are nested more than " + MAX_NESTING + " deep" + at(start));
        }
        Flags inner = flags.copy();
        if (src.startsWith("(?P<", pos) || src.startsWith("(?<", pos)) {
            int begin = pos + (src.charAt(pos + 2) == 'P' ? 4 : 3);
            if (src.startsWith("=", begin) || src.startsWith("!", begin)) {
                throw syntax("lookbehind assertions (?<=...) and (?<!...) are not RE2 syntax", start);
            }
            int close = src.indexOf('>', begin);
            String name = close < 0 ? "" : src.substring(begin, close);
            if (name.isEmpty() || !name.chars().allMatch(ch -> ch == '_' || isAsciiAlphanumeric(ch))) {
                throw syntax("invalid group name (letters, digits and _ only)", start);
            }
            if (!groupNames.add(name)) {
                throw syntax("duplicate group name '" + name + "'", start);
            }
            pos = close + 1;
            items.add(groupBody(inner, depth, start));
            return;
        }
        if (!src.startsWith("(?", pos)) {
            pos++;
            items.add(groupBody(inner, depth, start));
            return;
        }
        pos += 2;
        boolean negate = false;
        boolean sawFlag = false;
        while (true) {
            if (pos >= src.length()) {
                throw syntax("unterminated (?", start);
            }
            char f = src.charAt(pos++);
            switch (f) {
                case 'i' -> inner.foldCase = !negate;
                case 'm' -> inner.multiLine = !negate;
                case 's' -> inner.dotNewline = !negate;
                case 'U' -> { /* laziness does not change whole-string matches */ }
                case '-' -> {
                    if (negate) {
                        throw syntax("invalid flags", start);
                    }
                    negate = true;
                    sawFlag = false;
                    continue;
                }
                case ':', ')' -> {
                    if (negate && !sawFlag) {
                        throw syntax("'-' must be followed by a flag", start);
                    }
                    if (f == ':') {
                        items.add(groupBody(inner, depth, start));
                    } else {
                        // (?flags): applies to the rest of the enclosing group.
                        flags.foldCase = inner.foldCase;
                        flags.multiLine = inner.multiLine;
                        flags.dotNewline = inner.dotNewline;
                    }
                    return;
                }
                case '=', '!' -> throw syntax("lookahead assertions (?=...) and (?!...) are not RE2 syntax", start);
                default -> throw syntax("invalid or unsupported group syntax (?" + f
                        + "; RE2 knows (?:...), (?P<name>...), (?<name>...) and the flags i, m, s, U", start);
            }
            sawFlag = true;
        }
    }

    private Node groupBody(Flags inner, int depth, int start) throws PatternError {
        Node body = alternation(inner, depth + 1);
        if (pos >= src.length() || src.charAt(pos) != ')') {
            throw syntax("missing ')' for the group opened", start);
        }
        pos++;
        return body;
    }

    private void repeat(List<Node> items, int min, int max, int start, boolean afterRepeat) throws PatternError {
        if (pos < src.length() && src.charAt(pos) == '?') {
            pos++; // lazy: same set of whole-string matches
        }
        if (afterRepeat) {
            throw syntax("invalid nested repetition operator " + src.substring(start, pos)
                    + " (write a group, e.g. (?:a*)*)", start);
        }
        if (items.isEmpty()) {
            throw syntax("missing argument to repetition operator " + src.substring(start, pos), start);
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
        int minFrom = pos + 1;
        int minTo = digitsEnd(minFrom);
        if (minTo == minFrom || hasLeadingZero(minFrom, minTo)) {
            return null;
        }
        int close = minTo;
        int maxFrom = -1;
        int maxTo = -1;
        if (close < src.length() && src.charAt(close) == ',') {
            maxFrom = close + 1;
            maxTo = digitsEnd(maxFrom);
            if (hasLeadingZero(maxFrom, maxTo)) {
                return null;
            }
            close = maxTo;
        }
        if (close >= src.length() || src.charAt(close) != '}') {
            return null;
        }
        int min = boundedInt(minFrom, minTo, start);
        int max = maxFrom < 0 ? min : maxTo == maxFrom ? -1 : boundedInt(maxFrom, maxTo, start);
        if (max != -1 && max < min) {
            throw syntax("invalid repeat count {" + min + "," + max + "}", start);
        }
        pos = close + 1;
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
            throw syntax("invalid repeat count " + src.substring(from, to) + ": the maximum is " + MAX_REPEAT, start);
        }
        return Integer.parseInt(src.substring(from, to));
    }

    private void escape(Flags flags, List<Node> items) throws PatternError {
        int start = pos;
        if (pos + 1 >= src.length()) {
            throw syntax("trailing backslash at the end of the pattern", start);
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
                items.add(new Node.Chars(CharSets.perl(c, flags.foldCase)));
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
                    throw syntax("backreferences (\\" + (char) c + ") are not RE2 syntax", start);
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
                if (c < 128 && !isAsciiAlphanumeric(c)) {
                    return c;
                }
                throw syntax("invalid escape sequence \\" + new String(Character.toChars(c)), start);
            }
        }
    }

    private int hexEscape(int start) throws PatternError {
        if (pos < src.length() && src.charAt(pos) == '{') {
            long value = 0;
            int digits = 0;
            for (int i = pos + 1; i < src.length(); i++) {
                char h = src.charAt(i);
                if (h == '}' && digits > 0) {
                    pos = i + 1;
                    return (int) value;
                }
                int d = h < 128 ? Character.digit(h, 16) : -1;
                if (d < 0) {
                    break;
                }
                value = value * 16 + d;
                digits++;
                if (value > RangeSet.MAX_CODE_POINT) {
                    throw syntax("invalid escape: \\x{...} is beyond the last Unicode code point", start);
                }
            }
            throw syntax("invalid escape: \\x{...} needs hex digits and a closing brace", start);
        }
        int hi = pos < src.length() && src.charAt(pos) < 128 ? Character.digit(src.charAt(pos), 16) : -1;
        int lo = pos + 1 < src.length() && src.charAt(pos + 1) < 128 ? Character.digit(src.charAt(pos + 1), 16) : -1;
        if (hi < 0 || lo < 0) {
            throw syntax("invalid escape: \\x needs two hex digits or \\x{...}", start);
        }
        pos += 2;
        return hi * 16 + lo;
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
                throw syntax("missing ']' for the character class opened", start);
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
                RangeSet posix = CharSets.posix(negated ? name.substring(1) : name);
                if (posix == null) {
                    throw syntax("unknown POSIX class [:" + name + ":]", start);
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
                return CharSets.perl(e, flags.foldCase);
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
                throw syntax("invalid character class range (the end is before the start)", start);
            }
        }
        RangeSet item = RangeSet.of(lo, hi);
        return flags.foldCase ? CaseFolding.fold(item) : item;
    }

    private int classChar() throws PatternError {
        if (pos >= src.length()) {
            throw syntax("missing ']' at the end of the character class", pos);
        }
        if (src.charAt(pos) == '\\') {
            if (pos + 1 >= src.length()) {
                throw syntax("trailing backslash at the end of the pattern", pos);
            }
            return escapedChar();
        }
        int c = src.codePointAt(pos);
        pos += Character.charCount(c);
        return c;
    }

    private static Node literal(int c, Flags flags) {
        RangeSet set = RangeSet.single(c);
        return new Node.Chars(flags.foldCase ? CaseFolding.fold(set) : set);
    }

    private PatternError unicodeClass(int start) {
        return new PatternError(PatternError.Kind.UNSUPPORTED, "Unicode character classes (\\p{...}, \\P{...}) are not "
                + "supported; list the characters or ranges instead, e.g. [A-Za-z]" + at(start));
    }

    private static boolean isAsciiAlphanumeric(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private PatternError syntax(String what, int at) {
        return new PatternError(PatternError.Kind.SYNTAX, what + at(at));
    }

    private String at(int index) {
        return " at character " + (src.codePointCount(0, Math.min(index, src.length())) + 1);
    }
}
