package dev.dialtone.platform.http.platformapi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
import dev.dialtone.routing.Rule;
import dev.dialtone.routing.RoutingException;
import dev.dialtone.routing.RuleTable;
import dev.dialtone.routing.Shadowed;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * AddRule, GetRules, SetRuleInfo, DelRule, ReorderRules. GetRules adds {@code shadowed} and
 * {@code shadowed_by} to each rule: a Dialtone extension the original does not have.
 */
final class RuleMethods {
    private RuleMethods() {
    }

    static void register(Map<String, CompatMethod> methods, ApplicationService apps, RuleService rules, ScenarioService scenarios) {
        methods.put("AddRule", (caller, p) -> {
            Application app = Original.application(apps, caller, p);
            String name = p.require("rule_name");
            String pattern = p.require("rule_pattern");
            String exclude = p.string("rule_pattern_exclude").orElse("");
            boolean video = p.bool("video_conference").orElse(false);
            List<Long> scenarioIds = scenarioIds(caller, scenarios, app.id(), p);
            p.accept("bind_key_id").done();
            RoutingRule r = rules.create(caller, app.id(), new RuleDraft(Optional.of(name), Optional.of(pattern), Optional.of(exclude),
                    Optional.of(video), Optional.of(scenarioIds), Optional.empty()));
            return Original.ok().put("rule_id", r.id());
        });
        methods.put("GetRules", (caller, p) -> {
            Application app = Original.application(apps, caller, p);
            Optional<Long> ruleId = p.number("rule_id");
            String ruleName = p.string("rule_name").orElse("");
            Optional<Boolean> video = p.bool("video_conference");
            Optional<String> template = p.string("template").filter(s -> !s.isEmpty());
            boolean withScenarios = p.bool("with_scenarios").orElse(false);
            int count = p.count("count", 20, 10_000);
            int offset = p.count("offset", 0, Integer.MAX_VALUE);
            p.accept("attached_key_id").done();
            RuleService.Listing listing = rules.list(caller, app.id());
            Set<Long> templateMatches = new HashSet<>();
            if (template.isPresent()) {
                for (RoutingRule r : listing.list().rules()) {
                    try {
                        if (RuleTable.compile(List.of(r.toRule())).match(template.get()).isPresent()) {
                            templateMatches.add(r.id());
                        }
                    } catch (RoutingException e) {
                        // a stored rule that no longer compiles matches nothing
                    }
                }
            }
            JsonArray all = ruleInfos(listing, scenarios, caller, withScenarios, Optional.of(r ->
                    (ruleId.isEmpty() || r.id() == ruleId.get())
                            && r.name().toLowerCase(java.util.Locale.ROOT).contains(ruleName.toLowerCase(java.util.Locale.ROOT))
                            && (video.isEmpty() || r.videoConference() == video.get())
                            && (template.isEmpty() || templateMatches.contains(r.id()))));
            JsonArray page = new JsonArray();
            for (int i = offset; i < all.size() && page.size() < count; i++) {
                page.add(all.getValue(i));
            }
            return Original.list(page, all.size());
        });
        methods.put("SetRuleInfo", (caller, p) -> {
            long ruleId = p.number("rule_id").orElseThrow(() -> PlatformException.invalid("rule_id", "the 'rule_id' parameter is required"));
            Optional<String> name = p.string("rule_name").filter(s -> !s.isEmpty());
            Optional<String> pattern = p.string("rule_pattern").filter(s -> !s.isEmpty());
            Optional<String> exclude = p.string("rule_pattern_exclude");
            Optional<Boolean> video = p.bool("video_conference");
            p.accept("bind_key_id").done();
            RoutingRule rule = ruleById(caller, rules, apps, ruleId);
            rules.update(caller, rule.applicationId(), ruleId, new RuleDraft(name, pattern, exclude, video, Optional.empty(),
                    Optional.empty()), Optional.empty());
            return Original.ok();
        });
        methods.put("DelRule", (caller, p) -> {
            Optional<CompatParams.IdList> ids = p.ids("rule_id");
            Optional<List<String>> names = p.list("rule_name");
            Optional<CompatParams.IdList> appIds = p.ids("application_id");
            Optional<List<String>> appNames = p.list("application_name");
            p.done();
            List<Application> scope = new ArrayList<>();
            if (appIds.isPresent() && !appIds.get().all()) {
                for (long id : appIds.get().ids()) {
                    scope.add(apps.get(caller, ApplicationMethods.applicationId(id)));
                }
            } else if (appNames.isPresent()) {
                for (String n : appNames.get()) {
                    scope.add(apps.byName(caller, n));
                }
            } else {
                scope.addAll(apps.list(caller, "", 0, 100_000));
            }
            if (ids.isEmpty() && names.isEmpty()) {
                throw PlatformException.invalid("rule_id", "the 'rule_id' or 'rule_name' parameter is required");
            }
            List<RoutingRule> targets = new ArrayList<>();
            Set<Long> wanted = ids.map(l -> new HashSet<>(l.ids())).orElse(new HashSet<>());
            for (Application a : scope) {
                for (RoutingRule r : rules.list(caller, a.id()).list().rules()) {
                    boolean all = ids.isPresent() && ids.get().all();
                    if (all || wanted.remove(r.id()) || names.map(n -> n.contains(r.name())).orElse(false)) {
                        targets.add(r);
                    }
                }
            }
            if (!wanted.isEmpty()) {
                throw PlatformException.notFound("rule", wanted.iterator().next());
            }
            for (RoutingRule r : targets) {
                rules.delete(caller, r.applicationId(), r.id(), Optional.empty());
            }
            return Original.ok();
        });
        methods.put("ReorderRules", (caller, p) -> {
            List<Long> order = p.ids("rule_id").filter(l -> !l.all()).map(CompatParams.IdList::ids)
                    .orElseThrow(() -> PlatformException.invalid("rule_id", "the 'rule_id' parameter is required: rule ids in the new order"));
            p.done();
            if (order.isEmpty()) {
                throw PlatformException.invalid("rule_id", "the 'rule_id' parameter is required: rule ids in the new order");
            }
            RoutingRule first = ruleById(caller, rules, apps, order.getFirst());
            RuleService.Listing listing = rules.list(caller, first.applicationId());
            rules.reorder(caller, first.applicationId(), merged(listing.list().rules(), order),
                    Optional.of(new VersionCheck(listing.list().version(), false)));
            return Original.ok();
        });
    }

    /**
     * The full order after a possibly partial reorder: the listed rules take, in the listed order,
     * the places they occupy now; the other rules keep theirs.
     */
    static List<Long> merged(List<RoutingRule> current, List<Long> order) throws PlatformException {
        Set<Long> listed = new HashSet<>(order);
        if (listed.size() != order.size()) {
            throw PlatformException.invalid("rule_id", "rule_id names a rule twice");
        }
        Set<Long> present = new HashSet<>();
        current.forEach(r -> present.add(r.id()));
        for (long id : order) {
            if (!present.contains(id)) {
                throw PlatformException.invalid("rule_id", "rule " + id + " is not in the same application as rule " + order.getFirst());
            }
        }
        List<Long> out = new ArrayList<>();
        int next = 0;
        for (RoutingRule r : current) {
            out.add(listed.contains(r.id()) ? order.get(next++) : r.id());
        }
        return out;
    }

    static RoutingRule ruleById(Account caller, RuleService rules, ApplicationService apps, long ruleId) throws PlatformException {
        for (Application a : apps.list(caller, "", 0, 100_000)) {
            for (RoutingRule r : rules.list(caller, a.id()).list().rules()) {
                if (r.id() == ruleId) {
                    return r;
                }
            }
        }
        throw PlatformException.notFound("rule", ruleId);
    }

    static RoutingRule findRule(Account caller, RuleService rules, ApplicationId app, Optional<Long> ruleId, Optional<String> ruleName)
            throws PlatformException {
        for (RoutingRule r : rules.list(caller, app).list().rules()) {
            if (ruleId.map(id -> id == r.id()).orElse(false) || (ruleId.isEmpty() && ruleName.map(n -> n.equals(r.name())).orElse(false))) {
                return r;
            }
        }
        throw new PlatformException(PlatformException.Kind.NOT_FOUND, ruleId.isPresent() ? "rule_id" : "rule_name",
                "no such rule in application " + app);
    }

    private static List<Long> scenarioIds(Account caller, ScenarioService scenarios, ApplicationId app, CompatParams p)
            throws PlatformException {
        Optional<CompatParams.IdList> ids = p.ids("scenario_id");
        Optional<List<String>> names = p.list("scenario_name");
        List<Long> out = new ArrayList<>();
        if (ids.isPresent() && !ids.get().all()) {
            for (long id : ids.get().ids()) {
                out.add(scenarios.get(caller, app, id).id());
            }
        } else if (names.isPresent()) {
            for (String n : names.get()) {
                out.add(scenarios.byName(app, n).orElseThrow(() -> new PlatformException(PlatformException.Kind.NOT_FOUND,
                        "scenario_name", "no scenario named '" + n + "' in application " + app)).id());
            }
        }
        return out;
    }

    static JsonArray ruleInfos(RuleService.Listing listing, ScenarioService scenarios, Account caller, boolean withScenarios,
                               Optional<java.util.function.Predicate<RoutingRule>> filter) throws PlatformException {
        Map<Long, List<Long>> shadow = new HashMap<>();
        for (Shadowed s : listing.table().shadowed()) {
            shadow.put(s.rule().id(), s.coveredBy().stream().map(Rule::id).toList());
        }
        Map<Long, Scenario> byId = new HashMap<>();
        if (withScenarios) {
            scenarios.list(caller, Optional.of(listing.list().application().id()), "", 0, 100_000).forEach(s -> byId.put(s.id(), s));
        }
        JsonArray out = new JsonArray();
        for (RoutingRule r : listing.list().rules()) {
            if (filter.isPresent() && !filter.get().test(r)) {
                continue;
            }
            JsonObject o = new JsonObject()
                    .put("rule_id", r.id())
                    .put("application_id", r.applicationId().value())
                    .put("rule_name", r.name())
                    .put("rule_pattern", r.pattern())
                    .put("rule_pattern_exclude", r.excludePattern())
                    .put("video_conference", r.videoConference())
                    .put("modified", Original.time(r.modifiedAt()))
                    .put("shadowed", shadow.containsKey(r.id()));
            if (shadow.containsKey(r.id())) {
                JsonArray by = new JsonArray();
                shadow.get(r.id()).forEach(by::add);
                o.put("shadowed_by", by);
            }
            if (withScenarios) {
                JsonArray sc = new JsonArray();
                for (long id : r.scenarioIds()) {
                    Scenario s = byId.get(id);
                    if (s != null) {
                        sc.add(Original.scenario(s, Optional.empty()));
                    }
                }
                o.put("scenarios", sc);
            }
            out.add(o);
        }
        return out;
    }
}
