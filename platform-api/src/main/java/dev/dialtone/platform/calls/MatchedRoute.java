package dev.dialtone.platform.calls;

import java.util.Objects;
import java.util.Optional;

import dev.dialtone.core.ClientType;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.model.RoutingRule;

/**
 * Where the SIP router sent an inbound call: the application, the rule its rules matched for
 * {@code dialed}, and how the call arrived (a trunk, or direct SIP addressing).
 */
public record MatchedRoute(Account account, Application application, RoutingRule rule, String dialed, ClientType clientType,
                           Optional<Long> trunkId) {
    public MatchedRoute {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(dialed, "dialed");
        Objects.requireNonNull(clientType, "clientType");
        Objects.requireNonNull(trunkId, "trunkId");
    }
}
