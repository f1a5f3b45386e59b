package dev.dialtone.scenario;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.SessionId;
import dev.dialtone.scenario.internal.LocalConferenceDirectory;

/**
 * Who owns a conference name. Exactly one session owns a name at a time: the first
 * {@code callConference} to a name starts the owning session, later ones join it, and concurrent
 * first calls still make one. The engine releases the name when the owner ends. The node uses
 * {@link #inMemory()}; a cluster backs it with a Hazelcast map (putIfAbsent / remove(key, value)).
 */
public interface ConferenceDirectory {
    /** Names are scoped by application: two applications may both use {@code conf_42}. */
    record Key(AccountId account, ApplicationId application, String name) {
        public Key {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(application, "application");
            Objects.requireNonNull(name, "name");
        }
    }

    /** Makes {@code candidate} the owner if nobody owns {@code key}; completes with the owner either way. */
    CompletionStage<SessionId> claim(Key key, SessionId candidate);

    /** Releases {@code key} if {@code owner} still owns it. */
    void release(Key key, SessionId owner);

    static ConferenceDirectory inMemory() {
        return new LocalConferenceDirectory();
    }
}
