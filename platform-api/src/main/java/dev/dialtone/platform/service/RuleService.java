package dev.dialtone.platform.service;

import java.util.List;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.RoutingRule;
import dev.dialtone.platform.model.RuleDraft;
import dev.dialtone.platform.model.RuleList;
import dev.dialtone.platform.model.VersionCheck;
import dev.dialtone.platform.persistence.RuleStore;
import dev.dialtone.routing.Explanation;
import dev.dialtone.routing.RoutingException;
import dev.dialtone.routing.RuleTable;

/** Ordered routing rules of an application: changes, listing with shadowed rules, dry-run. */
public final class RuleService {
    public static final int MAX_NAME = 100;
    public static final int MAX_SCENARIOS_PER_RULE = 50;
    /** Bounds the work of compiling and analysing one application's table (each pattern is bounded on its own). */
    public static final int MAX_RULES_PER_APPLICATION = 1_000;

    private final RuleStore store;
    private final RuleTables tables;
    private final java.util.Map<ApplicationId, Listing> listings = new java.util.concurrent.ConcurrentHashMap<>();

    public RuleService(RuleStore store, RuleTables tables) {
        this.store = store;
        this.tables = tables;
    }

    /** A rule list with its compiled table (for {@link RuleTable#shadowed()}). */
    public record Listing(RuleList list, RuleTable table) {
    }

    /** A dry-run answer. */
    public record DryRun(Listing listing, Explanation explanation) {
    }

    /**
     * The rules in order. A listing is kept per application while its rules version is unchanged
     * (every change bumps it in the same transaction), so a repeated read costs one indexed query.
     */
    public Listing list(Account caller, ApplicationId app) throws PlatformException {
        long version = store.rulesVersion(caller.id(), app).orElseThrow(() -> PlatformException.notFound("application", app));
        Listing cached = listings.get(app);
        if (cached != null && cached.list().version() == version && cached.list().application().accountId().equals(caller.id())) {
            return cached;
        }
        RuleList list = store.list(caller.id(), app).orElseThrow(() -> PlatformException.notFound("application", app));
        Listing fresh = new Listing(list, tables.table(list));
        listings.merge(app, fresh, (old, neu) -> old.list().version() >= neu.list().version() ? old : neu);
        return fresh;
    }

    public RoutingRule get(Account caller, ApplicationId app, long ruleId) throws PlatformException {
        return store.find(caller.id(), ruleId).filter(r -> r.applicationId().equals(app))
                .orElseThrow(() -> PlatformException.notFound("rule", ruleId));
    }

    public RoutingRule create(Account caller, ApplicationId app, RuleDraft draft) throws PlatformException {
        if (draft.name().isEmpty()) {
            throw PlatformException.invalid("name", "name is required");
        }
        if (draft.pattern().isEmpty()) {
            throw PlatformException.invalid("pattern", "pattern is required");
        }
        check(draft);
        if (list(caller, app).list().rules().size() >= MAX_RULES_PER_APPLICATION) {
            throw PlatformException.invalid("pattern", "application " + app + " already has "
                    + MAX_RULES_PER_APPLICATION + " rules, the most one application may have; delete or merge some first");
        }
        return store.create(caller.id(), app, draft);
    }

    public RoutingRule update(Account caller, ApplicationId app, long ruleId, RuleDraft change, Optional<VersionCheck> check)
            throws PlatformException {
        check(change);
        return store.update(caller.id(), app, ruleId, change, check);
    }

    public void delete(Account caller, ApplicationId app, long ruleId, Optional<VersionCheck> check) throws PlatformException {
        store.delete(caller.id(), app, ruleId, check);
    }

    public long reorder(Account caller, ApplicationId app, List<Long> ruleIds, Optional<VersionCheck> check)
            throws PlatformException {
        if (ruleIds.size() > 10_000) {
            throw PlatformException.invalid("rule_ids", "rule_ids is too long");
        }
        return store.reorder(caller.id(), app, ruleIds, check);
    }

    public DryRun explain(Account caller, ApplicationId app, String dialed) throws PlatformException {
        if (dialed == null) {
            throw PlatformException.invalid("dialed", "dialed is required, e.g. ?dialed=%2B4930123456");
        }
        if (dialed.length() > tables.config().maxDialedLength()) {
            throw PlatformException.invalid("dialed", "dialed is " + dialed.length() + " characters long; the limit is "
                    + tables.config().maxDialedLength());
        }
        Listing listing = list(caller, app);
        return new DryRun(listing, listing.table().explain(dialed));
    }

    private void check(RuleDraft draft) throws PlatformException {
        if (draft.name().isPresent()) {
            Names.text("name", draft.name().get(), MAX_NAME);
        }
        try {
            if (draft.pattern().isPresent()) {
                RuleTable.checkPattern("pattern", draft.pattern().get(), tables.config());
            }
            if (draft.excludePattern().isPresent() && !draft.excludePattern().get().isEmpty()) {
                RuleTable.checkPattern("exclude_pattern", draft.excludePattern().get(), tables.config());
            }
        } catch (RoutingException e) {
            throw PlatformException.invalid(e.field(), e.getMessage());
        }
        if (draft.scenarioIds().isPresent() && draft.scenarioIds().get().size() > MAX_SCENARIOS_PER_RULE) {
            throw PlatformException.invalid("scenario_ids", "a rule starts at most " + MAX_SCENARIOS_PER_RULE + " scenarios");
        }
    }
}
