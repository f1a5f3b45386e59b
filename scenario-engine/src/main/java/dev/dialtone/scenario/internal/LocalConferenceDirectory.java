package dev.dialtone.scenario.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import dev.dialtone.core.SessionId;
import dev.dialtone.scenario.ConferenceDirectory;

/** The single-node conference directory: a concurrent map, so that concurrent first claims make one owner. */
public final class LocalConferenceDirectory implements ConferenceDirectory {
    private final ConcurrentHashMap<Key, SessionId> owners = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<SessionId> claim(Key key, SessionId candidate) {
        SessionId existing = owners.putIfAbsent(key, candidate);
        return CompletableFuture.completedFuture(existing == null ? candidate : existing);
    }

    @Override
    public void release(Key key, SessionId owner) {
        owners.remove(key, owner);
    }
}
