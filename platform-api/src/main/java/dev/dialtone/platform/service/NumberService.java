package dev.dialtone.platform.service;

import java.util.List;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.PhoneNumber;
import dev.dialtone.platform.persistence.PhoneNumberStore;

/** Phone numbers of an account, each bound to one of its applications. */
public final class NumberService {
    private final PhoneNumberStore store;
    private final ApplicationService applications;

    public NumberService(PhoneNumberStore store, ApplicationService applications) {
        this.store = store;
        this.applications = applications;
    }

    public PhoneNumber create(Account caller, String number, ApplicationId app) throws PlatformException {
        Names.phoneNumber("number", number);
        applications.get(caller, app);
        return store.create(caller.id(), number, app);
    }

    public PhoneNumber get(Account caller, long id) throws PlatformException {
        return store.find(caller.id(), id).orElseThrow(() -> PlatformException.notFound("phone number", id));
    }

    public List<PhoneNumber> list(Account caller, Optional<ApplicationId> app) {
        return store.list(caller.id(), app);
    }

    public PhoneNumber bind(Account caller, long id, ApplicationId app) throws PlatformException {
        applications.get(caller, app);
        return store.bind(caller.id(), id, app).orElseThrow(() -> PlatformException.notFound("phone number", id));
    }

    public void delete(Account caller, long id) throws PlatformException {
        if (!store.delete(caller.id(), id)) {
            throw PlatformException.notFound("phone number", id);
        }
    }
}
