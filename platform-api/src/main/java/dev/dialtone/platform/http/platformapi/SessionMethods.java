package dev.dialtone.platform.http.platformapi;

import java.util.Map;
import java.util.Optional;

import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.service.ApplicationService;
import dev.dialtone.platform.sessions.SessionsService;

/**
 * StartScenarios: runs the scenarios of a rule in a new session without a call, as the original does,
 * and answers {@code {"result":1,"media_session_access_url","media_session_access_secure_url",
 * "call_session_history_id"}} (the fields beside {@code result}, as the original's clients read them).
 */
final class SessionMethods {
    private SessionMethods() {
    }

    static void register(Map<String, CompatMethod> methods, ApplicationService apps, SessionsService sessions) {
        methods.put("StartScenarios", (caller, p) -> {
            p.accept("reference_ip", "server_location");
            long ruleId = p.number("rule_id").orElseThrow(() -> dev.dialtone.platform.PlatformException.invalid("rule_id",
                    "the 'rule_id' parameter is required"));
            Optional<String> data = p.string("script_custom_data");
            Optional<Application> app = Original.optionalApplication(apps, caller, p);
            p.done();
            SessionsService.HttpSession s = sessions.startFromRule(caller, app.map(Application::id), ruleId, data);
            return Original.ok()
                    .put("media_session_access_url", s.accessUrl().map(Object::toString).orElse(null))
                    .put("media_session_access_secure_url", s.secureAccessUrl().map(Object::toString).orElse(null))
                    .put("call_session_history_id", s.historyId());
        });
    }
}
