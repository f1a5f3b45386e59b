package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.APPLICATIONS;
import static dev.dialtone.platform.persistence.jooq.Tables.SCENARIOS;
import static dev.dialtone.platform.persistence.jooq.Tables.SCENARIO_VERSIONS;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Scenario;
import dev.dialtone.platform.model.ScenarioVersion;
import dev.dialtone.platform.persistence.jooq.tables.records.ScenarioVersionsRecord;
import dev.dialtone.platform.persistence.jooq.tables.records.ScenariosRecord;

/**
 * Scenarios and their immutable versions. Every lookup joins the application so that a scenario
 * is only ever found inside its own account.
 */
public final class ScenarioStore {
    private final DSLContext dsl;
    private final Clock clock;

    public ScenarioStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** Creates a scenario whose version 1 holds {@code source} and is active. */
    public Scenario create(ApplicationId app, String name, String source, Optional<String> author) throws PlatformException {
        var now = Sql.now(clock);
        try {
            return dsl.transactionResult(cfg -> {
                DSLContext tx = cfg.dsl();
                ScenariosRecord r = tx.insertInto(SCENARIOS)
                        .set(SCENARIOS.APPLICATION_ID, app.value())
                        .set(SCENARIOS.NAME, name)
                        .set(SCENARIOS.ACTIVE_VERSION, 1)
                        .set(SCENARIOS.LATEST_VERSION, 1)
                        .set(SCENARIOS.CREATED_AT, now)
                        .set(SCENARIOS.MODIFIED_AT, now)
                        .returning().fetchSingle();
                tx.insertInto(SCENARIO_VERSIONS)
                        .set(SCENARIO_VERSIONS.SCENARIO_ID, r.getId())
                        .set(SCENARIO_VERSIONS.VERSION, 1)
                        .set(SCENARIO_VERSIONS.SOURCE, source)
                        .set(SCENARIO_VERSIONS.CREATED_AT, now)
                        .set(SCENARIO_VERSIONS.CREATED_BY, author.orElse(null))
                        .execute();
                return toScenario(r);
            });
        } catch (DataAccessException e) {
            throw Sql.conflictOrThrow(e, "name", "a scenario named '" + name + "' already exists in this application");
        }
    }

    /** Stores {@code source} as the next version; activates it if asked. Empty if the scenario is not in the account. */
    public Optional<Scenario> addVersion(AccountId account, long scenarioId, String source, boolean activate,
                                         Optional<String> author) {
        var now = Sql.now(clock);
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            Optional<ScenariosRecord> locked = tx.select(SCENARIOS.fields()).from(SCENARIOS)
                    .join(APPLICATIONS).on(APPLICATIONS.ID.eq(SCENARIOS.APPLICATION_ID))
                    .where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), SCENARIOS.ID.eq(scenarioId))
                    .forUpdate().of(SCENARIOS)
                    .fetchOptionalInto(SCENARIOS);
            if (locked.isEmpty()) {
                return Optional.<Scenario>empty();
            }
            ScenariosRecord r = locked.get();
            int next = r.getLatestVersion() + 1;
            tx.insertInto(SCENARIO_VERSIONS)
                    .set(SCENARIO_VERSIONS.SCENARIO_ID, scenarioId)
                    .set(SCENARIO_VERSIONS.VERSION, next)
                    .set(SCENARIO_VERSIONS.SOURCE, source)
                    .set(SCENARIO_VERSIONS.CREATED_AT, now)
                    .set(SCENARIO_VERSIONS.CREATED_BY, author.orElse(null))
                    .execute();
            return tx.update(SCENARIOS)
                    .set(SCENARIOS.LATEST_VERSION, next)
                    .set(SCENARIOS.ACTIVE_VERSION, activate ? next : r.getActiveVersion())
                    .set(SCENARIOS.MODIFIED_AT, now)
                    .where(SCENARIOS.ID.eq(scenarioId))
                    .returning().fetchOptional().map(ScenarioStore::toScenario);
        });
    }

    /**
     * Makes {@code version} the active one in one statement (atomic for every reader).
     *
     * @return empty if the scenario is not in the account
     * @throws PlatformException NOT_FOUND if the version does not exist
     */
    public Optional<Scenario> activate(AccountId account, long scenarioId, int version) throws PlatformException {
        Optional<Scenario> scenario = find(account, scenarioId);
        if (scenario.isEmpty()) {
            return scenario;
        }
        int updated = dsl.update(SCENARIOS)
                .set(SCENARIOS.ACTIVE_VERSION, version)
                .set(SCENARIOS.MODIFIED_AT, Sql.now(clock))
                .where(SCENARIOS.ID.eq(scenarioId))
                .andExists(dsl.selectOne().from(SCENARIO_VERSIONS)
                        .where(SCENARIO_VERSIONS.SCENARIO_ID.eq(scenarioId), SCENARIO_VERSIONS.VERSION.eq(version)))
                .execute();
        if (updated == 0) {
            throw new PlatformException(PlatformException.Kind.NOT_FOUND, "version",
                    "scenario " + scenarioId + " has no version " + version);
        }
        return find(account, scenarioId);
    }

    public Optional<Scenario> find(AccountId account, long scenarioId) {
        return dsl.select(SCENARIOS.fields()).from(SCENARIOS)
                .join(APPLICATIONS).on(APPLICATIONS.ID.eq(SCENARIOS.APPLICATION_ID))
                .where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), SCENARIOS.ID.eq(scenarioId))
                .fetchOptionalInto(SCENARIOS).map(ScenarioStore::toScenario);
    }

    public Optional<Scenario> findByName(ApplicationId app, String name) {
        return dsl.selectFrom(SCENARIOS).where(SCENARIOS.APPLICATION_ID.eq(app.value()), SCENARIOS.NAME.eq(name))
                .fetchOptional().map(ScenarioStore::toScenario);
    }

    /** Scenarios of one application, or of every application of the account when {@code app} is empty. */
    public List<Scenario> list(AccountId account, Optional<ApplicationId> app, String nameContains, int offset, int limit) {
        return dsl.select(SCENARIOS.fields()).from(SCENARIOS)
                .join(APPLICATIONS).on(APPLICATIONS.ID.eq(SCENARIOS.APPLICATION_ID))
                .where(filter(account, app, nameContains))
                .orderBy(SCENARIOS.ID).offset(offset).limit(limit)
                .fetchInto(SCENARIOS).map(ScenarioStore::toScenario);
    }

    public int count(AccountId account, Optional<ApplicationId> app, String nameContains) {
        return dsl.fetchCount(dsl.select(SCENARIOS.ID).from(SCENARIOS)
                .join(APPLICATIONS).on(APPLICATIONS.ID.eq(SCENARIOS.APPLICATION_ID))
                .where(filter(account, app, nameContains)));
    }

    private static Condition filter(AccountId account, Optional<ApplicationId> app, String nameContains) {
        Condition c = APPLICATIONS.ACCOUNT_ID.eq(account.value());
        if (app.isPresent()) {
            c = c.and(SCENARIOS.APPLICATION_ID.eq(app.get().value()));
        }
        return nameContains.isEmpty() ? c : c.and(SCENARIOS.NAME.containsIgnoreCase(nameContains));
    }

    public List<ScenarioVersion> versions(long scenarioId) {
        return dsl.selectFrom(SCENARIO_VERSIONS).where(SCENARIO_VERSIONS.SCENARIO_ID.eq(scenarioId))
                .orderBy(SCENARIO_VERSIONS.VERSION)
                .fetch(ScenarioStore::toVersion);
    }

    /** A scenario's active version: what a session of it runs. */
    public record ActiveSource(long scenarioId, String name, int version, String source) {
    }

    /**
     * The active versions of those of {@code scenarioIds} that are the account's, by scenario id, in one read (a
     * consistent view: a version activated meanwhile is seen with its own source or not at all).
     */
    public java.util.Map<Long, ActiveSource> activeSources(AccountId account, java.util.Collection<Long> scenarioIds) {
        if (scenarioIds.isEmpty()) {
            return java.util.Map.of();
        }
        return dsl.select(SCENARIOS.ID, SCENARIOS.NAME, SCENARIOS.ACTIVE_VERSION, SCENARIO_VERSIONS.SOURCE)
                .from(SCENARIOS)
                .join(APPLICATIONS).on(APPLICATIONS.ID.eq(SCENARIOS.APPLICATION_ID))
                .join(SCENARIO_VERSIONS)
                .on(SCENARIO_VERSIONS.SCENARIO_ID.eq(SCENARIOS.ID), SCENARIO_VERSIONS.VERSION.eq(SCENARIOS.ACTIVE_VERSION))
                .where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), SCENARIOS.ID.in(scenarioIds))
                .fetchMap(r -> r.value1(), r -> new ActiveSource(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** The active versions of the {@code limit} scenarios changed last, newest first, as (name, source). */
    public List<java.util.Map.Entry<String, String>> recentlyActive(int limit) {
        return dsl.select(SCENARIOS.NAME, SCENARIO_VERSIONS.SOURCE)
                .from(SCENARIOS).join(SCENARIO_VERSIONS)
                .on(SCENARIO_VERSIONS.SCENARIO_ID.eq(SCENARIOS.ID), SCENARIO_VERSIONS.VERSION.eq(SCENARIOS.ACTIVE_VERSION))
                .orderBy(SCENARIOS.MODIFIED_AT.desc(), SCENARIOS.ID.desc())
                .limit(limit)
                .fetch(r -> java.util.Map.entry(r.value1(), r.value2()));
    }

    public Optional<ScenarioVersion> version(long scenarioId, int version) {
        return dsl.selectFrom(SCENARIO_VERSIONS)
                .where(SCENARIO_VERSIONS.SCENARIO_ID.eq(scenarioId), SCENARIO_VERSIONS.VERSION.eq(version))
                .fetchOptional(ScenarioStore::toVersion);
    }

    public Optional<Scenario> rename(AccountId account, long scenarioId, String name) throws PlatformException {
        if (find(account, scenarioId).isEmpty()) {
            return Optional.empty();
        }
        try {
            return dsl.update(SCENARIOS).set(SCENARIOS.NAME, name).set(SCENARIOS.MODIFIED_AT, Sql.now(clock))
                    .where(SCENARIOS.ID.eq(scenarioId)).returning().fetchOptional().map(ScenarioStore::toScenario);
        } catch (DataAccessException e) {
            throw Sql.conflictOrThrow(e, "name", "a scenario named '" + name + "' already exists in this application");
        }
    }

    public boolean delete(AccountId account, long scenarioId) {
        return find(account, scenarioId).isPresent()
                && dsl.deleteFrom(SCENARIOS).where(SCENARIOS.ID.eq(scenarioId)).execute() > 0;
    }

    private static ScenarioVersion toVersion(ScenarioVersionsRecord r) {
        return new ScenarioVersion(r.getScenarioId(), r.getVersion(), r.getSource(), r.getCreatedAt().toInstant(),
                Optional.ofNullable(r.getCreatedBy()));
    }

    static Scenario toScenario(ScenariosRecord r) {
        return new Scenario(r.getId(), new ApplicationId(r.getApplicationId()), r.getName(), r.getActiveVersion(),
                r.getLatestVersion(), r.getCreatedAt().toInstant(), r.getModifiedAt().toInstant());
    }
}
