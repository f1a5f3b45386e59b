package dev.dialtone.platform.model;

import java.util.List;
import java.util.Optional;

/**
 * A rule as a client describes it, validated. For a change, empty fields stay as they are.
 *
 * @param position 0-based place to insert at (create only); empty = last
 */
public record RuleDraft(Optional<String> name, Optional<String> pattern, Optional<String> excludePattern,
                        Optional<Boolean> videoConference, Optional<List<Long>> scenarioIds, Optional<Integer> position) {
    public RuleDraft {
        scenarioIds = scenarioIds.map(List::copyOf);
    }
}
