package dev.dialtone.platform.sdk.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.live.LiveState;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.AppUser;
import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.persistence.GuestAccessStore;
import dev.dialtone.platform.persistence.SdkOriginStore;
import dev.dialtone.platform.persistence.UserStore;
import dev.dialtone.platform.service.Services;

/**
 * Guest sign-up ({@code POST /sdk/guests}): for an application whose owner turned it on, anyone who can reach the
 * node gets a fresh web SDK user {@code <prefix>-<random>} with the display name they typed and an access token to
 * log in with — the join page of the videoconf sample. A guest has no password (no password login matches it; see
 * {@link dev.dialtone.users.UserDirectory#noPassword()}): the tokens are the only way in. Guarded
 * by the application's page-origin allow-list, a per-source rate limit and the application's cap on live guests;
 * {@link #sweep} deletes guests whose time is up unless they are logged in.
 */
public final class Guests {
    private static final Logger LOG = LoggerFactory.getLogger(Guests.class);
    private static final String RATE_COUNTER = "sdk-guest-signups:";
    private static final int SWEEP_BATCH = 500;
    private static final char[] NAME_CHARS = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private final Services services;
    private final GuestAccessStore store;
    private final SdkOriginStore origins;
    private final AccessTokens tokens;
    private final LiveState live;
    private final SecureRandom random;
    private final Clock clock;
    private final String appDomain;
    private final List<String> extraDomains;
    private final int perSourcePerMinute;

    public Guests(Services services, GuestAccessStore store, SdkOriginStore origins, AccessTokens tokens, LiveState live,
                  SecureRandom random, Clock clock, String appDomain, List<String> extraDomains, int perSourcePerMinute) {
        this.services = Objects.requireNonNull(services, "services");
        this.store = Objects.requireNonNull(store, "store");
        this.origins = Objects.requireNonNull(origins, "origins");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.live = Objects.requireNonNull(live, "live");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.appDomain = Objects.requireNonNull(appDomain, "appDomain");
        this.extraDomains = List.copyOf(extraDomains);
        this.perSourcePerMinute = perSourcePerMinute;
    }

    /** A new guest: the full user name to log in with, and its tokens. */
    public record Guest(String user, String displayName, AccessTokens.Issued tokens) {
        @Override
        public String toString() {
            return "Guest[" + user + "]";
        }
    }

    /**
     * Signs a guest up.
     *
     * @param application {@code app.account} or {@code app.account.<domain>}
     * @param source      the client's address (rate limit)
     * @param origin      the page's {@code Origin} header; empty for non-browser clients
     * @throws PlatformException what was wrong, as the HTTP status and detail to answer
     */
    public Guest signUp(String application, String displayName, String source, Optional<String> origin) throws PlatformException {
        if (live.increment(RATE_COUNTER + source, Duration.ofMinutes(1)) > perSourcePerMinute) {
            throw new PlatformException(PlatformException.Kind.TOO_MANY_REQUESTS, null,
                    "too many guest sign-ups from " + source + ": at most " + perSourcePerMinute + " a minute");
        }
        UserAddress address = UserAddress.parse("guest@" + withDomain(application), appDomain, extraDomains)
                .orElseThrow(() -> PlatformException.invalid("application", "application is <app>.<account> (or <app>.<account>."
                        + appDomain + "), e.g. videoconf.admin"));
        Optional<Application> app = services.accounts().findByName(address.account()).flatMap(account -> {
            try {
                return Optional.of(services.applications().byName(account, address.application()));
            } catch (PlatformException e) {
                return Optional.empty();
            }
        });
        Optional<GuestAccessStore.Settings> settings = app.flatMap(a -> store.find(a.id()));
        if (settings.isEmpty()) {
            // One answer for "no such application" and "sign-up off": nobody learns which applications exist.
            throw new PlatformException(PlatformException.Kind.NOT_FOUND, "application",
                    "no application " + address.application() + "." + address.account() + " with guest sign-up");
        }
        if (origin.isPresent()) {
            List<String> allowed = origins.list(app.get().id());
            if (!allowed.isEmpty() && !allowed.contains(origin.get())) {
                throw new PlatformException(PlatformException.Kind.FORBIDDEN, null,
                        "origin " + origin.get() + " is not on the application's allow-list");
            }
        }
        GuestAccessStore.Settings s = settings.get();
        String prefix = s.userPrefix() + "-";
        if (services.users().count(s.application(), prefix) >= s.maxGuests()) {
            throw new PlatformException(PlatformException.Kind.UNAVAILABLE, null,
                    "the application has its maximum of " + s.maxGuests() + " guests; try again later");
        }
        if (displayName == null || displayName.isBlank()) {
            throw PlatformException.invalid("display_name", "display_name is required: the name the others see");
        }
        String name = prefix + randomName();
        // Guests log in with their tokens only: no password, so no argon2id run per sign-up.
        AppUser user = services.users().createWithoutPassword(s.application(), name, displayName.strip());
        UserStore.Credentials c = services.users().credentials(s.application(), name)
                .orElseThrow(() -> new IllegalStateException("guest " + name + " vanished right after it was created"));
        AccessTokens.Issued issued = tokens.issue(new AccessTokens.Holder(s.application(), name,
                AccessTokens.passwordFingerprint(c.password().phc())));
        LOG.info("guest {} signed up in application {} from {}", name, s.application().value(), source);
        return new Guest(name + "@" + address.application() + "." + address.account() + "." + appDomain, user.displayName(),
                issued);
    }

    /** No application has this id (ids are a sequence from 1): the warm-up's reads find nothing. */
    private static final ApplicationId NO_APPLICATION = new ApplicationId(Long.MAX_VALUE);

    /**
     * Runs the sign-up's reads once, for no application, at node start: on a fresh node the first guest otherwise
     * waits some 300-700 ms for their first executions (measured: the first rate-limit count, Hazelcast's first
     * entry processor on its counters, alone took 285 ms; the user count 70 ms). Writes nothing but a rate count
     * that expires within two seconds, and issues no token (it looks one up that does not exist).
     */
    public void warmUp() {
        long t0 = System.nanoTime();
        try {
            live.increment(RATE_COUNTER + "node-warm-up", Duration.ofSeconds(1));
            services.accounts().findByName("node-warm-up");
            store.find(NO_APPLICATION);
            origins.list(NO_APPLICATION);
            services.users().count(NO_APPLICATION, "node-warm-up-");
            services.users().credentials(NO_APPLICATION, "node-warm-up");
            tokens.checkAccess("node-warm-up");
        } catch (RuntimeException e) {
            LOG.warn("guest sign-up warm-up failed: {}", e.toString());
            return;
        }
        LOG.debug("guest sign-up path warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Deletes guests created longer ago than their application's time to live, unless {@code online} says they are
     * logged in. @return how many were deleted
     */
    public int sweep(java.util.function.BiPredicate<dev.dialtone.core.ApplicationId, String> online) {
        int deleted = 0;
        Instant now = clock.instant();
        for (GuestAccessStore.Owned o : store.all()) {
            GuestAccessStore.Settings s = o.settings();
            Optional<Account> account = services.accounts().find(o.account());
            if (account.isEmpty()) {
                continue;
            }
            Instant cutoff = now.minus(s.ttl());
            for (AppUser u : services.users().list(s.application(), s.userPrefix() + "-", 0, SWEEP_BATCH)) {
                if (u.name().startsWith(s.userPrefix() + "-") && u.createdAt().isBefore(cutoff)
                        && !online.test(s.application(), u.name())) {
                    try {
                        services.users().delete(account.get(), u.id());
                        deleted++;
                    } catch (PlatformException e) {
                        LOG.debug("guest {} was already gone: {}", u.name(), e.getMessage());
                    }
                }
            }
        }
        if (deleted > 0) {
            LOG.info("deleted {} expired guest users", deleted);
        }
        return deleted;
    }

    private String withDomain(String application) {
        String a = application == null ? "" : application.strip().toLowerCase(Locale.ROOT);
        if (a.endsWith("." + appDomain)) {
            return a;
        }
        for (String d : extraDomains) {
            if (a.endsWith("." + d)) {
                return a;
            }
        }
        return a + "." + appDomain;
    }

    private String randomName() {
        char[] c = new char[10];
        for (int i = 0; i < c.length; i++) {
            c[i] = NAME_CHARS[random.nextInt(NAME_CHARS.length)];
        }
        return new String(c);
    }
}
