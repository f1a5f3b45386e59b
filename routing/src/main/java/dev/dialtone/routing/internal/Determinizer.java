package dev.dialtone.routing.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Subset construction, NFA to DFA, with a cap on states and on total work so that a pattern whose
 * DFA explodes (e.g. {@code (a|b)*a(a|b){20}}) is refused quickly instead of eating memory.
 *
 * <p>Zero-width assertions are handled exactly, as RE2's DFA does: a DFA state is a set of NFA
 * instructions whose assertions are still pending, plus the kind of the code point just read. An
 * assertion is resolved when the next code point (or the end of the input) is known, so {@code \b},
 * {@code ^} and {@code $} in any position need no lookaround.
 */
final class Determinizer {
    private static final int[] NO_KINDS = {-1};
    private static final int[] NEXT_KINDS = {Assertion.NEWLINE, Assertion.WORD, Assertion.OTHER};

    private final Nfa nfa;
    private final int maxStates;
    private final long maxWork;
    private final Alphabet alphabet;
    private final int classes;
    private final int[][] spans;
    private final int[] classKind;
    private final int[] mark;
    private int stamp;
    private int[] stack;
    private long visited;
    private long work;

    private final List<int[]> keys = new ArrayList<>();
    private final Map<IntArrayKey, Integer> ids = new HashMap<>();
    private int[] next = new int[64];
    private boolean[] accept = new boolean[16];
    private int[][] bucket;
    private int[] bucketLen;

    /** A complete DFA; state 0 is the start. */
    record Result(Alphabet alphabet, int states, int[] next, boolean[] accept) {
    }

    private Determinizer(Nfa nfa, int maxStates, long maxWork) {
        this.nfa = nfa;
        this.maxStates = maxStates;
        this.maxWork = maxWork;
        List<RangeSet> sets = new ArrayList<>();
        for (int pc = 0; pc < nfa.size; pc++) {
            if (nfa.op[pc] == Nfa.CHAR) {
                sets.add(nfa.chars[pc]);
            }
        }
        if (nfa.hasAssertions) {
            sets.add(Assertion.KIND_BOUNDARIES);
        }
        this.alphabet = Alphabet.separating(sets);
        this.classes = alphabet.size();
        this.spans = new int[nfa.size][];
        for (int pc = 0; pc < nfa.size; pc++) {
            if (nfa.op[pc] == Nfa.CHAR) {
                RangeSet set = nfa.chars[pc];
                int[] span = new int[2 * set.rangeCount()];
                for (int r = 0; r < set.rangeCount(); r++) {
                    span[2 * r] = alphabet.classOf(set.lo(r));
                    span[2 * r + 1] = alphabet.classOf(set.hi(r));
                }
                spans[pc] = span;
            }
        }
        this.classKind = new int[classes];
        for (int c = 0; c < classes; c++) {
            classKind[c] = Assertion.kindOf(alphabet.start(c));
        }
        this.mark = new int[nfa.size];
        this.stack = new int[Math.max(16, nfa.size)];
        this.bucket = new int[classes][];
        this.bucketLen = new int[classes];
    }

    static Result determinize(Nfa nfa, int maxStates, long maxWork) throws PatternError {
        Determinizer d = new Determinizer(nfa, maxStates, maxWork);
        d.stateOf(Assertion.EDGE, d.closeBasic(new int[] {nfa.start}, 0));
        for (int s = 0; s < d.keys.size(); s++) {
            d.computeRow(s);
        }
        int n = d.keys.size();
        return new Result(d.alphabet, n, Arrays.copyOf(d.next, n * d.classes), Arrays.copyOf(d.accept, n));
    }

    private void computeRow(int s) throws PatternError {
        int[] key = keys.get(s);
        int before = key[0];
        int[] set = Arrays.copyOfRange(key, 1, key.length);
        accept[s] = containsMatch(nfa.hasAssertions ? closeFull(set, before, Assertion.EDGE) : set);
        Arrays.fill(bucketLen, 0);
        charge(classes + set.length);
        for (int kind : nfa.hasAssertions ? NEXT_KINDS : NO_KINDS) {
            int[] full = kind < 0 ? set : closeFull(set, before, kind);
            for (int pc : full) {
                if (nfa.op[pc] != Nfa.CHAR) {
                    continue;
                }
                int[] span = spans[pc];
                for (int r = 0; r < span.length; r += 2) {
                    charge(span[r + 1] - span[r] + 1);
                    for (int c = span[r]; c <= span[r + 1]; c++) {
                        if (kind < 0 || classKind[c] == kind) {
                            addToBucket(c, nfa.out[pc]);
                        }
                    }
                }
            }
        }
        Map<IntArrayKey, Integer> memo = new HashMap<>();
        for (int c = 0; c < classes; c++) {
            int after = nfa.hasAssertions ? classKind[c] : 0;
            int[] seeds = new int[bucketLen[c] + 1];
            seeds[0] = after;
            if (bucketLen[c] > 0) {
                System.arraycopy(bucket[c], 0, seeds, 1, bucketLen[c]);
            }
            IntArrayKey memoKey = new IntArrayKey(seeds);
            Integer target = memo.get(memoKey);
            if (target == null) {
                target = stateOf(after, closeBasic(seeds, 1));
                memo.put(memoKey, target);
            }
            next[s * classes + c] = target;
        }
    }

    private int stateOf(int before, int[] closedSet) throws PatternError {
        boolean pending = false;
        for (int pc : closedSet) {
            pending |= nfa.op[pc] == Nfa.ASSERT;
        }
        int[] key = new int[closedSet.length + 1];
        key[0] = pending ? before : 0; // what came before matters only to pending assertions
        System.arraycopy(closedSet, 0, key, 1, closedSet.length);
        IntArrayKey k = new IntArrayKey(key);
        Integer id = ids.get(k);
        if (id != null) {
            return id;
        }
        int newId = keys.size();
        if (newId >= maxStates) {
            throw new PatternError(PatternError.Kind.LIMIT, "its automaton needs more than " + maxStates
                    + " states (limit dialtone.routing.max-pattern-states); simplify repetitions of alternatives");
        }
        keys.add(key);
        ids.put(k, newId);
        if ((long) (newId + 1) * classes > next.length) {
            next = Arrays.copyOf(next, (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) next.length * 2, (long) (newId + 1) * classes)));
        }
        if (newId >= accept.length) {
            accept = Arrays.copyOf(accept, accept.length * 2);
        }
        charge(key.length + classes);
        return newId;
    }

    /** NFA instructions reachable from {@code seeds[from..]} through SPLIT and NOP: CHAR, MATCH and pending ASSERT, sorted. */
    private int[] closeBasic(int[] seeds, int from) throws PatternError {
        stamp++;
        int sp = 0;
        int[] found = new int[8];
        int n = 0;
        for (int i = from; i < seeds.length; i++) {
            sp = push(sp, seeds[i]);
        }
        while (sp > 0) {
            int pc = stack[--sp];
            switch (nfa.op[pc]) {
                case Nfa.SPLIT -> {
                    sp = push(sp, nfa.arg[pc]);
                    sp = push(sp, nfa.out[pc]);
                }
                case Nfa.NOP -> sp = push(sp, nfa.out[pc]);
                default -> {
                    if (n == found.length) {
                        found = Arrays.copyOf(found, n * 2);
                    }
                    found[n++] = pc;
                }
            }
        }
        chargeVisited();
        int[] result = Arrays.copyOf(found, n);
        Arrays.sort(result);
        return result;
    }

    /** {@code set} with its pending assertions resolved for the position between kinds {@code before} and {@code after}. */
    private int[] closeFull(int[] set, int before, int after) throws PatternError {
        stamp++;
        int sp = 0;
        int[] found = new int[Math.max(8, set.length)];
        int n = 0;
        for (int pc : set) {
            sp = push(sp, pc);
        }
        while (sp > 0) {
            int pc = stack[--sp];
            switch (nfa.op[pc]) {
                case Nfa.SPLIT -> {
                    sp = push(sp, nfa.arg[pc]);
                    sp = push(sp, nfa.out[pc]);
                }
                case Nfa.NOP -> sp = push(sp, nfa.out[pc]);
                case Nfa.ASSERT -> {
                    if (Assertion.holds(nfa.arg[pc], before, after)) {
                        sp = push(sp, nfa.out[pc]);
                    }
                }
                default -> {
                    if (n == found.length) {
                        found = Arrays.copyOf(found, n * 2);
                    }
                    found[n++] = pc;
                }
            }
        }
        chargeVisited();
        return Arrays.copyOf(found, n);
    }

    private int push(int sp, int pc) {
        if (mark[pc] == stamp) {
            return sp;
        }
        mark[pc] = stamp;
        visited++;
        if (sp == stack.length) {
            stack = Arrays.copyOf(stack, sp * 2);
        }
        stack[sp] = pc;
        return sp + 1;
    }

    private boolean containsMatch(int[] pcs) {
        for (int pc : pcs) {
            if (nfa.op[pc] == Nfa.MATCH) {
                return true;
            }
        }
        return false;
    }

    private void addToBucket(int c, int pc) {
        int[] b = bucket[c];
        if (b == null) {
            b = bucket[c] = new int[4];
        } else if (bucketLen[c] == b.length) {
            b = bucket[c] = Arrays.copyOf(b, b.length * 2);
        }
        b[bucketLen[c]++] = pc;
    }

    private void chargeVisited() throws PatternError {
        long v = visited;
        visited = 0;
        charge(v);
    }

    private void charge(long steps) throws PatternError {
        work += steps;
        if (work > maxWork) {
            throw new PatternError(PatternError.Kind.LIMIT, "building its automaton takes more than " + maxWork
                    + " steps (limit dialtone.routing.max-compile-work); simplify repetitions of alternatives");
        }
    }
}
