package dev.dialtone.platform.model;

import java.time.Instant;
import java.util.List;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.routing.Rule;

/**
 * A stored routing rule: what routing needs ({@link #toRule()}) plus its place, the scenarios it
 * starts and a version that guards updates.
 */
public record RoutingRule(long id, ApplicationId applicationId, String name, String pattern, String excludePattern,
                          int position, boolean videoConference, List<Long> scenarioIds, long version,
                          Instant createdAt, Instant modifiedAt) {
    public RoutingRule {
        scenarioIds = List.copyOf(scenarioIds);
    }

    public Rule toRule() {
        return new Rule(id, name, pattern, excludePattern);
    }
}
