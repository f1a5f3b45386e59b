package dev.dialtone.routing.internal;

import java.util.List;

/** The parsed form of a pattern: what the automaton builder needs, nothing more (no capture groups). */
sealed interface Node {

    /** One code point out of a set. */
    record Chars(RangeSet set) implements Node {
    }

    /** The empty string. */
    record Empty() implements Node {
    }

    /** A zero-width assertion: one of the {@code Assertion} kinds. */
    record Assert(int kind) implements Node {
    }

    record Concat(List<Node> items) implements Node {
        public Concat {
            items = List.copyOf(items);
        }
    }

    record Alt(List<Node> branches) implements Node {
        public Alt {
            branches = List.copyOf(branches);
        }
    }

    /** @param max -1 for no upper bound */
    record Repeat(Node body, int min, int max) implements Node {
    }
}
