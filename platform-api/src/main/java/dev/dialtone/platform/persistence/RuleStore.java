package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.APPLICATIONS;
import static dev.dialtone.platform.persistence.jooq.Tables.RULES;
import static dev.dialtone.platform.persistence.jooq.Tables.RULE_SCENARIOS;
import static dev.dialtone.platform.persistence.jooq.Tables.SCENARIOS;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.RoutingRule;
import dev.dialtone.platform.model.RuleDraft;
import dev.dialtone.platform.model.RuleList;
import dev.dialtone.platform.model.VersionCheck;
import dev.dialtone.platform.persistence.jooq.tables.records.ApplicationsRecord;
import dev.dialtone.platform.persistence.jooq.tables.records.RulesRecord;

/**
 * An application's ordered rules. Every change locks the application row, so changes to one
 * application's rules are serialised, and bumps the application's rules version, which guards
 * reorders against lost updates.
 */
public final class RuleStore {
    private final DSLContext dsl;
    private final Clock clock;

    public RuleStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** The rules in order with the version of that order, read in one snapshot. Empty if the application is not in the account. */
    public Optional<RuleList> list(AccountId account, ApplicationId app) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.execute("set transaction isolation level repeatable read, read only");
            Optional<ApplicationsRecord> a = tx.selectFrom(APPLICATIONS)
                    .where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), APPLICATIONS.ID.eq(app.value())).fetchOptional();
            if (a.isEmpty()) {
                return Optional.<RuleList>empty();
            }
            return Optional.of(new RuleList(ApplicationStore.toApplication(a.get()), a.get().getRulesVersion(), read(tx, app)));
        });
    }

    /** The current rules version of an application in the account: one indexed read, for cache checks. */
    public Optional<Long> rulesVersion(AccountId account, ApplicationId app) {
        return dsl.select(APPLICATIONS.RULES_VERSION).from(APPLICATIONS)
                .where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), APPLICATIONS.ID.eq(app.value()))
                .fetchOptional(APPLICATIONS.RULES_VERSION);
    }

    public Optional<RoutingRule> find(AccountId account, long ruleId) {
        Optional<RulesRecord> r = dsl.select(RULES.fields()).from(RULES)
                .join(APPLICATIONS).on(APPLICATIONS.ID.eq(RULES.APPLICATION_ID))
                .where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), RULES.ID.eq(ruleId))
                .fetchOptionalInto(RULES);
        return r.map(rec -> toRule(rec, bindings(dsl, List.of(rec.getId())).getOrDefault(rec.getId(), List.of())));
    }

    public RoutingRule create(AccountId account, ApplicationId app, RuleDraft draft) throws PlatformException {
        return inLockedApplication(account, app, (tx, a) -> {
            List<Long> order = tx.select(RULES.ID).from(RULES).where(RULES.APPLICATION_ID.eq(app.value()))
                    .orderBy(RULES.POSITION, RULES.ID).fetch(RULES.ID);
            int position = draft.position().orElse(order.size());
            if (position < 0 || position > order.size()) {
                throw PlatformException.invalid("position", "position must be 0.." + order.size() + " (the application has "
                        + order.size() + " rules)");
            }
            List<Long> scenarios = draft.scenarioIds().orElse(List.of());
            checkScenarios(tx, app, scenarios);
            var now = Sql.now(clock);
            RulesRecord r;
            try {
                r = tx.insertInto(RULES)
                        .set(RULES.APPLICATION_ID, app.value())
                        .set(RULES.NAME, draft.name().orElseThrow())
                        .set(RULES.PATTERN, draft.pattern().orElseThrow())
                        .set(RULES.EXCLUDE_PATTERN, draft.excludePattern().orElse(""))
                        .set(RULES.POSITION, position)
                        .set(RULES.VIDEO_CONFERENCE, draft.videoConference().orElse(false))
                        .set(RULES.CREATED_AT, now)
                        .set(RULES.MODIFIED_AT, now)
                        .returning().fetchSingle();
            } catch (DataAccessException e) {
                throw Sql.conflictOrThrow(e, "name", "a rule named '" + draft.name().orElseThrow()
                        + "' already exists in this application");
            }
            List<Long> newOrder = new ArrayList<>(order);
            newOrder.add(position, r.getId());
            writeOrder(tx, newOrder);
            writeBindings(tx, r.getId(), scenarios);
            ApplicationStore.bumpRulesVersion(tx, a, clock);
            return reread(tx, r.getId());
        });
    }

    public RoutingRule update(AccountId account, ApplicationId app, long ruleId, RuleDraft change, Optional<VersionCheck> check)
            throws PlatformException {
        return inLockedApplication(account, app, (tx, a) -> {
            RulesRecord r = tx.selectFrom(RULES).where(RULES.ID.eq(ruleId), RULES.APPLICATION_ID.eq(app.value())).fetchOptional()
                    .orElseThrow(() -> PlatformException.notFound("rule", ruleId));
            if (check.isPresent() && !check.get().matches(r.getVersion())) {
                throw check.get().stale("rule " + ruleId, r.getVersion());
            }
            change.name().ifPresent(r::setName);
            change.pattern().ifPresent(r::setPattern);
            change.excludePattern().ifPresent(r::setExcludePattern);
            change.videoConference().ifPresent(r::setVideoConference);
            r.setVersion(r.getVersion() + 1);
            r.setModifiedAt(Sql.now(clock));
            try {
                r.update();
            } catch (DataAccessException e) {
                throw Sql.conflictOrThrow(e, "name", "a rule named '" + r.getName() + "' already exists in this application");
            }
            if (change.scenarioIds().isPresent()) {
                checkScenarios(tx, app, change.scenarioIds().get());
                tx.deleteFrom(RULE_SCENARIOS).where(RULE_SCENARIOS.RULE_ID.eq(ruleId)).execute();
                writeBindings(tx, ruleId, change.scenarioIds().get());
            }
            if (change.position().isPresent()) {
                List<Long> order = new ArrayList<>(tx.select(RULES.ID).from(RULES).where(RULES.APPLICATION_ID.eq(app.value()))
                        .orderBy(RULES.POSITION, RULES.ID).fetch(RULES.ID));
                int position = change.position().get();
                if (position < 0 || position >= order.size()) {
                    throw PlatformException.invalid("position", "position must be 0.." + (order.size() - 1));
                }
                order.remove(ruleId);
                order.add(position, ruleId);
                writeOrder(tx, order);
            }
            ApplicationStore.bumpRulesVersion(tx, a, clock);
            return reread(tx, ruleId);
        });
    }

    public void delete(AccountId account, ApplicationId app, long ruleId, Optional<VersionCheck> check) throws PlatformException {
        inLockedApplication(account, app, (tx, a) -> {
            RulesRecord r = tx.selectFrom(RULES).where(RULES.ID.eq(ruleId), RULES.APPLICATION_ID.eq(app.value())).fetchOptional()
                    .orElseThrow(() -> PlatformException.notFound("rule", ruleId));
            if (check.isPresent() && !check.get().matches(r.getVersion())) {
                throw check.get().stale("rule " + ruleId, r.getVersion());
            }
            r.delete();
            writeOrder(tx, tx.select(RULES.ID).from(RULES).where(RULES.APPLICATION_ID.eq(app.value()))
                    .orderBy(RULES.POSITION, RULES.ID).fetch(RULES.ID));
            ApplicationStore.bumpRulesVersion(tx, a, clock);
            return null;
        });
    }

    /**
     * Puts the rules in the given order. {@code ruleIds} must name every rule of the application
     * exactly once. With a check, a rules version other than the expected one is refused.
     *
     * @return the new rules version
     */
    public long reorder(AccountId account, ApplicationId app, List<Long> ruleIds, Optional<VersionCheck> check)
            throws PlatformException {
        return inLockedApplication(account, app, (tx, a) -> {
            if (check.isPresent() && !check.get().matches(a.getRulesVersion())) {
                throw check.get().stale("the rule order of application " + app, a.getRulesVersion());
            }
            Set<Long> current = new HashSet<>(tx.select(RULES.ID).from(RULES).where(RULES.APPLICATION_ID.eq(app.value()))
                    .fetch(RULES.ID));
            Set<Long> given = new HashSet<>(ruleIds);
            if (given.size() != ruleIds.size()) {
                throw PlatformException.invalid("rule_ids", "rule_ids names a rule twice");
            }
            if (!given.equals(current)) {
                Set<Long> unknown = new HashSet<>(given);
                unknown.removeAll(current);
                Set<Long> missing = new HashSet<>(current);
                missing.removeAll(given);
                throw PlatformException.invalid("rule_ids", "rule_ids must list every rule of the application exactly once"
                        + (unknown.isEmpty() ? "" : "; not rules of this application: " + unknown)
                        + (missing.isEmpty() ? "" : "; missing: " + missing));
            }
            writeOrder(tx, ruleIds);
            return ApplicationStore.bumpRulesVersion(tx, a, clock);
        });
    }

    @FunctionalInterface
    private interface LockedWork<T> {
        T run(DSLContext tx, ApplicationsRecord app) throws PlatformException;
    }

    private <T> T inLockedApplication(AccountId account, ApplicationId app, LockedWork<T> work) throws PlatformException {
        try {
            return dsl.transactionResult(cfg -> {
                DSLContext tx = cfg.dsl();
                ApplicationsRecord a = ApplicationStore.lock(tx, account, app)
                        .orElseThrow(() -> PlatformException.notFound("application", app));
                return work.run(tx, a);
            });
        } catch (RuntimeException e) {
            if (e.getCause() instanceof PlatformException p) {
                throw p;
            }
            throw e;
        }
    }

    private static void checkScenarios(DSLContext tx, ApplicationId app, List<Long> scenarioIds) throws PlatformException {
        if (scenarioIds.isEmpty()) {
            return;
        }
        Set<Long> found = new HashSet<>(tx.select(SCENARIOS.ID).from(SCENARIOS)
                .where(SCENARIOS.APPLICATION_ID.eq(app.value()), SCENARIOS.ID.in(scenarioIds)).fetch(SCENARIOS.ID));
        for (Long id : scenarioIds) {
            if (!found.contains(id)) {
                throw new PlatformException(PlatformException.Kind.INVALID, "scenario_ids",
                        "no scenario with id " + id + " in application " + app);
            }
        }
    }

    private static void writeOrder(DSLContext tx, List<Long> ids) {
        var batch = new ArrayList<org.jooq.Query>();
        for (int i = 0; i < ids.size(); i++) {
            batch.add(tx.update(RULES).set(RULES.POSITION, i).where(RULES.ID.eq(ids.get(i))));
        }
        tx.batch(batch).execute();
    }

    private static void writeBindings(DSLContext tx, long ruleId, List<Long> scenarioIds) {
        for (int i = 0; i < scenarioIds.size(); i++) {
            tx.insertInto(RULE_SCENARIOS).set(RULE_SCENARIOS.RULE_ID, ruleId).set(RULE_SCENARIOS.POSITION, i)
                    .set(RULE_SCENARIOS.SCENARIO_ID, scenarioIds.get(i)).execute();
        }
    }

    private static RoutingRule reread(DSLContext tx, long ruleId) {
        RulesRecord r = tx.selectFrom(RULES).where(RULES.ID.eq(ruleId)).fetchSingle();
        return toRule(r, bindings(tx, List.of(ruleId)).getOrDefault(ruleId, List.of()));
    }

    private static List<RoutingRule> read(DSLContext tx, ApplicationId app) {
        List<RulesRecord> rules = tx.selectFrom(RULES).where(RULES.APPLICATION_ID.eq(app.value()))
                .orderBy(RULES.POSITION, RULES.ID).fetch();
        Map<Long, List<Long>> bound = bindings(tx, rules.stream().map(RulesRecord::getId).toList());
        return rules.stream().map(r -> toRule(r, bound.getOrDefault(r.getId(), List.of()))).toList();
    }

    private static Map<Long, List<Long>> bindings(DSLContext tx, List<Long> ruleIds) {
        Map<Long, List<Long>> out = new LinkedHashMap<>();
        if (ruleIds.isEmpty()) {
            return out;
        }
        tx.selectFrom(RULE_SCENARIOS).where(RULE_SCENARIOS.RULE_ID.in(ruleIds))
                .orderBy(RULE_SCENARIOS.RULE_ID, RULE_SCENARIOS.POSITION)
                .forEach(b -> out.computeIfAbsent(b.getRuleId(), k -> new ArrayList<>()).add(b.getScenarioId()));
        return out;
    }

    private static RoutingRule toRule(RulesRecord r, List<Long> scenarios) {
        return new RoutingRule(r.getId(), new ApplicationId(r.getApplicationId()), r.getName(), r.getPattern(),
                r.getExcludePattern(), r.getPosition(), r.getVideoConference(), scenarios, r.getVersion(),
                r.getCreatedAt().toInstant(), r.getModifiedAt().toInstant());
    }
}
