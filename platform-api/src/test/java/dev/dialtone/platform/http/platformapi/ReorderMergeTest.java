package dev.dialtone.platform.http.platformapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.RoutingRule;

class ReorderMergeTest {
    private static RoutingRule rule(long id) {
        return new RoutingRule(id, new ApplicationId(1), "r" + id, ".*", "", 0, false, List.of(), 1, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void listedRulesTakeTheirOwnPlacesInTheNewOrder() throws PlatformException {
        List<RoutingRule> current = List.of(rule(1), rule(2), rule(3), rule(4));
        assertThat(RuleMethods.merged(current, List.of(4, 3, 2, 1).stream().map(Long::valueOf).toList())).containsExactly(4L, 3L, 2L, 1L);
        assertThat(RuleMethods.merged(current, List.of(4L, 2L))).containsExactly(1L, 4L, 3L, 2L);
        assertThatThrownBy(() -> RuleMethods.merged(current, List.of(9L))).hasMessageContaining("not in the same application");
        assertThatThrownBy(() -> RuleMethods.merged(current, List.of(1L, 1L))).hasMessageContaining("twice");
    }

    @Test
    void everyRequiredMethodIsImplemented() {
        assertThat(PlatformApiResource.methodNames()).containsExactlyInAnyOrder("AddApplication", "GetApplications", "DelApplication",
                "AddScenario", "GetScenarios", "SetScenarioInfo", "DelScenario", "AddRule", "GetRules", "SetRuleInfo", "DelRule",
                "ReorderRules", "AddUser", "GetUsers", "SetUserInfo", "DelUser",
                "CreateKey", "GetKeys", "UpdateKey", "DeleteKey", "SetKeyRoles", "GetKeyRoles", "RemoveKeyRoles", "GetRoles",
                "GetCallHistory", "StartScenarios");
    }
}
