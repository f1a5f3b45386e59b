package dev.dialtone.routing.internal;

import java.util.Arrays;

/**
 * An immutable set of Unicode code points stored as sorted, disjoint, non-adjacent inclusive ranges
 * {@code [lo0, hi0, lo1, hi1, ...]}.
 */
public final class RangeSet {
    public static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;
    public static final RangeSet EMPTY = new RangeSet(new int[0]);
    public static final RangeSet ALL = new RangeSet(new int[] {0, MAX_CODE_POINT});

    private final int[] ranges;

    private RangeSet(int[] ranges) {
        this.ranges = ranges;
    }

    public static RangeSet of(int lo, int hi) {
        if (lo < 0 || hi > MAX_CODE_POINT || lo > hi) {
            throw new IllegalArgumentException("bad range " + lo + ".." + hi);
        }
        return new RangeSet(new int[] {lo, hi});
    }

    public static RangeSet single(int codePoint) {
        return of(codePoint, codePoint);
    }

    /** Builds a set from unsorted, possibly overlapping pairs {@code lo, hi, lo, hi...}. */
    public static RangeSet ofPairs(int... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("pairs");
        }
        int n = pairs.length / 2;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            int lo = pairs[2 * i];
            int hi = pairs[2 * i + 1];
            if (lo < 0 || hi > MAX_CODE_POINT || lo > hi) {
                throw new IllegalArgumentException("bad range " + lo + ".." + hi);
            }
            packed[i] = ((long) lo << 32) | hi;
        }
        Arrays.sort(packed);
        int[] out = new int[2 * n];
        int len = 0;
        for (long p : packed) {
            int lo = (int) (p >>> 32);
            int hi = (int) p;
            if (len > 0 && lo <= out[len - 1] + 1) {
                out[len - 1] = Math.max(out[len - 1], hi);
            } else {
                out[len++] = lo;
                out[len++] = hi;
            }
        }
        return new RangeSet(Arrays.copyOf(out, len));
    }

    public RangeSet union(RangeSet other) {
        if (other.ranges.length == 0) {
            return this;
        }
        if (ranges.length == 0) {
            return other;
        }
        int[] all = Arrays.copyOf(ranges, ranges.length + other.ranges.length);
        System.arraycopy(other.ranges, 0, all, ranges.length, other.ranges.length);
        return ofPairs(all);
    }

    public RangeSet complement() {
        int[] out = new int[ranges.length + 2];
        int len = 0;
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                out[len++] = next;
                out[len++] = ranges[i] - 1;
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= MAX_CODE_POINT) {
            out[len++] = next;
            out[len++] = MAX_CODE_POINT;
        }
        return new RangeSet(Arrays.copyOf(out, len));
    }

    public boolean contains(int codePoint) {
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (codePoint < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (codePoint > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return ranges.length == 0;
    }

    public int rangeCount() {
        return ranges.length / 2;
    }

    public int lo(int range) {
        return ranges[2 * range];
    }

    public int hi(int range) {
        return ranges[2 * range + 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RangeSet r && Arrays.equals(ranges, r.ranges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ranges);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ranges.length; i += 2) {
            sb.append(String.format("\\x{%x}", ranges[i]));
            if (ranges[i + 1] != ranges[i]) {
                sb.append(String.format("-\\x{%x}", ranges[i + 1]));
            }
        }
        return sb.append(']').toString();
    }
}
