package dev.dialtone.routing.internal;

import java.util.Arrays;

/**
 * A Thompson NFA for one pattern, counted repetitions expanded. Instructions: {@link #CHAR} (consume
 * one code point of a set), {@link #SPLIT} (two ways on), {@link #ASSERT} (a zero-width assertion),
 * {@link #NOP} and {@link #MATCH}. Its size is checked before it is built, so a pattern like
 * {@code ((a{100}){100}){100}} is refused without allocating a million instructions.
 */
final class Nfa {
    static final int CHAR = 0;
    static final int SPLIT = 1;
    static final int ASSERT = 2;
    static final int NOP = 3;
    static final int MATCH = 4;

    final int[] op;
    final int[] out;
    /** SPLIT: the second way on; ASSERT: the assertion kind. */
    final int[] arg;
    final RangeSet[] chars;
    final int start;
    final int size;
    final boolean hasAssertions;

    private Nfa(Builder b, int start) {
        this.size = b.size;
        this.op = Arrays.copyOf(b.op, b.size);
        this.out = Arrays.copyOf(b.out, b.size);
        this.arg = Arrays.copyOf(b.arg, b.size);
        this.chars = Arrays.copyOf(b.chars, b.size);
        this.start = start;
        boolean asserts = false;
        for (int i = 0; i < size; i++) {
            asserts |= op[i] == ASSERT;
        }
        this.hasAssertions = asserts;
    }

    /**
     * Builds the NFA of {@code node}, refusing it when it would need more than {@code maxStates}
     * instructions.
     */
    static Nfa build(Node node, int maxStates) throws PatternError {
        long needed = size(node, maxStates) + 1;
        if (needed > maxStates) {
            throw new PatternError(PatternError.Kind.LIMIT, "with its counted repetitions expanded it needs more than "
                    + maxStates + " automaton positions (limit dialtone.routing.max-pattern-positions)");
        }
        Builder b = new Builder((int) needed);
        int match = b.add(MATCH, -1, 0, null);
        int start = b.compile(node, match);
        return new Nfa(b, start);
    }

    /** Instructions {@code node} compiles to, saturating just above {@code cap}. */
    private static long size(Node node, long cap) {
        return switch (node) {
            case Node.Chars c -> 1;
            case Node.Empty e -> 0;
            case Node.Assert a -> 1;
            case Node.Concat c -> {
                long sum = 0;
                for (Node item : c.items()) {
                    sum = Math.min(cap + 1, sum + size(item, cap));
                }
                yield sum;
            }
            case Node.Alt a -> {
                long sum = a.branches().size() - 1;
                for (Node branch : a.branches()) {
                    sum = Math.min(cap + 1, sum + size(branch, cap));
                }
                yield sum;
            }
            case Node.Repeat r -> {
                long body = size(r.body(), cap);
                long copies = r.max() == -1 ? Math.max(r.min(), 1) : r.max();
                long splits = r.max() == -1 ? 1 : r.max() - r.min();
                yield Math.min(cap + 1, body * copies + splits);
            }
        };
    }

    private static final class Builder {
        int[] op;
        int[] out;
        int[] arg;
        RangeSet[] chars;
        int size;

        Builder(int capacity) {
            op = new int[capacity];
            out = new int[capacity];
            arg = new int[capacity];
            chars = new RangeSet[capacity];
        }

        int add(int opcode, int next, int argument, RangeSet set) {
            op[size] = opcode;
            out[size] = next;
            arg[size] = argument;
            chars[size] = set;
            return size++;
        }

        /** Compiles {@code node} so that it continues at {@code next}; returns its entry. */
        int compile(Node node, int next) {
            return switch (node) {
                case Node.Chars c -> add(CHAR, next, 0, c.set());
                case Node.Empty e -> next;
                case Node.Assert a -> add(ASSERT, next, a.kind(), null);
                case Node.Concat c -> {
                    int entry = next;
                    for (int i = c.items().size() - 1; i >= 0; i--) {
                        entry = compile(c.items().get(i), entry);
                    }
                    yield entry;
                }
                case Node.Alt a -> {
                    int entry = compile(a.branches().get(a.branches().size() - 1), next);
                    for (int i = a.branches().size() - 2; i >= 0; i--) {
                        int branch = compile(a.branches().get(i), next);
                        entry = add(SPLIT, branch, entry, null);
                    }
                    yield entry;
                }
                case Node.Repeat r -> repeat(r, next);
            };
        }

        private int repeat(Node.Repeat r, int next) {
            int entry = next;
            if (r.max() == -1) {
                // body* : loop = SPLIT(body -> loop, next), entered at the SPLIT;
                // body+ : the same loop entered at the body. body{n,} = body{n-1} body+.
                int loop = add(SPLIT, -1, next, null);
                int body = compile(r.body(), loop);
                out[loop] = body;
                entry = r.min() == 0 ? loop : body;
                for (int i = 1; i < r.min(); i++) {
                    entry = compile(r.body(), entry);
                }
                return entry;
            }
            // Optional tail, nested: (body (body ...)?)? with every skip going straight to next.
            for (int i = r.min(); i < r.max(); i++) {
                entry = add(SPLIT, compile(r.body(), entry), next, null);
            }
            for (int i = 0; i < r.min(); i++) {
                entry = compile(r.body(), entry);
            }
            return entry;
        }
    }
}
