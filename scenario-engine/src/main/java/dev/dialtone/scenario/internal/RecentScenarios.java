package dev.dialtone.scenario.internal;

import java.util.ArrayDeque;
import java.util.List;

import dev.dialtone.scenario.ScenarioSource;

/** The last scenarios seen, oldest first, bounded in count and in characters of code. Thread-safe. */
final class RecentScenarios {
    private final int maxCount;
    private final long maxChars;
    private final ArrayDeque<ScenarioSource> kept = new ArrayDeque<>();
    private long chars;

    RecentScenarios(int maxCount, long maxChars) {
        this.maxCount = maxCount;
        this.maxChars = maxChars;
    }

    /** Keeps {@code code} as the newest (moving it there if it was kept already) and returns it. */
    synchronized ScenarioSource add(String name, String code) {
        ScenarioSource s = new ScenarioSource(name, "recent", code);
        if (kept.remove(s)) {
            chars -= code.length();
        }
        kept.addLast(s);
        chars += code.length();
        while (kept.size() > maxCount || (chars > maxChars && kept.size() > 1)) {
            chars -= kept.removeFirst().code().length();
        }
        return s;
    }

    synchronized List<ScenarioSource> all() {
        return List.copyOf(kept);
    }
}
