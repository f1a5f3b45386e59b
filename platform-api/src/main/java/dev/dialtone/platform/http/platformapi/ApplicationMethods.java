package dev.dialtone.platform.http.platformapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.service.ApplicationService;
import dev.dialtone.platform.service.RuleService;
import dev.dialtone.platform.service.ScenarioService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** AddApplication, GetApplications, DelApplication. */
final class ApplicationMethods {
    private ApplicationMethods() {
    }

    static void register(Map<String, CompatMethod> methods, ApplicationService apps, RuleService rules, ScenarioService scenarios) {
        methods.put("AddApplication", (caller, p) -> {
            String name = p.require("application_name");
            boolean secure = p.bool("secure_record_storage").orElse(false);
            p.done();
            Application a = apps.create(caller, name, secure);
            return Original.ok().put("application_id", a.id().value()).put("application_name", apps.fullName(caller, a))
                    .put("secure_record_storage", a.secureRecordStorage());
        });
        methods.put("GetApplications", (caller, p) -> {
            Optional<Long> id = p.number("application_id");
            String name = p.string("application_name").orElse("");
            boolean withRules = p.bool("with_rules").orElse(false);
            boolean withScenarios = p.bool("with_scenarios").orElse(false);
            int count = p.count("count", 20, 10_000);
            int offset = p.count("offset", 0, Integer.MAX_VALUE);
            p.done();
            List<Application> found;
            int total;
            if (id.isPresent()) {
                found = new ArrayList<>();
                if (id.get() > 0) {
                    try {
                        found.add(apps.get(caller, new ApplicationId(id.get())));
                    } catch (PlatformException e) {
                        if (e.kind() != PlatformException.Kind.NOT_FOUND) {
                            throw e;
                        }
                    }
                }
                total = found.size();
                found = found.stream().skip(offset).limit(count).toList();
            } else {
                found = apps.list(caller, name, offset, count);
                total = apps.count(caller, name);
            }
            JsonArray items = new JsonArray();
            for (Application a : found) {
                JsonObject o = Original.application(apps, caller, a);
                if (withRules) {
                    o.put("rules", RuleMethods.ruleInfos(rules.list(caller, a.id()), scenarios, caller, withScenarios, Optional.empty()));
                }
                if (withScenarios) {
                    List<JsonObject> s = new ArrayList<>();
                    scenarios.list(caller, Optional.of(a.id()), "", 0, 10_000).forEach(sc -> s.add(Original.scenario(sc, Optional.empty())));
                    o.put("scenarios", Original.scenarios(s));
                }
                items.add(o);
            }
            return Original.list(items, total);
        });
        methods.put("DelApplication", (caller, p) -> {
            Optional<CompatParams.IdList> ids = p.ids("application_id");
            Optional<List<String>> names = p.list("application_name");
            p.done();
            List<ApplicationId> targets = new ArrayList<>();
            if (ids.isPresent()) {
                if (ids.get().all()) {
                    apps.list(caller, "", 0, 100_000).forEach(a -> targets.add(a.id()));
                } else {
                    for (long id : ids.get().ids()) {
                        targets.add(apps.get(caller, applicationId(id)).id());
                    }
                }
            } else if (names.isPresent()) {
                for (String n : names.get()) {
                    targets.add(apps.byName(caller, n).id());
                }
            } else {
                throw PlatformException.invalid("application_id", "the 'application_id' or 'application_name' parameter is required");
            }
            for (ApplicationId id : targets) {
                apps.delete(caller, id);
            }
            return Original.ok();
        });
    }

    static ApplicationId applicationId(long id) throws PlatformException {
        if (id <= 0) {
            throw PlatformException.notFound("application", id);
        }
        return new ApplicationId(id);
    }
}
