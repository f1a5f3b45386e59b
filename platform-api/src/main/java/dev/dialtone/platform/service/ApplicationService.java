package dev.dialtone.platform.service;

import java.util.List;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.persistence.ApplicationStore;

/** Applications of the caller's account. */
public final class ApplicationService {
    private final ApplicationStore store;
    private final String appDomain;
    private final RuleTables ruleTables;

    public ApplicationService(ApplicationStore store, String appDomain, RuleTables ruleTables) {
        this.store = store;
        this.appDomain = appDomain;
        this.ruleTables = ruleTables;
    }

    public Application create(Account caller, String name, boolean secureRecordStorage) throws PlatformException {
        return store.create(caller.id(), Names.applicationName("name", shortName(caller, name)), secureRecordStorage);
    }

    public Application get(Account caller, ApplicationId id) throws PlatformException {
        return store.find(caller.id(), id).orElseThrow(() -> PlatformException.notFound("application", id));
    }

    /** By short name ({@code myapp}) or full name ({@code myapp.account.domain}). */
    public Application byName(Account caller, String name) throws PlatformException {
        return store.findByName(caller.id(), shortName(caller, name))
                .orElseThrow(() -> new PlatformException(PlatformException.Kind.NOT_FOUND, "application_name",
                        "no application named " + Names.quote(name) + " in this account"));
    }

    public List<Application> list(Account caller, String nameContains, int offset, int limit) {
        return store.list(caller.id(), shortName(caller, nameContains), offset, limit);
    }

    public int count(Account caller, String nameContains) {
        return store.count(caller.id(), shortName(caller, nameContains));
    }

    public Application update(Account caller, ApplicationId id, Optional<String> name, Optional<Boolean> secure)
            throws PlatformException {
        Optional<String> checked = name.isPresent()
                ? Optional.of(Names.applicationName("name", shortName(caller, name.get()))) : Optional.empty();
        return store.update(caller.id(), id, checked, secure).orElseThrow(() -> PlatformException.notFound("application", id));
    }

    public void delete(Account caller, ApplicationId id) throws PlatformException {
        if (!store.delete(caller.id(), id)) {
            throw PlatformException.notFound("application", id);
        }
        ruleTables.forget(id);
    }

    /** {@code app.account.domain}: the original platform's full application name. */
    public String fullName(Account owner, Application app) {
        return app.name() + "." + owner.name() + "." + appDomain;
    }

    private String shortName(Account caller, String name) {
        String suffix = "." + caller.name() + "." + appDomain;
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }
}
