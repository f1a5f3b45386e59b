package dev.dialtone.platform.http.numbers;

import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Json;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.model.PhoneNumber;
import dev.dialtone.platform.service.NumberService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code /api/v1/phone-numbers}: numbers calls arrive on, each bound to an application. */
public final class PhoneNumbersResource {
    private static final String BASE = "/api/v1/phone-numbers";

    private PhoneNumbersResource() {
    }

    public static void register(ApiRoutes routes, NumberService numbers) {
        routes.add(HttpMethod.GET, BASE, call -> {
            Optional<ApplicationId> app = Optional.empty();
            if (call.query("application_id").isPresent()) {
                app = Optional.of(new ApplicationId(call.queryInt("application_id", 1, 1, Integer.MAX_VALUE)));
            }
            JsonArray items = new JsonArray();
            numbers.list(call.account(), app).forEach(n -> items.add(view(n)));
            return Reply.ok(new JsonObject().put("phone_numbers", items));
        });
        routes.add(HttpMethod.POST, BASE, call -> {
            JsonInput in = call.json();
            String number = in.requireString("number");
            long app = in.requireLong("application_id");
            in.done();
            PhoneNumber n = numbers.create(call.account(), number, applicationId(app));
            return Reply.created(view(n), BASE + "/" + n.id());
        });
        routes.add(HttpMethod.GET, BASE + "/{number_id}", call -> Reply.ok(view(numbers.get(call.account(), call.pathId("number_id")))));
        routes.add(HttpMethod.PATCH, BASE + "/{number_id}", call -> {
            JsonInput in = call.json();
            long app = in.requireLong("application_id");
            in.done();
            return Reply.ok(view(numbers.bind(call.account(), call.pathId("number_id"), applicationId(app))));
        });
        routes.add(HttpMethod.DELETE, BASE + "/{number_id}", call -> {
            numbers.delete(call.account(), call.pathId("number_id"));
            return Reply.noContent();
        });
    }

    private static ApplicationId applicationId(long id) throws PlatformException {
        if (id <= 0) {
            throw PlatformException.invalid("application_id", "application_id must be a positive integer");
        }
        return new ApplicationId(id);
    }

    static JsonObject view(PhoneNumber n) {
        return new JsonObject().put("id", n.id()).put("number", n.number()).put("application_id", n.applicationId().value())
                .put("created_at", Json.time(n.createdAt()));
    }
}
