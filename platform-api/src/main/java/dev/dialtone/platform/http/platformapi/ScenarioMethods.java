package dev.dialtone.platform.http.platformapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.model.RoutingRule;
import dev.dialtone.platform.model.RuleDraft;
import dev.dialtone.platform.model.Scenario;
import dev.dialtone.platform.model.VersionCheck;
import dev.dialtone.platform.service.ApplicationService;
import dev.dialtone.platform.service.RuleService;
import dev.dialtone.platform.service.ScenarioService;
import io.vertx.core.json.JsonArray;

/**
 * AddScenario, GetScenarios, SetScenarioInfo, DelScenario. A new script is stored as a new
 * version and activated, as the original replaces the script.
 */
final class ScenarioMethods {
    private ScenarioMethods() {
    }

    private static Optional<String> author(Account caller) {
        return Optional.of(caller.name() + " (platform_api)");
    }

    static void register(Map<String, CompatMethod> methods, ApplicationService apps, ScenarioService scenarios, RuleService rules) {
        methods.put("AddScenario", (caller, p) -> {
            String name = p.require("scenario_name");
            String script = p.string("scenario_script").orElse("");
            Optional<Long> ruleId = p.number("rule_id");
            Optional<String> ruleName = p.string("rule_name").filter(s -> !s.isEmpty());
            boolean rewrite = p.bool("rewrite").orElse(false);
            Optional<Application> app = Original.optionalApplication(apps, caller, p);
            p.done();
            Application target = app.isPresent() ? app.get() : onlyApplication(apps, caller);
            Optional<Scenario> existing = scenarios.byName(target.id(), name);
            Scenario s;
            if (existing.isPresent() && rewrite) {
                s = scenarios.upload(caller, existing.get().id(), script, true, author(caller));
            } else {
                s = scenarios.create(target.id(), name, script, author(caller));
            }
            if (ruleId.isPresent() || ruleName.isPresent()) {
                bind(caller, rules, target.id(), ruleId, ruleName, s.id());
            }
            return Original.ok().put("scenario_id", s.id());
        });
        methods.put("GetScenarios", (caller, p) -> {
            Optional<Long> id = p.number("scenario_id");
            String name = p.string("scenario_name").orElse("");
            boolean withScript = p.bool("with_script").orElse(false);
            int count = p.count("count", 20, 10_000);
            int offset = p.count("offset", 0, Integer.MAX_VALUE);
            Optional<Application> app = Original.optionalApplication(apps, caller, p);
            p.done();
            List<Scenario> found;
            int total;
            if (id.isPresent()) {
                found = new ArrayList<>();
                try {
                    Scenario s = scenarios.get(caller, id.get());
                    if (app.isEmpty() || app.get().id().equals(s.applicationId())) {
                        found.add(s);
                    }
                } catch (PlatformException e) {
                    if (e.kind() != PlatformException.Kind.NOT_FOUND) {
                        throw e;
                    }
                }
                total = found.size();
            } else {
                Optional<ApplicationId> appId = app.map(Application::id);
                found = scenarios.list(caller, appId, name, offset, count);
                total = scenarios.count(caller, appId, name);
            }
            JsonArray items = new JsonArray();
            for (Scenario s : found) {
                Optional<String> script = withScript ? Optional.of(scenarios.activeSource(caller, s.id()).source()) : Optional.empty();
                items.add(Original.scenario(s, script));
            }
            var out = Original.list(items, total);
            app.ifPresent(a -> out.put("application_id", a.id().value()).put("application_name", apps.fullName(caller, a)));
            return out;
        });
        methods.put("SetScenarioInfo", (caller, p) -> {
            Optional<Long> id = p.number("scenario_id");
            Optional<String> required = p.string("required_scenario_name").filter(s -> !s.isEmpty());
            Optional<String> newName = p.string("scenario_name").filter(s -> !s.isEmpty());
            Optional<String> script = p.string("scenario_script");
            p.done();
            long scenarioId;
            if (id.isPresent()) {
                scenarioId = scenarios.get(caller, id.get()).id();
            } else if (required.isPresent()) {
                scenarioId = byName(scenarios, caller, required.get()).id();
            } else {
                throw PlatformException.invalid("scenario_id", "the 'scenario_id' or 'required_scenario_name' parameter is required");
            }
            if (script.isPresent()) {
                scenarios.upload(caller, scenarioId, script.get(), true, author(caller));
            }
            if (newName.isPresent()) {
                scenarios.rename(caller, scenarioId, newName.get());
            }
            return Original.ok();
        });
        methods.put("DelScenario", (caller, p) -> {
            Optional<CompatParams.IdList> ids = p.ids("scenario_id");
            Optional<List<String>> names = p.list("scenario_name");
            p.done();
            List<Long> targets = new ArrayList<>();
            if (ids.isPresent()) {
                if (ids.get().all()) {
                    scenarios.list(caller, Optional.empty(), "", 0, 1_000_000).forEach(s -> targets.add(s.id()));
                } else {
                    for (long id : ids.get().ids()) {
                        targets.add(scenarios.get(caller, id).id());
                    }
                }
            } else if (names.isPresent()) {
                for (String n : names.get()) {
                    targets.add(byName(scenarios, caller, n).id());
                }
            } else {
                throw PlatformException.invalid("scenario_id", "the 'scenario_id' or 'scenario_name' parameter is required");
            }
            for (long id : targets) {
                scenarios.delete(caller, id);
            }
            return Original.ok();
        });
    }

    /** Without an application parameter, the account's only application (the original had account-wide scenarios). */
    static Application onlyApplication(ApplicationService apps, Account caller) throws PlatformException {
        List<Application> all = apps.list(caller, "", 0, 2);
        if (all.size() != 1) {
            throw PlatformException.invalid("application_id", "the 'application_id' or 'application_name' parameter is required "
                    + "(scenarios belong to an application and this account has " + (all.isEmpty() ? "none" : "several") + ")");
        }
        return all.getFirst();
    }

    static Scenario byName(ScenarioService scenarios, Account caller, String name) throws PlatformException {
        List<Scenario> matches = scenarios.list(caller, Optional.empty(), name, 0, 1000).stream()
                .filter(s -> s.name().equals(name)).toList();
        if (matches.isEmpty()) {
            throw new PlatformException(PlatformException.Kind.NOT_FOUND, "scenario_name", "no scenario named '" + name + "'");
        }
        if (matches.size() > 1) {
            throw PlatformException.invalid("scenario_name", "several applications have a scenario named '" + name
                    + "'; use scenario_id");
        }
        return matches.getFirst();
    }

    private static void bind(Account caller, RuleService rules, ApplicationId app, Optional<Long> ruleId, Optional<String> ruleName,
                             long scenarioId) throws PlatformException {
        RoutingRule rule = RuleMethods.findRule(caller, rules, app, ruleId, ruleName);
        List<Long> bound = new ArrayList<>(rule.scenarioIds());
        if (!bound.contains(scenarioId)) {
            bound.add(scenarioId);
        }
        rules.update(caller, app, rule.id(), new RuleDraft(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(bound), Optional.empty()), Optional.of(new VersionCheck(rule.version(), false)));
    }
}
