package dev.dialtone.scenario;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;

/**
 * Routes the dialed string of {@code VoxEngine.callConference(name, …)} like any dialed string: the
 * platform matches it against the application's rules (routing's {@code RuleTable}) and returns the
 * rule with its scenarios, or empty if no rule takes it (the call then fails with 404).
 */
@FunctionalInterface
public interface ConferenceRoutes {
    CompletionStage<Optional<Route>> resolve(AccountId account, ApplicationId application, String dialed);

    /** The matched rule and its scenarios in order. */
    record Route(long ruleId, List<ScenarioSource> scenarios) {
        public Route {
            scenarios = List.copyOf(scenarios);
        }
    }
}
