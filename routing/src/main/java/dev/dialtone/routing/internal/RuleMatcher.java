package dev.dialtone.routing.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * First-match routing over all rules at once: a DFA over the {@link RuleProduct}, built lazily as
 * dialed strings walk it. Each state knows the rule a string ending there reaches; once a state
 * is decided (no rule left in play, or the first rule in play takes every continuation), matching
 * stops early. A match costs one array read per code point after warm-up, whatever the number of rules.
 *
 * <p>Thread safety: states are immutable except their transition arrays, which are filled in
 * lazily. A reader either sees a filled slot (a fully built state, safely published through its
 * final fields) or null, and then takes the lock to build or find the state. The cache holds at
 * most a fixed number of states; when it is full it is replaced by an empty one (a new
 * generation), so memory stays bounded and matching stays correct and linear in the input, only
 * slower while the new generation warms up.
 */
public final class RuleMatcher {
    /** Transition slots (states times classes) the cache may hold: 4 M references, 16 MiB. */
    private static final long MAX_CACHE_SLOTS = 4L << 20;

    private final RuleProduct product;
    private final Alphabet alphabet;
    private final int classes;
    private final int maxStates;
    private final Object lock = new Object();
    private volatile Generation generation;
    private long flushes;

    public RuleMatcher(RuleProduct product, int maxCacheStates) {
        this.product = product;
        this.alphabet = product.alphabet();
        this.classes = alphabet.size();
        this.maxStates = (int) Math.max(8, Math.min(maxCacheStates, MAX_CACHE_SLOTS / classes));
        this.generation = new Generation(newState(product.start(0, product.rules() - 1)));
    }

    /** The index of the rule {@code dialed} reaches, or -1. */
    public int match(String dialed) {
        State state = generation.start;
        int length = dialed.length();
        for (int i = 0; i < length && !state.decided; ) {
            int cp = dialed.charAt(i);
            if (Character.isSurrogate((char) cp)) {
                cp = dialed.codePointAt(i);
            }
            i += Character.charCount(cp);
            int c = alphabet.classOf(cp);
            State next = state.next[c];
            state = next != null ? next : slowStep(state, c);
        }
        return state.taker;
    }

    private State slowStep(State from, int c) {
        synchronized (lock) {
            State known = from.next[c];
            if (known != null) {
                return known;
            }
            int[] tuple = product.step(from.tuple, alphabet.start(c));
            Generation g = generation;
            IntArrayKey key = new IntArrayKey(tuple);
            State to = g.states.get(key);
            if (to == null) {
                if (g.states.size() >= maxStates) {
                    flushes++;
                    // A fresh start state: nothing of the old generation stays reachable from the new one.
                    g = new Generation(newState(g.start.tuple));
                    generation = g;
                    to = g.states.get(key);
                }
                if (to == null) {
                    to = newState(tuple);
                    g.states.put(key, to);
                }
            }
            from.next[c] = to;
            return to;
        }
    }

    private State newState(int[] tuple) {
        return new State(tuple, product.taker(tuple), product.decided(tuple), new State[classes]);
    }

    /** States in the current cache generation (for figures and tests). */
    public int cachedStates() {
        synchronized (lock) {
            return generation.states.size();
        }
    }

    /** How many times the cache was full and started over (for figures and tests). */
    public long flushes() {
        synchronized (lock) {
            return flushes;
        }
    }

    public int maxCachedStates() {
        return maxStates;
    }

    private static final class Generation {
        final Map<IntArrayKey, State> states = new HashMap<>();
        final State start;

        Generation(State start) {
            this.start = start;
            states.put(new IntArrayKey(start.tuple), start);
        }
    }

    private static final class State {
        final int[] tuple;
        final int taker;
        final boolean decided;
        /** Filled lazily under the lock, read without it (benign race, see the class comment). */
        final State[] next;

        State(int[] tuple, int taker, boolean decided, State[] next) {
            this.tuple = tuple;
            this.taker = taker;
            this.decided = decided;
            this.next = next;
        }
    }
}
