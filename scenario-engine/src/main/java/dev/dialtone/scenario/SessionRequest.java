package dev.dialtone.scenario;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;

/**
 * What the platform asks for when it starts a session: the matched rule's scenarios in the rule's
 * order (they run in one context, in that order) and the custom data {@code VoxEngine.customData()}
 * starts with ({@code script_custom_data} of {@code StartScenarios}).
 */
public record SessionRequest(
        AccountId account,
        ApplicationId application,
        long ruleId,
        List<ScenarioSource> scenarios,
        Optional<String> customData) {

    public SessionRequest {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(application, "application");
        scenarios = List.copyOf(scenarios);
        Objects.requireNonNull(customData, "customData");
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("a session needs at least one scenario");
        }
    }

    public SessionRequest(AccountId account, ApplicationId application, long ruleId, List<ScenarioSource> scenarios) {
        this(account, application, ruleId, scenarios, Optional.empty());
    }

    public SessionRequest withCustomData(String data) {
        return new SessionRequest(account, application, ruleId, scenarios, Optional.ofNullable(data));
    }
}
