package dev.dialtone.platform.http.platformapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.AppUser;
import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.service.ApplicationService;
import dev.dialtone.platform.service.UserService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** AddUser, GetUsers, SetUserInfo, DelUser. Balances are reported as 0: Dialtone has no billing. */
final class UserMethods {
    private UserMethods() {
    }

    static void register(Map<String, CompatMethod> methods, ApplicationService apps, UserService users) {
        methods.put("AddUser", (caller, p) -> {
            String name = p.require("user_name");
            String display = p.require("user_display_name");
            String password = p.require("user_password");
            Application app = Original.application(apps, caller, p);
            boolean active = p.bool("user_active").orElse(true);
            String custom = p.string("user_custom_data").orElse(null);
            p.accept("parent_accounting", "mobile_phone").done();
            AppUser u = users.create(app.id(), new UserService.NewUser(name, display, password, active, custom));
            return Original.ok().put("user_id", u.id());
        });
        methods.put("GetUsers", (caller, p) -> {
            Application app = Original.application(apps, caller, p);
            Optional<Long> userId = p.number("user_id");
            String name = p.string("user_name").orElse("");
            Optional<Boolean> active = p.bool("user_active");
            String display = p.string("user_display_name").orElse("").toLowerCase(java.util.Locale.ROOT);
            int count = p.count("count", 20, 10_000);
            int offset = p.count("offset", 0, Integer.MAX_VALUE);
            String orderBy = p.string("order_by").orElse("user_id");
            p.accept("skill_id", "excluded_skill_id", "acd_queue_id", "excluded_acd_queue_id", "with_skills", "with_queues",
                    "acd_status", "showing_skill_id", "return_live_balance").done();
            List<AppUser> all = new ArrayList<>(users.list(app.id(), name, 0, 100_000).stream()
                    .filter(u -> userId.isEmpty() || u.id() == userId.get())
                    .filter(u -> active.isEmpty() || u.active() == active.get())
                    .filter(u -> u.displayName().toLowerCase(java.util.Locale.ROOT).contains(display))
                    .toList());
            switch (orderBy) {
                case "user_name" -> all.sort(java.util.Comparator.comparing(AppUser::name));
                case "user_display_name" -> all.sort(java.util.Comparator.comparing(AppUser::displayName));
                case "user_id" -> all.sort(java.util.Comparator.comparingLong(AppUser::id));
                default -> throw PlatformException.invalid("order_by", "'order_by' must be user_id, user_name or user_display_name");
            }
            JsonArray items = new JsonArray();
            all.stream().skip(offset).limit(count).forEach(u -> items.add(view(u)));
            return Original.list(items, all.size());
        });
        methods.put("SetUserInfo", (caller, p) -> {
            AppUser u = target(caller, apps, users, p);
            var change = new UserService.Change(p.string("new_user_name").filter(s -> !s.isEmpty()),
                    p.string("user_display_name").filter(s -> !s.isEmpty()), p.string("user_password").filter(s -> !s.isEmpty()),
                    p.bool("user_active"), p.string("user_custom_data"));
            p.accept("parent_accounting", "mobile_phone").done();
            users.update(caller, u.id(), change, Optional.empty());
            return Original.ok();
        });
        methods.put("DelUser", (caller, p) -> {
            Optional<CompatParams.IdList> ids = p.ids("user_id");
            Optional<List<String>> names = p.list("user_name");
            Optional<Application> app = Original.optionalApplication(apps, caller, p);
            p.done();
            List<Long> targets = new ArrayList<>();
            if (ids.isPresent() && ids.get().all()) {
                Application a = app.orElseThrow(() -> PlatformException.invalid("application_id",
                        "user_id=all needs 'application_id' or 'application_name'"));
                users.list(a.id(), "", 0, 1_000_000).forEach(u -> targets.add(u.id()));
            } else if (ids.isPresent()) {
                for (long id : ids.get().ids()) {
                    targets.add(users.get(caller, id).id());
                }
            } else if (names.isPresent()) {
                Application a = app.orElseThrow(() -> PlatformException.invalid("application_id",
                        "'user_name' needs 'application_id' or 'application_name'"));
                for (String n : names.get()) {
                    targets.add(users.byName(a.id(), n).orElseThrow(() -> new PlatformException(PlatformException.Kind.NOT_FOUND,
                            "user_name", "no user named '" + n + "' in application " + a.id())).id());
                }
            } else {
                throw PlatformException.invalid("user_id", "the 'user_id' or 'user_name' parameter is required");
            }
            for (long id : targets) {
                users.delete(caller, id);
            }
            return Original.ok();
        });
    }

    private static AppUser target(Account caller, ApplicationService apps, UserService users, CompatParams p) throws PlatformException {
        Optional<Long> id = p.number("user_id");
        Optional<String> name = p.string("user_name").filter(s -> !s.isEmpty());
        Optional<Application> app = Original.optionalApplication(apps, caller, p);
        if (id.isPresent()) {
            return users.get(caller, id.get());
        }
        if (name.isPresent()) {
            Application a = app.orElseThrow(() -> PlatformException.invalid("application_id",
                    "'user_name' needs 'application_id' or 'application_name'"));
            return users.byName(a.id(), name.get()).orElseThrow(() -> new PlatformException(PlatformException.Kind.NOT_FOUND,
                    "user_name", "no user named '" + name.get() + "' in application " + a.id()));
        }
        throw PlatformException.invalid("user_id", "the 'user_id' or 'user_name' parameter is required");
    }

    static JsonObject view(AppUser u) {
        JsonObject o = new JsonObject()
                .put("user_id", u.id())
                .put("user_name", u.name())
                .put("user_display_name", u.displayName())
                .put("user_active", u.active())
                .put("parent_accounting", true)
                .put("live_balance", 0)
                .put("balance", 0)
                .put("fixed_balance", 0)
                .put("created", Original.time(u.createdAt()))
                .put("modified", Original.time(u.modifiedAt()));
        if (u.customData() != null) {
            o.put("user_custom_data", u.customData());
        }
        return o;
    }
}
