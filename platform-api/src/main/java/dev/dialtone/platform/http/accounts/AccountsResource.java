package dev.dialtone.platform.http.accounts;

import dev.dialtone.core.AccountId;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Json;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.service.AccountService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code /api/v1/accounts}: the administrator creates and deletes accounts; others see their own. */
public final class AccountsResource {
    private AccountsResource() {
    }

    public static void register(ApiRoutes routes, AccountService accounts) {
        routes.add(HttpMethod.GET, "/api/v1/accounts", call -> {
            JsonArray items = new JsonArray();
            accounts.list(call.account()).forEach(a -> items.add(view(a)));
            return Reply.ok(new JsonObject().put("accounts", items));
        });
        routes.add(HttpMethod.POST, "/api/v1/accounts", call -> {
            JsonInput in = call.json();
            String name = in.requireString("name");
            in.done();
            AccountService.Created created = accounts.create(call.account(), name);
            return Reply.created(view(created.account()).put("api_key", created.apiKey()),
                    "/api/v1/accounts/" + created.account().id());
        });
        routes.add(HttpMethod.GET, "/api/v1/accounts/{account_id}",
                call -> Reply.ok(view(accounts.get(call.account(), new AccountId(call.pathId("account_id"))))));
        routes.add(HttpMethod.DELETE, "/api/v1/accounts/{account_id}", call -> {
            accounts.delete(call.account(), new AccountId(call.pathId("account_id")));
            return Reply.noContent();
        });
    }

    static JsonObject view(Account a) {
        return new JsonObject().put("id", a.id().value()).put("name", a.name()).put("admin", a.admin())
                .put("created_at", Json.time(a.createdAt()));
    }
}
