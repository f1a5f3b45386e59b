package dev.dialtone.platform.sessions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.SessionId;
import dev.dialtone.scenario.ConferenceDirectory;

/**
 * A {@link ConferenceDirectory} that remembers who owns which conference name, for the live view.
 * Single node: it wraps {@link ConferenceDirectory#inMemory()}; a cluster would wrap a Hazelcast-backed one.
 */
public final class TrackedConferences implements ConferenceDirectory {
    private final ConferenceDirectory delegate;
    private final Map<Key, SessionId> owners = new ConcurrentHashMap<>();

    public TrackedConferences(ConferenceDirectory delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<SessionId> claim(Key key, SessionId candidate) {
        return delegate.claim(key, candidate).whenComplete((owner, failure) -> {
            if (failure == null && owner != null) {
                owners.put(key, owner);
            }
        });
    }

    @Override
    public void release(Key key, SessionId owner) {
        delegate.release(key, owner);
        owners.remove(key, owner);
    }

    /** The conference names of an account's applications with their owning sessions. */
    public List<Map.Entry<Key, SessionId>> owned(AccountId account) {
        return owners.entrySet().stream().filter(e -> e.getKey().account().equals(account))
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
}
