package dev.dialtone.routing.internal;

import java.util.Arrays;

/** An int array used as a hash key by content. The array must not change afterwards. */
final class IntArrayKey {
    final int[] values;
    private final int hash;

    IntArrayKey(int[] values) {
        this.values = values;
        this.hash = Arrays.hashCode(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntArrayKey k && k.hash == hash && Arrays.equals(k.values, values);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
