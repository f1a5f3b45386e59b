package dev.dialtone.routing.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The product of all rules' automata, the common ground of matching and shadowing. A product
 * state ("tuple") lists, for each rule still in play, its pattern state and exclude state:
 * {@code [rule, patternState, excludeState, rule, ...]} by increasing rule index, excludeState
 * {@link #NONE} when the rule has no exclude or its exclude can no longer match.
 *
 * <p>{@link #normalize} drops everything that cannot change which rule a string reaches: rules
 * whose pattern is dead, rules whose exclude matches every continuation, and every rule after one
 * whose pattern matches every continuation with no exclude left (that rule takes them all). This
 * is exact, and it keeps products small: once {@code .*} is the first rule in play, the tuple is
 * just that rule.
 */
public final class RuleProduct {
    public static final int NONE = -1;

    private final Dfa[] patterns;
    private final Dfa[] excludes;
    private final Alphabet full;
    /** Built on first use by the shadowing analysis. */
    private final Alphabet[] prefixAlphabets;

    public RuleProduct(List<CompiledRule> rules) {
        int n = rules.size();
        patterns = new Dfa[n];
        excludes = new Dfa[n];
        prefixAlphabets = new Alphabet[n];
        List<Alphabet> seen = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            patterns[r] = rules.get(r).pattern();
            excludes[r] = rules.get(r).exclude();
            seen.add(patterns[r].alphabet());
            if (excludes[r] != null) {
                seen.add(excludes[r].alphabet());
            }
        }
        this.full = Alphabet.merge(seen);
    }

    public int rules() {
        return patterns.length;
    }

    /** The coarsest alphabet that all rules' automata respect. */
    public Alphabet alphabet() {
        return full;
    }

    /** The coarsest alphabet that the automata of rules {@code 0..last} respect. */
    Alphabet prefixAlphabet(int last) {
        synchronized (prefixAlphabets) {
            if (prefixAlphabets[last] == null) {
                List<Alphabet> parts = new ArrayList<>();
                for (int r = 0; r <= last; r++) {
                    parts.add(patterns[r].alphabet());
                    if (excludes[r] != null) {
                        parts.add(excludes[r].alphabet());
                    }
                }
                prefixAlphabets[last] = Alphabet.merge(parts);
            }
            return prefixAlphabets[last];
        }
    }

    Dfa pattern(int rule) {
        return patterns[rule];
    }

    Dfa exclude(int rule) {
        return excludes[rule];
    }

    /** The normalized start tuple of rules {@code from..to} (inclusive). */
    int[] start(int from, int to) {
        int[] raw = new int[3 * (to - from + 1)];
        for (int r = from; r <= to; r++) {
            int i = 3 * (r - from);
            raw[i] = r;
            raw[i + 1] = Dfa.START;
            raw[i + 2] = excludes[r] == null ? NONE : Dfa.START;
        }
        return normalize(raw, raw.length);
    }

    /** Every rule of the tuple stepped on {@code codePoint}, not yet normalized (same layout). */
    int[] stepRaw(int[] tuple, int codePoint) {
        int[] raw = new int[tuple.length];
        for (int i = 0; i < tuple.length; i += 3) {
            int r = tuple[i];
            raw[i] = r;
            raw[i + 1] = patterns[r].step(tuple[i + 1], codePoint);
            raw[i + 2] = tuple[i + 2] == NONE ? NONE : excludes[r].step(tuple[i + 2], codePoint);
        }
        return raw;
    }

    int[] step(int[] tuple, int codePoint) {
        int[] raw = stepRaw(tuple, codePoint);
        return normalize(raw, raw.length);
    }

    /** Whether rule {@code r} in states (p, e) can still take some continuation. */
    boolean live(int r, int p, int e) {
        return !patterns[r].dead(p) && (e == NONE || !excludes[r].universal(e));
    }

    /** Whether rule {@code r} in states (p, e) takes every continuation (including the empty one). */
    boolean takesAll(int r, int p, int e) {
        return patterns[r].universal(p) && (e == NONE || excludes[r].dead(e));
    }

    boolean takes(int r, int p, int e) {
        return patterns[r].accepts(p) && (e == NONE || !excludes[r].accepts(e));
    }

    int[] normalize(int[] raw, int length) {
        int[] out = new int[length];
        int n = 0;
        for (int i = 0; i < length; i += 3) {
            int r = raw[i];
            int p = raw[i + 1];
            int e = raw[i + 2];
            if (!live(r, p, e)) {
                continue;
            }
            if (e != NONE && excludes[r].dead(e)) {
                e = NONE;
            }
            out[n++] = r;
            out[n++] = p;
            out[n++] = e;
            if (e == NONE && patterns[r].universal(p)) {
                break;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The rule the input read so far reaches if it ends here, or -1. */
    int taker(int[] tuple) {
        for (int i = 0; i < tuple.length; i += 3) {
            if (takes(tuple[i], tuple[i + 1], tuple[i + 2])) {
                return tuple[i];
            }
        }
        return -1;
    }

    /** Whether every continuation of this tuple reaches the same rule ({@link #taker}). */
    boolean decided(int[] tuple) {
        return tuple.length == 0 || takesAll(tuple[0], tuple[1], tuple[2]);
    }
}
