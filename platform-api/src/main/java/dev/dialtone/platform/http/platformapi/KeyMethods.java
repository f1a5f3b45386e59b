package dev.dialtone.platform.http.platformapi;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.KeyRole;
import dev.dialtone.platform.model.ServiceKey;
import dev.dialtone.platform.service.ServiceKeyService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The original's RoleSystem methods for service-account keys: CreateKey, GetKeys, UpdateKey,
 * DeleteKey, SetKeyRoles, GetKeyRoles, RemoveKeyRoles, GetRoles. A Dialtone key has exactly one
 * role, {@code Owner} (id 1) or {@code ReadOnly} (id 2); a role list gives the key the strongest role in it.
 */
final class KeyMethods {
    private KeyMethods() {
    }

    static void register(Map<String, CompatMethod> methods, ServiceKeyService keys) {
        methods.put("CreateKey", (caller, p) -> {
            Optional<String> description = p.string("description");
            Optional<String> name = p.string("key_name").filter(s -> !s.isEmpty());
            Optional<Set<KeyRole>> roles = roles(p);
            p.done();
            KeyRole role = roles.map(KeyMethods::strongest).orElse(KeyRole.READ_ONLY);
            ServiceKeyService.Created c = keys.create(caller, name, description, role);
            JsonObject info = new JsonObject()
                    .put("account_id", caller.id().value())
                    .put("key_id", c.key().keyId())
                    .put("private_key", c.privateKeyPem());
            // The original's clients decode this result as a list of KeyInfo.
            return new JsonObject().put("result", new JsonArray().add(info));
        });
        methods.put("GetKeys", (caller, p) -> {
            Optional<String> keyId = p.string("key_id").filter(s -> !s.isEmpty());
            boolean withRoles = p.bool("with_roles").orElse(false);
            int count = p.count("count", 20, 1000);
            int offset = p.count("offset", 0, Integer.MAX_VALUE);
            p.done();
            List<ServiceKey> found;
            int total;
            if (keyId.isPresent()) {
                found = new ArrayList<>();
                try {
                    found.add(keys.get(caller, keyId.get()));
                } catch (PlatformException e) {
                    if (e.kind() != PlatformException.Kind.NOT_FOUND) {
                        throw e;
                    }
                }
                total = found.size();
                found = found.stream().skip(offset).limit(count).toList();
            } else {
                found = keys.list(caller, offset, count);
                total = keys.count(caller);
            }
            JsonArray items = new JsonArray();
            for (ServiceKey k : found) {
                JsonObject o = new JsonObject().put("key_id", k.keyId()).put("key_name", k.name()).put("description", k.description());
                if (withRoles) {
                    o.put("roles", new JsonArray().add(roleView(k.role())));
                }
                items.add(o);
            }
            return Original.list(items, total);
        });
        methods.put("UpdateKey", (caller, p) -> {
            String keyId = p.require("key_id");
            Optional<String> description = p.string("description");
            Optional<String> name = p.string("key_name");
            p.done();
            keys.update(caller, keyId, name, description, Optional.empty());
            return Original.ok();
        });
        methods.put("DeleteKey", (caller, p) -> {
            String keyId = p.require("key_id");
            p.done();
            keys.delete(caller, keyId);
            return Original.ok();
        });
        methods.put("SetKeyRoles", (caller, p) -> {
            String keyId = p.require("key_id");
            Set<KeyRole> roles = roles(p).orElseThrow(() -> PlatformException.invalid("role_id",
                    "the 'role_id' or 'role_name' parameter is required (" + known() + ")"));
            p.done();
            keys.update(caller, keyId, Optional.empty(), Optional.empty(), Optional.of(strongest(roles)));
            return Original.ok();
        });
        methods.put("RemoveKeyRoles", (caller, p) -> {
            String keyId = p.require("key_id");
            Set<KeyRole> roles = roles(p).orElseThrow(() -> PlatformException.invalid("role_id",
                    "the 'role_id' or 'role_name' parameter is required (" + known() + ")"));
            p.done();
            ServiceKey key = keys.get(caller, keyId);
            if (roles.contains(key.role())) {
                if (key.role() == KeyRole.READ_ONLY) {
                    throw PlatformException.invalid("role_name", "a key keeps at least the ReadOnly role; delete the key instead");
                }
                keys.update(caller, keyId, Optional.empty(), Optional.empty(), Optional.of(KeyRole.READ_ONLY));
            }
            return Original.ok();
        });
        methods.put("GetKeyRoles", (caller, p) -> {
            String keyId = p.require("key_id");
            p.bool("with_expanded_roles");
            p.done();
            return new JsonObject().put("result", new JsonArray().add(roleView(keys.get(caller, keyId).role())));
        });
        methods.put("GetRoles", (caller, p) -> {
            p.string("group_name");
            p.done();
            JsonArray all = new JsonArray();
            for (KeyRole r : KeyRole.values()) {
                all.add(roleView(r));
            }
            return new JsonObject().put("result", all);
        });
    }

    static JsonObject roleView(KeyRole r) {
        return new JsonObject().put("role_id", r.id()).put("role_name", r.original()).put("gui_only", false);
    }

    /** {@code role_id} or {@code role_name}, not both; empty if neither. */
    private static Optional<Set<KeyRole>> roles(CompatParams p) throws PlatformException {
        Optional<List<String>> ids = p.list("role_id");
        Optional<List<String>> names = p.list("role_name");
        if (ids.isPresent() && names.isPresent()) {
            throw PlatformException.invalid("role_id", "give 'role_id' or 'role_name', not both");
        }
        Optional<List<String>> given = ids.isPresent() ? ids : names;
        if (given.isEmpty()) {
            return Optional.empty();
        }
        Set<KeyRole> roles = EnumSet.noneOf(KeyRole.class);
        for (String s : given.get()) {
            if (s.equalsIgnoreCase("any") || s.equalsIgnoreCase("all")) {
                roles.add(KeyRole.OWNER);
                continue;
            }
            roles.add(KeyRole.parse(s).orElseThrow(() -> PlatformException.invalid(ids.isPresent() ? "role_id" : "role_name",
                    "unknown role " + (s.length() > 30 ? s.substring(0, 30) + "..." : s) + "; Dialtone has " + known())));
        }
        return Optional.of(roles);
    }

    private static KeyRole strongest(Set<KeyRole> roles) {
        return roles.contains(KeyRole.OWNER) ? KeyRole.OWNER : KeyRole.READ_ONLY;
    }

    private static String known() {
        return "Owner (role_id 1: everything) and ReadOnly (role_id 2: Get* methods only)";
    }
}
