package dev.dialtone.platform.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.ScriptChecker;
import dev.dialtone.core.ScriptChecker.ScriptProblem;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.PlatformException.Kind;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.Scenario;
import dev.dialtone.platform.model.ScenarioVersion;
import dev.dialtone.platform.persistence.ScenarioStore;

/**
 * Scenarios: every upload is syntax-checked (never run) and stored as a new immutable version;
 * one version is active; activation and rollback switch it atomically.
 */
public final class ScenarioService {
    public static final int MAX_NAME = 100;

    private final ScenarioStore store;
    private final ScriptChecker checker;
    private final int maxChars;

    public ScenarioService(ScenarioStore store, ScriptChecker checker, int maxChars) {
        this.store = store;
        this.checker = checker;
        this.maxChars = maxChars;
    }

    public int maxChars() {
        return maxChars;
    }

    public Scenario create(ApplicationId app, String name, String source) throws PlatformException {
        return create(app, name, source, Optional.empty());
    }

    /** @param author who uploads it, as shown to people next to the version (e.g. {@code "ops (API key)"}) */
    public Scenario create(ApplicationId app, String name, String source, Optional<String> author) throws PlatformException {
        Names.text("name", name, MAX_NAME);
        check(name, source);
        Scenario created = store.create(app, name, source, author);
        checker.prepare(name, source);
        return created;
    }

    public Scenario upload(Account caller, long scenarioId, String source, boolean activate) throws PlatformException {
        return upload(caller, scenarioId, source, activate, Optional.empty());
    }

    /** @param author who uploads it, as shown to people next to the version */
    public Scenario upload(Account caller, long scenarioId, String source, boolean activate, Optional<String> author)
            throws PlatformException {
        Scenario scenario = get(caller, scenarioId);
        check(scenario.name(), source);
        Scenario stored = store.addVersion(caller.id(), scenarioId, source, activate, author)
                .orElseThrow(() -> PlatformException.notFound("scenario", scenarioId));
        if (activate) {
            checker.prepare(scenario.name(), source);
        }
        return stored;
    }

    public Scenario activate(Account caller, long scenarioId, int version) throws PlatformException {
        Scenario s = store.activate(caller.id(), scenarioId, version)
                .orElseThrow(() -> PlatformException.notFound("scenario", scenarioId));
        store.version(scenarioId, version).ifPresent(v -> checker.prepare(s.name(), v.source()));
        return s;
    }

    /** Activates the version before the active one. */
    public Scenario rollback(Account caller, long scenarioId) throws PlatformException {
        Scenario s = get(caller, scenarioId);
        if (s.activeVersion() <= 1) {
            throw new PlatformException(Kind.CONFLICT, null, "scenario " + scenarioId + " is at version 1; there is nothing to roll back to");
        }
        return activate(caller, scenarioId, s.activeVersion() - 1);
    }

    public Scenario get(Account caller, long scenarioId) throws PlatformException {
        return store.find(caller.id(), scenarioId).orElseThrow(() -> PlatformException.notFound("scenario", scenarioId));
    }

    public Scenario get(Account caller, ApplicationId app, long scenarioId) throws PlatformException {
        Scenario s = get(caller, scenarioId);
        if (!s.applicationId().equals(app)) {
            throw PlatformException.notFound("scenario", scenarioId);
        }
        return s;
    }

    public Optional<Scenario> byName(ApplicationId app, String name) {
        return store.findByName(app, name);
    }

    public List<Scenario> list(Account caller, Optional<ApplicationId> app, String nameContains, int offset, int limit) {
        return store.list(caller.id(), app, nameContains, offset, limit);
    }

    public int count(Account caller, Optional<ApplicationId> app, String nameContains) {
        return store.count(caller.id(), app, nameContains);
    }

    public List<ScenarioVersion> versions(Account caller, long scenarioId) throws PlatformException {
        get(caller, scenarioId);
        return store.versions(scenarioId);
    }

    public ScenarioVersion version(Account caller, long scenarioId, int version) throws PlatformException {
        get(caller, scenarioId);
        return store.version(scenarioId, version).orElseThrow(() -> new PlatformException(Kind.NOT_FOUND, "version",
                "scenario " + scenarioId + " has no version " + version));
    }

    public ScenarioVersion activeSource(Account caller, long scenarioId) throws PlatformException {
        Scenario s = get(caller, scenarioId);
        return version(caller, scenarioId, s.activeVersion());
    }

    public Scenario rename(Account caller, long scenarioId, String name) throws PlatformException {
        Names.text("name", name, MAX_NAME);
        Scenario renamed = store.rename(caller.id(), scenarioId, name)
                .orElseThrow(() -> PlatformException.notFound("scenario", scenarioId));
        // sessions run it under its new name from now on: have the engine parse it as that
        store.version(scenarioId, renamed.activeVersion()).ifPresent(v -> checker.prepare(renamed.name(), v.source()));
        return renamed;
    }

    public void delete(Account caller, long scenarioId) throws PlatformException {
        if (!store.delete(caller.id(), scenarioId)) {
            throw PlatformException.notFound("scenario", scenarioId);
        }
    }

    private void check(String name, String source) throws PlatformException {
        if (source == null) {
            throw PlatformException.invalid("source", "source is required");
        }
        if (source.length() > maxChars) {
            throw new PlatformException(Kind.TOO_LARGE, "source", "the scenario source is " + source.length()
                    + " characters long; the limit is " + maxChars);
        }
        if (source.indexOf('\0') >= 0) {
            throw PlatformException.invalid("source", "the scenario source contains a NUL character");
        }
        Optional<ScriptProblem> problem;
        try {
            problem = checker.check(name + ".js", source);
        } catch (IllegalStateException e) {
            throw new PlatformException(Kind.UNAVAILABLE, "source", "the scenario could not be syntax-checked right now ("
                    + e.getMessage() + "); try again");
        }
        if (problem.isPresent()) {
            ScriptProblem p = problem.get();
            throw new PlatformException(Kind.INVALID, "source", "syntax error at line " + p.line() + ", column " + p.column()
                    + ": " + p.message(), Map.of("line", p.line(), "column", p.column()));
        }
    }
}
