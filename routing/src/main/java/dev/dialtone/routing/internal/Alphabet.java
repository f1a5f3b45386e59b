package dev.dialtone.routing.internal;

import java.util.Arrays;

/**
 * A partition of all code points into intervals ("classes") that an automaton never tells apart:
 * class {@code c} is {@code [start(c), start(c + 1) - 1]}. Lookup is one array read for ASCII and a
 * binary search otherwise.
 */
public final class Alphabet {
    private final int[] starts;
    private final int[] ascii = new int[128];

    private Alphabet(int[] starts) {
        this.starts = starts;
        int c = 0;
        for (int cp = 0; cp < 128; cp++) {
            while (c + 1 < starts.length && starts[c + 1] <= cp) {
                c++;
            }
            ascii[cp] = c;
        }
    }

    /** @param sortedStarts strictly increasing, first element 0 */
    static Alphabet ofStarts(int[] sortedStarts) {
        if (sortedStarts.length == 0 || sortedStarts[0] != 0) {
            throw new IllegalArgumentException("starts must begin at 0");
        }
        return new Alphabet(sortedStarts.clone());
    }

    /** The coarsest partition in which every range of every set is a union of whole classes. */
    static Alphabet separating(Iterable<RangeSet> sets) {
        int[] bounds = new int[16];
        int n = 0;
        bounds[n++] = 0;
        for (RangeSet set : sets) {
            for (int r = 0; r < set.rangeCount(); r++) {
                if (n + 2 > bounds.length) {
                    bounds = Arrays.copyOf(bounds, bounds.length * 2);
                }
                bounds[n++] = set.lo(r);
                if (set.hi(r) < RangeSet.MAX_CODE_POINT) {
                    bounds[n++] = set.hi(r) + 1;
                }
            }
        }
        return new Alphabet(sortedUnique(bounds, n));
    }

    /** The coarsest partition finer than all of {@code alphabets}. */
    static Alphabet merge(Iterable<Alphabet> alphabets) {
        int total = 0;
        for (Alphabet a : alphabets) {
            total += a.starts.length;
        }
        int[] all = new int[Math.max(total, 1)];
        int n = 0;
        for (Alphabet a : alphabets) {
            System.arraycopy(a.starts, 0, all, n, a.starts.length);
            n += a.starts.length;
        }
        if (n == 0) {
            return new Alphabet(new int[] {0});
        }
        return new Alphabet(sortedUnique(all, n));
    }

    private static int[] sortedUnique(int[] values, int n) {
        int[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int len = 0;
        for (int v : sorted) {
            if (len == 0 || sorted[len - 1] != v) {
                sorted[len++] = v;
            }
        }
        return Arrays.copyOf(sorted, len);
    }

    public int size() {
        return starts.length;
    }

    public int classOf(int codePoint) {
        if (codePoint < 128) {
            return ascii[codePoint];
        }
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= codePoint) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The first code point of class {@code c}: a representative of the class. */
    public int start(int c) {
        return starts[c];
    }

    public int end(int c) {
        return c + 1 < starts.length ? starts[c + 1] - 1 : RangeSet.MAX_CODE_POINT;
    }

    /** Removes the boundary before each class {@code c} with {@code keep[c] == false} (classes c-1 and c merge). */
    Alphabet coarsen(boolean[] keepStart) {
        int n = 0;
        int[] kept = new int[starts.length];
        for (int c = 0; c < starts.length; c++) {
            if (c == 0 || keepStart[c]) {
                kept[n++] = starts[c];
            }
        }
        return new Alphabet(Arrays.copyOf(kept, n));
    }
}
