package dev.dialtone.routing.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exact shadowed-rule detection. Let L(r) be the strings rule r takes on its own (pattern minus
 * exclude). Rule k is shadowed when L(k) is included in the union of L(j) for the rules j before it;
 * that includes L(k) being empty.
 *
 * <p>Decided by exploring the product of rules {@code 0..k} ({@link RuleProduct}) breadth-first from
 * the start, only through states where rule k is still live. Every product state reached is the
 * state of some string, and it tells which rules take that string, so: rule k is reachable iff some
 * explored state has k taking and no earlier rule taking (the path to it is a witness string). If
 * none, each explored state where k takes yields the set of earlier rules that take there, and any
 * set of rules hitting all those sets covers L(k); a greedy set cover, pruned to an irreducible one,
 * gives {@code coveredBy}. Work is capped per rule; a rule that needs more is not analysed rather
 * than guessed.
 */
public final class ShadowAnalysis {

    /** The outcome for one rule. */
    public sealed interface Outcome {
    }

    /** Some string reaches the rule; {@code witness} is a shortest one. */
    public record Reachable(String witness) implements Outcome {
    }

    /** No string reaches the rule; these earlier rules (indexes, ascending) take all it would match; empty when it matches nothing. */
    public record Shadowed(int[] coveredBy) implements Outcome {
    }

    public record Unanalysed(String reason) implements Outcome {
    }

    private final RuleProduct product;
    private final long maxWork;
    private long work;

    private ShadowAnalysis(RuleProduct product, long maxWork) {
        this.product = product;
        this.maxWork = maxWork;
    }

    /**
     * Analyses every rule, each within {@code maxWorkPerRule} and all together within
     * {@code maxWorkPerTable}; rules left when the table's budget has run out are not analysed.
     */
    public static List<Outcome> analyse(RuleProduct product, long maxWorkPerRule, long maxWorkPerTable) {
        List<Outcome> outcomes = new ArrayList<>(product.rules());
        long left = maxWorkPerTable;
        for (int k = 0; k < product.rules(); k++) {
            if (left < maxWorkPerRule) {
                outcomes.add(new Unanalysed("the shadowing analysis of this table used up its budget of " + maxWorkPerTable
                        + " automaton steps before reaching this rule (limit dialtone.routing.max-table-analysis-work)"));
                continue;
            }
            ShadowAnalysis a = new ShadowAnalysis(product, maxWorkPerRule);
            outcomes.add(a.run(k));
            left -= a.work;
        }
        return outcomes;
    }

    private Outcome run(int k) {
        try {
            Outcome alone = explore(k, k);
            if (!(alone instanceof Reachable) || k == 0) {
                return alone; // matches nothing (or it is the first rule): no earlier rule involved
            }
            return explore(0, k);
        } catch (BudgetExceeded e) {
            return new Unanalysed("the shadowing analysis of this rule needs more than " + maxWork
                    + " automaton steps (limit dialtone.routing.max-analysis-work)");
        }
    }

    private static final class BudgetExceeded extends Exception {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /** Explores the product of rules {@code from..k} through the states where k is live. */
    private Outcome explore(int from, int k) throws BudgetExceeded {
        Alphabet alphabet = product.prefixAlphabet(k);
        Set<BitSet> covers = new HashSet<>();
        Map<IntArrayKey, Integer> seen = new HashMap<>();
        List<int[]> states = new ArrayList<>();
        int[] parent = new int[16];
        int[] via = new int[16];
        int[] start = product.start(from, k);
        int[] rawStart = new int[] {k, Dfa.START, product.exclude(k) == null ? RuleProduct.NONE : Dfa.START};
        if (!product.live(k, rawStart[1], rawStart[2])) {
            return new Shadowed(new int[0]);
        }
        if (!containsRule(start, k)) {
            covers.add(single(start[start.length - 3]));
            return shadowedBy(covers);
        }
        seen.put(new IntArrayKey(start), 0);
        states.add(start);
        parent[0] = -1;
        for (int id = 0; id < states.size(); id++) {
            int[] tuple = states.get(id);
            int kAt = tuple.length - 3;
            if (product.takes(k, tuple[kAt + 1], tuple[kAt + 2])) {
                BitSet takers = new BitSet();
                for (int i = 0; i < kAt; i += 3) {
                    if (product.takes(tuple[i], tuple[i + 1], tuple[i + 2])) {
                        takers.set(tuple[i]);
                    }
                }
                if (takers.isEmpty()) {
                    return new Reachable(witness(parent, via, id));
                }
                covers.add(takers);
            }
            for (int c = 0; c < alphabet.size(); c++) {
                int cp = alphabet.start(c);
                charge(1);
                if (product.pattern(k).dead(product.pattern(k).step(tuple[kAt + 1], cp))) {
                    continue;
                }
                charge(tuple.length); // stepping, normalizing and hashing all touch the whole tuple
                int[] raw = product.stepRaw(tuple, cp);
                if (!product.live(k, raw[kAt + 1], raw[kAt + 2])) {
                    continue;
                }
                int[] next = product.normalize(raw, raw.length);
                if (!containsRule(next, k)) {
                    covers.add(single(next[next.length - 3])); // an earlier rule takes every continuation
                    continue;
                }
                IntArrayKey key = new IntArrayKey(next);
                if (seen.putIfAbsent(key, states.size()) == null) {
                    int nid = states.size();
                    if (nid == parent.length) {
                        parent = Arrays.copyOf(parent, nid * 2);
                        via = Arrays.copyOf(via, nid * 2);
                    }
                    parent[nid] = id;
                    via[nid] = cp;
                    states.add(next);
                    charge(next.length);
                }
            }
        }
        return shadowedBy(covers);
    }

    private static boolean containsRule(int[] tuple, int rule) {
        return tuple.length > 0 && tuple[tuple.length - 3] == rule;
    }

    private static BitSet single(int rule) {
        BitSet b = new BitSet();
        b.set(rule);
        return b;
    }

    private void charge(long steps) throws BudgetExceeded {
        work += steps;
        if (work > maxWork) {
            throw new BudgetExceeded();
        }
    }

    private static String witness(int[] parent, int[] via, int id) {
        StringBuilder reversed = new StringBuilder();
        for (int s = id; parent[s] >= 0; s = parent[s]) {
            reversed.appendCodePoint(via[s]);
        }
        int[] cps = reversed.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int i = cps.length - 1; i >= 0; i--) {
            out.appendCodePoint(cps[i]);
        }
        return out.toString();
    }

    /** A small set of rules meeting every set in {@code covers}: greedy, then pruned until no rule can go. */
    private static Shadowed shadowedBy(Set<BitSet> covers) {
        if (covers.isEmpty()) {
            return new Shadowed(new int[0]);
        }
        List<BitSet> open = new ArrayList<>(covers);
        BitSet chosen = new BitSet();
        while (!open.isEmpty()) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (BitSet s : open) {
                s.stream().forEach(r -> counts.merge(r, 1, Integer::sum));
            }
            int best = counts.entrySet().stream()
                    .max((a, b) -> a.getValue().equals(b.getValue()) ? Integer.compare(b.getKey(), a.getKey())
                            : Integer.compare(a.getValue(), b.getValue()))
                    .orElseThrow().getKey();
            chosen.set(best);
            open.removeIf(s -> s.get(best));
        }
        for (int r = chosen.length() - 1; r >= 0; r--) {
            if (!chosen.get(r)) {
                continue;
            }
            chosen.clear(r);
            boolean stillCovers = covers.stream().allMatch(s -> s.intersects(chosen));
            if (!stillCovers) {
                chosen.set(r);
            }
        }
        return new Shadowed(chosen.stream().toArray());
    }
}
