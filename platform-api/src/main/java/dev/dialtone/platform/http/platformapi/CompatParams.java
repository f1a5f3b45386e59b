package dev.dialtone.platform.http.platformapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.dialtone.platform.PlatformException;
import io.vertx.core.MultiMap;

/**
 * The parameters of one compatible-API call (query string or form), read the way the original
 * platform reads them: booleans as true/false/1/0, lists separated by ';' (',' accepted too),
 * {@code all} for "every". Parameters a method does not know are refused.
 */
final class CompatParams {
    private final MultiMap params;
    private final Set<String> known = new HashSet<>(Set.of("account_id", "account_name", "api_key", "cmd", "output"));

    CompatParams(MultiMap params) {
        this.params = params;
    }

    /** Declares parameters that the original accepts and Dialtone ignores (so scripts keep working). */
    CompatParams accept(String... names) {
        known.addAll(List.of(names));
        return this;
    }

    Optional<String> string(String name) {
        known.add(name);
        String v = params.get(name);
        return Optional.ofNullable(v);
    }

    String require(String name) throws PlatformException {
        return string(name).filter(s -> !s.isEmpty())
                .orElseThrow(() -> PlatformException.invalid(name, "the '" + name + "' parameter is required"));
    }

    Optional<Long> number(String name) throws PlatformException {
        Optional<String> v = string(name).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.get().trim()));
        } catch (NumberFormatException e) {
            throw PlatformException.invalid(name, "'" + name + "' must be a number");
        }
    }

    int count(String name, int def, int max) throws PlatformException {
        Optional<Long> v = number(name);
        if (v.isPresent() && (v.get() < 0 || v.get() > max)) {
            throw PlatformException.invalid(name, "'" + name + "' must be 0.." + max);
        }
        return v.map(Long::intValue).orElse(def);
    }

    Optional<Boolean> bool(String name) throws PlatformException {
        Optional<String> v = string(name).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return switch (v.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> Optional.of(true);
            case "false", "0", "no" -> Optional.of(false);
            default -> throw PlatformException.invalid(name, "'" + name + "' must be true or false");
        };
    }

    /** A list of items separated by ';' or ','; empty if absent. */
    Optional<List<String>> list(String name) {
        Optional<String> v = string(name).filter(s -> !s.isBlank());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (String part : v.get().split("[;,]")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return Optional.of(out);
    }

    /** An id list; {@code all}/{@code any} gives an empty optional inside: {@code Optional.of(Optional.empty())} means every. */
    Optional<IdList> ids(String name) throws PlatformException {
        Optional<List<String>> raw = list(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.get().size() == 1 && (raw.get().getFirst().equalsIgnoreCase("all") || raw.get().getFirst().equalsIgnoreCase("any"))) {
            return Optional.of(new IdList(true, List.of()));
        }
        List<Long> ids = new ArrayList<>();
        for (String s : raw.get()) {
            try {
                ids.add(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw PlatformException.invalid(name, "'" + name + "' must be numbers separated by ';' (or 'all'), not '"
                        + (s.length() > 20 ? s.substring(0, 20) + "..." : s) + "'");
            }
        }
        return Optional.of(new IdList(false, ids));
    }

    /** Refuses parameters the method neither uses nor accepts. */
    void done() throws PlatformException {
        for (String name : params.names()) {
            if (!known.contains(name)) {
                throw PlatformException.invalid(name, "unknown parameter '" + (name.length() > 40 ? name.substring(0, 40) : name)
                        + "' for this method");
            }
        }
    }

    record IdList(boolean all, List<Long> ids) {
    }
}
