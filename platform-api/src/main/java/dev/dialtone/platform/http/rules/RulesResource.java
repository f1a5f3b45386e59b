package dev.dialtone.platform.http.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Json;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.model.RoutingRule;
import dev.dialtone.platform.model.RuleDraft;
import dev.dialtone.platform.service.RuleService;
import dev.dialtone.routing.Explanation;
import dev.dialtone.routing.Rule;
import dev.dialtone.routing.Shadowed;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code /api/v1/applications/{application_id}/rules}: ordered routing rules with optimistic
 * concurrency (the list's version as ETag guards reorders; each rule's version guards its updates),
 * shadowed-rule warnings and the dry-run {@code rules:match}.
 */
public final class RulesResource {
    private static final String BASE = "/api/v1/applications/{application_id}/rules";

    private RulesResource() {
    }

    public static void register(ApiRoutes routes, RuleService rules) {
        routes.add(HttpMethod.GET, BASE, call -> {
            RuleService.Listing l = rules.list(call.account(), call.applicationId());
            return Reply.ok(listView(l)).etag(l.list().version());
        });
        routes.add(HttpMethod.POST, BASE, call -> {
            JsonInput in = call.json();
            RuleDraft draft = draft(in);
            in.done();
            RoutingRule r = rules.create(call.account(), call.applicationId(), draft);
            return Reply.created(view(r, Map.of()), BASE.replace("{application_id}", r.applicationId().toString()) + "/" + r.id())
                    .etag(r.version());
        });
        routes.add(HttpMethod.GET, BASE + "/{rule_id}", call -> {
            RoutingRule r = rules.get(call.account(), call.applicationId(), call.pathId("rule_id"));
            RuleService.Listing l = rules.list(call.account(), call.applicationId());
            return Reply.ok(view(r, shadowMap(l.table().shadowed()))).etag(r.version());
        });
        routes.add(HttpMethod.PATCH, BASE + "/{rule_id}", call -> {
            JsonInput in = call.json();
            RuleDraft change = draft(in);
            Optional<Long> version = in.optLong("version");
            in.done();
            var check = call.requireVersion(version, "changing a rule");
            RoutingRule r = rules.update(call.account(), call.applicationId(), call.pathId("rule_id"), change, Optional.of(check));
            return Reply.ok(view(r, Map.of())).etag(r.version());
        });
        routes.add(HttpMethod.DELETE, BASE + "/{rule_id}", call -> {
            rules.delete(call.account(), call.applicationId(), call.pathId("rule_id"), call.versionCheck(Optional.empty()));
            return Reply.noContent();
        });
        routes.add(HttpMethod.PUT, BASE + "/order", call -> {
            JsonInput in = call.json();
            List<Long> ids = in.optIdList("rule_ids").orElseThrow(() -> PlatformException.invalid("rule_ids",
                    "rule_ids is required: every rule id of the application in the new order"));
            Optional<Long> version = in.optLong("version");
            in.done();
            var check = call.requireVersion(version, "reordering rules");
            rules.reorder(call.account(), call.applicationId(), ids, Optional.of(check));
            RuleService.Listing l = rules.list(call.account(), call.applicationId());
            return Reply.ok(listView(l)).etag(l.list().version());
        });
        routes.add(HttpMethod.GET, BASE + ":match", call -> {
            RuleService.DryRun d = rules.explain(call.account(), call.applicationId(), call.query("dialed").orElse(null));
            return Reply.ok(dryRunView(d)).etag(d.listing().list().version());
        });
    }

    private static RuleDraft draft(JsonInput in) throws PlatformException {
        return new RuleDraft(in.optString("name"), in.optString("pattern"), in.optString("exclude_pattern"),
                in.optBoolean("video_conference"), in.optIdList("scenario_ids"), in.optInt("position", 0, 100_000));
    }

    static Map<Long, List<Long>> shadowMap(List<Shadowed> shadowed) {
        Map<Long, List<Long>> m = new HashMap<>();
        for (Shadowed s : shadowed) {
            m.put(s.rule().id(), s.coveredBy().stream().map(Rule::id).toList());
        }
        return m;
    }

    static JsonObject listView(RuleService.Listing l) {
        Map<Long, List<Long>> shadow = shadowMap(l.table().shadowed());
        JsonArray items = new JsonArray();
        l.list().rules().forEach(r -> items.add(view(r, shadow)));
        return new JsonObject()
                .put("application_id", l.list().application().id().value())
                .put("version", l.list().version())
                .put("rules", items)
                .put("shadowed", shadowedView(l.table().shadowed()));
    }

    static JsonArray shadowedView(List<Shadowed> shadowed) {
        JsonArray a = new JsonArray();
        for (Shadowed s : shadowed) {
            a.add(new JsonObject().put("rule_id", s.rule().id()).put("name", s.rule().name())
                    .put("covered_by", Json.ids(s.coveredBy().stream().map(Rule::id).toList())));
        }
        return a;
    }

    static JsonObject view(RoutingRule r, Map<Long, List<Long>> shadow) {
        JsonObject o = new JsonObject()
                .put("id", r.id())
                .put("application_id", r.applicationId().value())
                .put("name", r.name())
                .put("pattern", r.pattern())
                .put("exclude_pattern", r.excludePattern())
                .put("position", r.position())
                .put("video_conference", r.videoConference())
                .put("scenario_ids", Json.ids(r.scenarioIds()))
                .put("version", r.version())
                .put("shadowed", shadow.containsKey(r.id()))
                .put("created_at", Json.time(r.createdAt()))
                .put("modified_at", Json.time(r.modifiedAt()));
        if (shadow.containsKey(r.id())) {
            o.put("shadowed_by", Json.ids(shadow.get(r.id())));
        }
        return o;
    }

    static JsonObject dryRunView(RuleService.DryRun d) {
        Map<Long, RoutingRule> byId = new HashMap<>();
        d.listing().list().rules().forEach(r -> byId.put(r.id(), r));
        Map<Long, List<Long>> shadow = shadowMap(d.listing().table().shadowed());
        Explanation e = d.explanation();
        JsonArray steps = new JsonArray();
        for (Explanation.Step s : e.steps()) {
            steps.add(new JsonObject().put("rule_id", s.rule().id()).put("name", s.rule().name())
                    .put("verdict", s.verdict().name().toLowerCase(java.util.Locale.ROOT)).put("why", s.why())
                    .put("shadowed", shadow.containsKey(s.rule().id())));
        }
        JsonObject o = new JsonObject().put("dialed", e.dialed()).put("version", d.listing().list().version());
        if (e.matched().isPresent()) {
            RoutingRule r = byId.get(e.matched().get().id());
            o.put("matched", view(r, shadow)).put("scenario_ids", Json.ids(r.scenarioIds()));
        } else {
            o.putNull("matched").put("scenario_ids", new JsonArray());
        }
        return o.put("steps", steps).put("shadowed", shadowedView(d.listing().table().shadowed()));
    }
}
