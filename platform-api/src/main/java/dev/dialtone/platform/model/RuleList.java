package dev.dialtone.platform.model;

import java.util.List;

/** An application's rules in order, read together with the version of that order. */
public record RuleList(Application application, long version, List<RoutingRule> rules) {
    public RuleList {
        rules = List.copyOf(rules);
    }
}
