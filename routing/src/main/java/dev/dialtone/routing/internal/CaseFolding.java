package dev.dialtone.routing.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Case-insensitive matching ({@code (?i)}) as RE2 defines it: a code point matches every member of
 * its Unicode simple case folding orbit ({@code k}, {@code K} and KELVIN SIGN are one orbit).
 *
 * <p>The JDK has no public case-folding table, so orbits are built once from its upper, lower and
 * title case mappings, which link the same code points as CaseFolding.txt's C and S entries except
 * for the Turkic dotted and dotless i (U+0130, U+0131): their mappings to {@code i}/{@code I} are
 * Turkic-only (status T) and RE2 does not fold them, so neither do we. Checked against RE2J's own
 * orbit table: identical for every code point except U+1C80..U+1C88, where RE2J's table predates
 * Unicode 9 (and RE2J 1.8 loops forever, google/re2j#168); there we follow current Unicode.
 */
final class CaseFolding {
    private static final int DOTTED_CAPITAL_I = 0x130;
    private static final int DOTLESS_SMALL_I = 0x131;
    private static final int LAST_CASED_PLANE_END = 0x1FFFF;

    private CaseFolding() {
    }

    /** The set plus every code point in the case folding orbit of one of its members. */
    static RangeSet fold(RangeSet set) {
        Orbits orbits = Orbits.INSTANCE;
        int[] extra = new int[16];
        int n = 0;
        for (int r = 0; r < set.rangeCount(); r++) {
            int i = lowerBound(orbits.cased, set.lo(r));
            for (; i < orbits.cased.length && orbits.cased[i] <= set.hi(r); i++) {
                for (int member : orbits.groups[orbits.groupOf[i]]) {
                    if (!set.contains(member)) {
                        if (n + 2 > extra.length) {
                            extra = Arrays.copyOf(extra, extra.length * 2);
                        }
                        extra[n++] = member;
                        extra[n++] = member;
                    }
                }
            }
        }
        return n == 0 ? set : set.union(RangeSet.ofPairs(Arrays.copyOf(extra, n)));
    }

    private static int lowerBound(int[] sorted, int key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Orbits of the code points that have case variants; built once, on first use (a few ms). */
    private static final class Orbits {
        static final Orbits INSTANCE = new Orbits();

        /** Sorted code points that have case variants. */
        final int[] cased;
        /** For each entry of {@link #cased}, its orbit's index in {@link #groups}. */
        final int[] groupOf;
        final int[][] groups;

        private Orbits() {
            Map<Integer, Integer> parent = new HashMap<>();
            // Case pairs live in planes 0 and 1 only (CJK, tags and private use have none).
            for (int cp = 0; cp <= LAST_CASED_PLANE_END; cp++) {
                link(parent, cp, Character.toUpperCase(cp));
                link(parent, cp, Character.toLowerCase(cp));
                link(parent, cp, Character.toTitleCase(cp));
            }
            cased = parent.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            Map<Integer, Integer> groupIds = new HashMap<>();
            List<List<Integer>> members = new ArrayList<>();
            groupOf = new int[cased.length];
            for (int i = 0; i < cased.length; i++) {
                int root = find(parent, cased[i]);
                Integer id = groupIds.get(root);
                if (id == null) {
                    id = members.size();
                    groupIds.put(root, id);
                    members.add(new ArrayList<>());
                }
                groupOf[i] = id;
                members.get(id).add(cased[i]);
            }
            groups = members.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        }

        private static void link(Map<Integer, Integer> parent, int a, int b) {
            if (a == b || a == DOTTED_CAPITAL_I || a == DOTLESS_SMALL_I || b == DOTTED_CAPITAL_I || b == DOTLESS_SMALL_I) {
                return;
            }
            parent.putIfAbsent(a, a);
            parent.putIfAbsent(b, b);
            int ra = find(parent, a);
            int rb = find(parent, b);
            if (ra != rb) {
                parent.put(ra, rb);
            }
        }

        private static int find(Map<Integer, Integer> parent, int x) {
            int root = x;
            while (parent.get(root) != root) {
                root = parent.get(root);
            }
            while (parent.get(x) != root) {
                int next = parent.get(x);
                parent.put(x, root);
                x = next;
            }
            return root;
        }
    }
}
