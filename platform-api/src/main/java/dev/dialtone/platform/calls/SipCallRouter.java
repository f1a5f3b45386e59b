package dev.dialtone.platform.calls;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.ClientType;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.model.PhoneNumber;
import dev.dialtone.platform.model.RoutingRule;
import dev.dialtone.platform.model.SipTrunk;
import dev.dialtone.platform.service.RuleService;
import dev.dialtone.platform.service.Services;
import dev.dialtone.pstn.InboundDecision;
import dev.dialtone.pstn.InboundInvite;
import dev.dialtone.pstn.InboundRouter;
import dev.dialtone.pstn.SessionStarter;
import dev.dialtone.routing.Rule;

/**
 * Routes inbound INVITEs as issue 6 defines addressing (see {@link InboundRouter}):
 * <ol>
 *   <li>request host {@code <application>.<account>.<domain>}: that application's rules route the
 *       request user ({@link ClientType#SIP}); unknown account or application: 404;</li>
 *   <li>otherwise the source address must be an allowed source of some trunk (else 403); the request
 *       user must be a phone number of one of those trunks' accounts (else 404), and the number's
 *       application's rules route it ({@link ClientType#PSTN});</li>
 *   <li>no matching rule, or a rule without scenarios: 404.</li>
 * </ol>
 * Reason phrases never say more than the code (a scanner learns nothing about which accounts exist).
 */
public final class SipCallRouter implements InboundRouter {
    private static final Logger LOG = LoggerFactory.getLogger(SipCallRouter.class);
    /** How long a trunk change may take to reach inbound routing. */
    public static final Duration TRUNK_REFRESH = Duration.ofSeconds(2);
    /**
     * How long an accepted route is reused for the same request host and user (and source, for trunk
     * calls): changes to accounts, applications, numbers, rules and scenarios reach new calls within it.
     */
    public static final Duration ROUTE_REUSE = Duration.ofSeconds(2);
    static final int MAX_REUSED_ROUTES = 10_000;

    /** Makes the session starter of a matched call (in the node: the scenario engine with the rule's scenarios). */
    @FunctionalInterface
    public interface Sessions {
        /**
         * Called on the connector's routing pool (it may block on the database).
         *
         * @throws PlatformException {@code INVALID} or {@code NOT_FOUND} if the rule can start nothing now (404)
         */
        SessionStarter starterFor(MatchedRoute route) throws PlatformException;
    }

    private final Services services;
    private final String domainSuffix;
    private final TrunkSources trunks;
    private final Sessions sessions;
    private final AcceptedRoutes accepted;

    public SipCallRouter(Services services, String appDomain, Sessions sessions, LongSupplier nanoTime) {
        this.services = Objects.requireNonNull(services, "services");
        this.domainSuffix = "." + Objects.requireNonNull(appDomain, "appDomain");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.trunks = new TrunkSources(services.trunks()::allTrunks, TRUNK_REFRESH, nanoTime);
        this.accepted = new AcceptedRoutes(ROUTE_REUSE, MAX_REUSED_ROUTES, nanoTime);
    }

    @Override
    public InboundDecision route(InboundInvite invite) {
        try {
            return decide(invite);
        } catch (PlatformException e) {
            LOG.warn("INVITE from {} to {}: routing failed: {}", invite.source().getHostAddress(), invite.requestHost(),
                    e.getMessage());
            return new InboundDecision.Reject(500, "Server Internal Error");
        }
    }

    private InboundDecision decide(InboundInvite invite) throws PlatformException {
        String host = invite.requestHost();
        if (host.endsWith(domainSuffix)) {
            String key = "app\n" + host + "\n" + invite.requestUser();
            Optional<InboundDecision.Accept> reuse = accepted.get(key);
            return reuse.isPresent() ? reuse.get()
                    : remember(key, direct(invite, host.substring(0, host.length() - domainSuffix.length())));
        }
        List<SipTrunk> from = trunks.matching(invite.source());
        if (from.isEmpty()) {
            LOG.debug("INVITE from {}: not an allowed source of any trunk", invite.source().getHostAddress());
            return new InboundDecision.Reject(403, "Forbidden");
        }
        String key = "trunk\n" + invite.source().getHostAddress() + "\n" + invite.requestUser();
        Optional<InboundDecision.Accept> reuse = accepted.get(key);
        return reuse.isPresent() ? reuse.get() : remember(key, trunkCall(invite, from));
    }

    private InboundDecision remember(String key, InboundDecision d) {
        if (d instanceof InboundDecision.Accept a) {
            accepted.put(key, a);
        }
        return d;
    }

    /** A call from a trunk's allowed source: the number's application. */
    private InboundDecision trunkCall(InboundInvite invite, List<SipTrunk> from) throws PlatformException {
        Optional<PhoneNumber> number = findNumber(invite.requestUser());
        if (number.isEmpty()) {
            return notFound();
        }
        PhoneNumber n = number.get();
        Optional<SipTrunk> trunk = from.stream().filter(t -> t.accountId().equals(n.accountId())).findFirst();
        if (trunk.isEmpty()) {
            return notFound(); // the number belongs to an account none of these trunks serve
        }
        Optional<Account> account = services.accounts().find(n.accountId());
        if (account.isEmpty()) {
            return notFound();
        }
        Application app = services.applications().get(account.get(), n.applicationId());
        return match(account.get(), app, n.number(), ClientType.PSTN, Optional.of(trunk.get().id()));
    }

    /** {@code <application>.<account>} addressing. */
    private InboundDecision direct(InboundInvite invite, String appAndAccount) throws PlatformException {
        int dot = appAndAccount.lastIndexOf('.');
        if (dot <= 0 || dot == appAndAccount.length() - 1 || invite.requestUser().isEmpty()) {
            return notFound();
        }
        Optional<Account> account = services.accounts().findByName(appAndAccount.substring(dot + 1));
        if (account.isEmpty()) {
            return notFound();
        }
        Application app;
        try {
            app = services.applications().byName(account.get(), appAndAccount.substring(0, dot));
        } catch (PlatformException e) {
            if (e.kind() == PlatformException.Kind.NOT_FOUND || e.kind() == PlatformException.Kind.INVALID) {
                return notFound();
            }
            throw e;
        }
        return match(account.get(), app, invite.requestUser(), ClientType.SIP, Optional.empty());
    }

    private InboundDecision match(Account account, Application app, String dialed, ClientType type, Optional<Long> trunkId)
            throws PlatformException {
        RuleService.Listing listing = services.rules().list(account, app.id());
        Optional<Rule> rule = listing.table().match(dialed);
        if (rule.isEmpty()) {
            LOG.debug("INVITE for application {}: no rule matches the dialed string", app.id().value());
            return notFound();
        }
        long ruleId = rule.get().id();
        Optional<RoutingRule> stored = listing.list().rules().stream().filter(r -> r.id() == ruleId).findFirst();
        if (stored.isEmpty() || stored.get().scenarioIds().isEmpty()) {
            return notFound();
        }
        MatchedRoute route = new MatchedRoute(account, app, stored.get(), dialed, type, trunkId);
        SessionStarter starter;
        try {
            starter = sessions.starterFor(route);
        } catch (PlatformException e) {
            if (e.kind() == PlatformException.Kind.INVALID || e.kind() == PlatformException.Kind.NOT_FOUND) {
                return notFound(); // the rule's scenarios were deleted since it matched
            }
            throw e;
        }
        return new InboundDecision.Accept(account.id(), app.id(), services.applications().fullName(account, app), dialed,
                trunkId, type, starter);
    }

    /** The number as dialed, or with/without a leading {@code +} (carriers differ). */
    private Optional<PhoneNumber> findNumber(String user) {
        if (user.isEmpty() || user.length() > 32) {
            return Optional.empty();
        }
        Optional<PhoneNumber> n = services.numberStore().findByNumber(user);
        if (n.isEmpty()) {
            n = services.numberStore().findByNumber(user.startsWith("+") ? user.substring(1) : "+" + user);
        }
        return n;
    }

    private static InboundDecision notFound() {
        return new InboundDecision.Reject(404, "Not Found");
    }
}
