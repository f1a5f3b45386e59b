package dev.dialtone.routing.internal;

import java.util.Arrays;

/**
 * Hopcroft's partition refinement, O(k n log n) for n states and k classes, followed by merging
 * neighbouring classes that no state tells apart. Minimal automata keep the products built for
 * matching and for shadowing small, and give each pattern at most one dead and one universal state.
 */
final class Minimizer {
    private final int n;
    private final int k;
    private final int[] delta;
    // Refinable partition: elems grouped by block; block b is elems[first[b] .. end[b]), its marked
    // members at the front, up to markEnd[b].
    private final int[] elems;
    private final int[] loc;
    private final int[] blockOf;
    private final int[] first;
    private final int[] end;
    private final int[] markEnd;
    private int blocks;
    private final int[] touched;
    private int touchedCount;
    // Worklist of (block, class) splitters.
    private final boolean[] inWork;
    private int[] work;
    private int workLen;

    private Minimizer(Determinizer.Result dfa) {
        n = dfa.states();
        k = dfa.alphabet().size();
        delta = dfa.next();
        elems = new int[n];
        loc = new int[n];
        blockOf = new int[n];
        first = new int[n];
        end = new int[n];
        markEnd = new int[n];
        touched = new int[n];
        inWork = new boolean[n * k];
        work = new int[64];
    }

    static Dfa minimize(Determinizer.Result dfa) {
        Minimizer m = new Minimizer(dfa);
        m.refine(dfa.accept());
        return m.build(dfa);
    }

    private void refine(boolean[] accept) {
        int pos = 0;
        for (boolean wanted : new boolean[] {true, false}) {
            int start = pos;
            for (int s = 0; s < n; s++) {
                if (accept[s] == wanted) {
                    elems[pos] = s;
                    loc[s] = pos++;
                    blockOf[s] = blocks;
                }
            }
            if (pos > start) {
                first[blocks] = start;
                end[blocks] = pos;
                markEnd[blocks] = start;
                blocks++;
            }
        }
        int smaller = blocks == 2 && end[1] - first[1] < end[0] - first[0] ? 1 : 0;
        for (int c = 0; c < k; c++) {
            addWork(smaller, c);
        }
        // Inverse transitions, grouped by (class, target).
        int[] invStart = new int[n * k + 1];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < k; c++) {
                invStart[c * n + delta[s * k + c] + 1]++;
            }
        }
        for (int i = 0; i < n * k; i++) {
            invStart[i + 1] += invStart[i];
        }
        int[] fill = Arrays.copyOf(invStart, n * k);
        int[] inv = new int[n * k];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < k; c++) {
                inv[fill[c * n + delta[s * k + c]]++] = s;
            }
        }
        int[] splitter = new int[n];
        while (workLen > 0) {
            int item = work[--workLen];
            int b = item / k;
            int c = item % k;
            inWork[item] = false;
            int size = end[b] - first[b];
            System.arraycopy(elems, first[b], splitter, 0, size);
            for (int i = 0; i < size; i++) {
                int t = splitter[i];
                for (int j = invStart[c * n + t]; j < invStart[c * n + t + 1]; j++) {
                    markState(inv[j]);
                }
            }
            for (int i = 0; i < touchedCount; i++) {
                split(touched[i]);
            }
            touchedCount = 0;
        }
    }

    private void markState(int s) {
        int b = blockOf[s];
        int i = loc[s];
        if (i < markEnd[b]) {
            return;
        }
        int j = markEnd[b]++;
        int other = elems[j];
        elems[j] = s;
        loc[s] = j;
        elems[i] = other;
        loc[other] = i;
        if (j == first[b]) {
            touched[touchedCount++] = b;
        }
    }

    private void split(int b) {
        if (markEnd[b] == end[b]) {
            markEnd[b] = first[b];
            return;
        }
        int y = blocks++;
        first[y] = first[b];
        end[y] = markEnd[b];
        markEnd[y] = first[y];
        first[b] = markEnd[b];
        markEnd[b] = first[b];
        for (int i = first[y]; i < end[y]; i++) {
            blockOf[elems[i]] = y;
        }
        boolean ySmaller = end[y] - first[y] <= end[b] - first[b];
        for (int c = 0; c < k; c++) {
            if (inWork[b * k + c]) {
                addWork(y, c);
            } else {
                addWork(ySmaller ? y : b, c);
            }
        }
    }

    private void addWork(int b, int c) {
        int item = b * k + c;
        if (inWork[item]) {
            return;
        }
        inWork[item] = true;
        if (workLen == work.length) {
            work = Arrays.copyOf(work, workLen * 2);
        }
        work[workLen++] = item;
    }

    private Dfa build(Determinizer.Result dfa) {
        // Number blocks so that the start state's block is 0.
        int[] number = new int[blocks];
        Arrays.fill(number, -1);
        int[] rep = new int[blocks];
        int count = 0;
        number[blockOf[0]] = count;
        rep[count++] = 0;
        for (int s = 1; s < n; s++) {
            if (number[blockOf[s]] < 0) {
                number[blockOf[s]] = count;
                rep[count++] = s;
            }
        }
        // Neighbouring classes that every state treats alike merge into one.
        boolean[] keepStart = new boolean[k];
        int kept = 1;
        for (int c = 1; c < k; c++) {
            for (int q = 0; q < count && !keepStart[c]; q++) {
                keepStart[c] = blockOf[delta[rep[q] * k + c]] != blockOf[delta[rep[q] * k + c - 1]];
            }
            if (keepStart[c]) {
                kept++;
            }
        }
        int[] next = new int[count * kept];
        boolean[] accept = new boolean[count];
        for (int q = 0; q < count; q++) {
            accept[q] = dfa.accept()[rep[q]];
            int col = -1;
            for (int c = 0; c < k; c++) {
                if (c == 0 || keepStart[c]) {
                    col++;
                    next[q * kept + col] = number[blockOf[delta[rep[q] * k + c]]];
                }
            }
        }
        return new Dfa(dfa.alphabet().coarsen(keepStart), count, next, accept);
    }
}
