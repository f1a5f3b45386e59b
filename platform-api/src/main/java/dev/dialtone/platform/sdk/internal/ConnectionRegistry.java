package dev.dialtone.platform.sdk.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.sdk.OnlineUser;

/**
 * The gateway's open connections on this node, and the logged-in ones by user: presence, ending a
 * deleted user's connections, finding the pages to ring for {@code callUser}. Thread-safe.
 */
public final class ConnectionRegistry {
    /** A user of an application. */
    public record UserKey(ApplicationId application, String user) {
    }

    private final Set<SdkConnection> open = ConcurrentHashMap.newKeySet();
    private final Map<UserKey, Set<SdkConnection>> byUser = new ConcurrentHashMap<>();

    void opened(SdkConnection c) {
        open.add(c);
    }

    void loggedIn(SdkConnection c, SdkIdentity who) {
        byUser.computeIfAbsent(new UserKey(who.application(), who.user()), k -> ConcurrentHashMap.newKeySet()).add(c);
    }

    void closed(SdkConnection c) {
        open.remove(c);
        c.identity().ifPresent(who -> byUser.computeIfPresent(new UserKey(who.application(), who.user()), (k, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        }));
    }

    /** Every open connection (logged in or not). */
    public List<SdkConnection> all() {
        return List.copyOf(open);
    }

    public int size() {
        return open.size();
    }

    /** The user's logged-in connections on this node. */
    public List<SdkConnection> of(UserKey user) {
        Set<SdkConnection> s = byUser.get(user);
        return s == null ? List.of() : List.copyOf(s);
    }

    /** Who is logged in on this node, by application and user name. */
    public List<OnlineUser> online() {
        List<OnlineUser> out = new ArrayList<>();
        byUser.forEach((key, set) -> {
            List<SdkConnection> cs = List.copyOf(set);
            if (cs.isEmpty()) {
                return;
            }
            boolean receive = cs.stream().anyMatch(c -> c.identity().map(SdkIdentity::receiveCalls).orElse(false));
            Instant since = cs.stream().map(SdkConnection::loggedInAt).min(Comparator.naturalOrder()).orElseThrow();
            String display = cs.getFirst().identity().map(SdkIdentity::displayName).orElse(key.user());
            out.add(new OnlineUser(key.application(), key.user(), display, cs.size(), receive, since));
        });
        out.sort(Comparator.comparing((OnlineUser u) -> u.application().value()).thenComparing(OnlineUser::user));
        return out;
    }
}
