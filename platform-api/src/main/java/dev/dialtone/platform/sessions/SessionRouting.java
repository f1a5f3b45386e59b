package dev.dialtone.platform.sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.RoutingRule;
import dev.dialtone.platform.model.RuleList;
import dev.dialtone.platform.persistence.RuleStore;
import dev.dialtone.platform.persistence.ScenarioStore;
import dev.dialtone.platform.service.RuleTables;
import dev.dialtone.routing.Rule;
import dev.dialtone.scenario.ConferenceRoutes;
import dev.dialtone.scenario.ScenarioSource;

/**
 * Turns a dialed string or a rule id into the scenarios a session runs: the application's rules
 * (compiled once per rules version by {@link RuleTables}), first match wins, and each scenario's
 * <b>active</b> version. The scenario engine routes {@code callConference} through it; the SIP router
 * and the SDK gateway can use {@link #route} for inbound calls, {@code StartScenarios} uses {@link #forRule}.
 *
 * <p>Scenario sources are named by their scenario name (error locations read {@code name:line:column});
 * their version key is {@code <scenario id>.<version>}, unique on the node, so quarantining one account's
 * scenario never touches another account's scenario of the same name.
 */
public final class SessionRouting implements ConferenceRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRouting.class);

    private final RuleStore rules;
    private final ScenarioStore scenarios;
    private final RuleTables tables;
    private final Executor blocking;

    /** @param blocking where database reads of {@link #resolve} run (never a scenario, media or event-loop thread) */
    public SessionRouting(RuleStore rules, ScenarioStore scenarios, RuleTables tables, Executor blocking) {
        this.rules = rules;
        this.scenarios = scenarios;
        this.tables = tables;
        this.blocking = blocking;
    }

    @Override
    public CompletionStage<Optional<Route>> resolve(AccountId account, ApplicationId application, String dialed) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return route(account, application, dialed);
            } catch (PlatformException e) {
                return Optional.<Route>empty();
            }
        }, blocking);
    }

    /**
     * The first rule of the application whose pattern matches {@code dialed} (and exclude pattern does
     * not), with its scenarios' active sources. Empty if no rule matches, the rule starts no scenario,
     * or the application is not in the account. Blocks on the database.
     */
    public Optional<Route> route(AccountId account, ApplicationId application, String dialed) throws PlatformException {
        if (dialed.length() > tables.config().maxDialedLength()) {
            return Optional.empty();
        }
        Optional<RuleList> list = rules.list(account, application);
        if (list.isEmpty()) {
            return Optional.empty();
        }
        Optional<Rule> match = tables.table(list.get()).match(dialed);
        if (match.isEmpty()) {
            return Optional.empty();
        }
        RoutingRule rule = list.get().rules().stream().filter(r -> r.id() == match.get().id()).findFirst().orElseThrow();
        List<ScenarioSource> sources = sources(account, rule);
        return sources.isEmpty() ? Optional.empty() : Optional.of(new Route(rule.id(), sources));
    }

    /**
     * Runs the reads of {@link #route} once for an application that cannot exist (nothing is found, nothing is
     * cached), off any call: the first caller of a fresh node otherwise pays for the first run of each query.
     */
    public void warmUp() {
        AccountId none = new AccountId(Long.MAX_VALUE);
        try {
            rules.list(none, new ApplicationId(Long.MAX_VALUE));
            scenarios.activeSources(none, List.of(Long.MAX_VALUE));
        } catch (RuntimeException e) {
            LOG.warn("routing warm-up failed: {}", e.toString());
        }
    }

    /** A rule of the account with its application and its scenarios' active sources. Blocks on the database. */
    public RuleRoute forRule(AccountId account, long ruleId) throws PlatformException {
        RoutingRule rule = rules.find(account, ruleId).orElseThrow(() -> PlatformException.notFound("rule", ruleId));
        List<ScenarioSource> sources = sources(account, rule);
        if (sources.isEmpty()) {
            throw PlatformException.invalid("rule_id", "rule " + ruleId + " starts no scenario; add scenarios to it first");
        }
        return new RuleRoute(rule.applicationId(), new Route(rule.id(), sources));
    }

    /** A rule's route and the application it belongs to. */
    public record RuleRoute(ApplicationId application, Route route) {
    }

    /** The rule's scenarios' active sources in the rule's order, in one read; ones deleted since the rule was read are left out. */
    private List<ScenarioSource> sources(AccountId account, RoutingRule rule) {
        Map<Long, ScenarioStore.ActiveSource> active = scenarios.activeSources(account, rule.scenarioIds());
        List<ScenarioSource> out = new ArrayList<>(rule.scenarioIds().size());
        for (long id : rule.scenarioIds()) {
            ScenarioStore.ActiveSource s = active.get(id);
            if (s != null) {
                out.add(new ScenarioSource(s.name(), id + "." + s.version(), s.source()));
            }
        }
        return out;
    }
}
