package dev.dialtone.routing.internal;

/**
 * A complete, minimal DFA over code points for one pattern, matching the whole input. State 0 is
 * the start. {@link #dead(int)} states accept nothing from there on; {@link #universal(int)} states
 * accept every continuation. Immutable.
 */
public final class Dfa {
    public static final int START = 0;

    private final Alphabet alphabet;
    private final int states;
    private final int classes;
    private final int[] next;
    private final boolean[] accept;
    private final boolean[] dead;
    private final boolean[] universal;

    Dfa(Alphabet alphabet, int states, int[] next, boolean[] accept) {
        this.alphabet = alphabet;
        this.states = states;
        this.classes = alphabet.size();
        this.next = next;
        this.accept = accept;
        // Reverse edges, to find who can reach an accepting / a rejecting state.
        int[] revStart = new int[states + 1];
        for (int t : next) {
            revStart[t + 1]++;
        }
        for (int s = 0; s < states; s++) {
            revStart[s + 1] += revStart[s];
        }
        int[] fill = revStart.clone();
        int[] rev = new int[next.length];
        for (int i = 0; i < next.length; i++) {
            rev[fill[next[i]]++] = i / classes;
        }
        this.dead = invert(reaches(true, revStart, rev));
        this.universal = invert(reaches(false, revStart, rev));
    }

    private boolean[] reaches(boolean acceptance, int[] revStart, int[] rev) {
        boolean[] seen = new boolean[states];
        int[] queue = new int[states];
        int tail = 0;
        for (int s = 0; s < states; s++) {
            if (accept[s] == acceptance) {
                seen[s] = true;
                queue[tail++] = s;
            }
        }
        for (int head = 0; head < tail; head++) {
            int t = queue[head];
            for (int i = revStart[t]; i < revStart[t + 1]; i++) {
                if (!seen[rev[i]]) {
                    seen[rev[i]] = true;
                    queue[tail++] = rev[i];
                }
            }
        }
        return seen;
    }

    private static boolean[] invert(boolean[] flags) {
        boolean[] out = new boolean[flags.length];
        for (int i = 0; i < flags.length; i++) {
            out[i] = !flags[i];
        }
        return out;
    }

    public Alphabet alphabet() {
        return alphabet;
    }

    public int states() {
        return states;
    }

    public int step(int state, int codePoint) {
        return next[state * classes + alphabet.classOf(codePoint)];
    }

    public boolean accepts(int state) {
        return accept[state];
    }

    public boolean dead(int state) {
        return dead[state];
    }

    public boolean universal(int state) {
        return universal[state];
    }

    /** Whether the pattern matches the whole of {@code input}. */
    public boolean matches(CharSequence input) {
        int state = START;
        for (int i = 0; i < input.length(); ) {
            int cp = Character.codePointAt(input, i);
            i += Character.charCount(cp);
            state = step(state, cp);
            if (dead[state]) {
                return false;
            }
        }
        return accept[state];
    }
}
