package dev.dialtone.platform.sdk.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A user name as the web SDK sends it at login: {@code user@app.account.<domain>}, parsed into its
 * parts. The domain must be the node's application domain or one of the accepted extra domains.
 */
public record UserAddress(String user, String application, String account) {

    /** Parses {@code raw}; empty if it is not of the form {@code user@app.account.<domain>} with an accepted domain. */
    public static Optional<UserAddress> parse(String raw, String appDomain, List<String> extraDomains) {
        if (raw == null || raw.length() > 300) {
            return Optional.empty();
        }
        int at = raw.indexOf('@');
        if (at <= 0 || at != raw.lastIndexOf('@')) {
            return Optional.empty();
        }
        String user = raw.substring(0, at);
        String host = raw.substring(at + 1).toLowerCase(Locale.ROOT);
        String rest = null;
        for (String domain : concat(appDomain, extraDomains)) {
            if (host.endsWith("." + domain)) {
                rest = host.substring(0, host.length() - domain.length() - 1);
                break;
            }
        }
        if (rest == null) {
            return Optional.empty();
        }
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1 || rest.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new UserAddress(user, rest.substring(0, dot), rest.substring(dot + 1)));
    }

    private static List<String> concat(String first, List<String> rest) {
        ArrayList<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    @Override
    public String toString() {
        return user + "@" + application + "." + account;
    }
}
