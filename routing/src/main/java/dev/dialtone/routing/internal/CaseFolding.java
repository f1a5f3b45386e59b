package dev.dialtone.routing.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.re2j.Pattern;

/**
 * Case-insensitive matching ({@code (?i)}) exactly as RE2J does it.
 *
 * <p>RE2 folds with Unicode simple case folding orbits ({@code k}, {@code K} and KELVIN SIGN are one
 * orbit; dotless {@code ı} is not in the orbit of {@code i}). The JDK has no public case-folding
 * table, so candidates come from the JDK's upper/lower/title mappings (a superset of the orbits)
 * and RE2J itself decides which candidates really fold together. RE2J is the reference for the
 * accepted syntax anyway, so this keeps the two in agreement whatever Unicode versions they carry.
 */
final class CaseFolding {
    private static final Map<Integer, RangeSet> SINGLE_CACHE = new ConcurrentHashMap<>();

    private CaseFolding() {
    }

    /** The set plus every code point that RE2 considers a case variant of one of its members. */
    static RangeSet fold(RangeSet set) {
        if (set.rangeCount() == 1 && set.lo(0) == set.hi(0)) {
            int cp = set.lo(0);
            RangeSet cached = SINGLE_CACHE.get(cp);
            if (cached != null) {
                return cached;
            }
            RangeSet folded = foldUncached(set);
            if (folded != set) {
                SINGLE_CACHE.put(cp, folded); // bounded by the number of code points with case variants
            }
            return folded;
        }
        return foldUncached(set);
    }

    private static RangeSet foldUncached(RangeSet set) {
        Variants variants = Variants.INSTANCE;
        List<Integer> candidates = new ArrayList<>();
        for (int r = 0; r < set.rangeCount(); r++) {
            int i = lowerBound(variants.cased, set.lo(r));
            for (; i < variants.cased.length && variants.cased[i] <= set.hi(r); i++) {
                for (int member : variants.groups[variants.groupOf[i]]) {
                    if (!set.contains(member)) {
                        candidates.add(member);
                    }
                }
            }
        }
        if (candidates.isEmpty()) {
            return set;
        }
        StringBuilder oracle = new StringBuilder("(?i)[");
        for (int r = 0; r < set.rangeCount(); r++) {
            oracle.append(String.format("\\x{%x}-\\x{%x}", set.lo(r), set.hi(r)));
        }
        Pattern pattern = Pattern.compile(oracle.append(']').toString());
        int[] pairs = new int[2 * candidates.size()];
        int n = 0;
        for (int cp : candidates) {
            if (pattern.matches(new String(Character.toChars(cp)))) {
                pairs[n++] = cp;
                pairs[n++] = cp;
            }
        }
        return n == 0 ? set : set.union(RangeSet.ofPairs(Arrays.copyOf(pairs, n)));
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

    /** Groups of code points linked by the JDK's case mappings; built once, on first use. */
    private static final class Variants {
        static final Variants INSTANCE = new Variants();

        final int[] cased;
        final int[] groupOf;
        final int[][] groups;

        private Variants() {
            Map<Integer, Integer> parent = new HashMap<>();
            for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
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
                int id = groupIds.computeIfAbsent(root, k -> {
                    members.add(new ArrayList<>());
                    return members.size() - 1;
                });
                groupOf[i] = id;
                members.get(id).add(cased[i]);
            }
            groups = members.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        }

        private static void link(Map<Integer, Integer> parent, int a, int b) {
            if (a == b) {
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
