package dev.dialtone.media.internal.playback;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Audio made once per key, off the caller's thread: a cached result at once; otherwise one load per key runs on
 * the executor and every caller asking for that key meanwhile shares it. What a load returns is cached.
 */
public final class SharedLoads<K> {
    /** Makes the audio for one key; runs on the executor. */
    @FunctionalInterface
    public interface Loader<K> {
        short[] load(K key) throws IOException;
    }

    private final AudioCache<K> cache;
    private final Executor executor;
    private final String whenRefused;
    private final ConcurrentHashMap<K, CompletableFuture<short[]>> inFlight = new ConcurrentHashMap<>();

    /** @param whenRefused the failure's message when the executor takes no more work */
    public SharedLoads(AudioCache<K> cache, Executor executor, String whenRefused) {
        this.cache = cache;
        this.executor = executor;
        this.whenRefused = whenRefused;
    }

    public CompletableFuture<short[]> get(K key, Loader<K> loader) {
        short[] cached = cache.get(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        CompletableFuture<short[]> mine = new CompletableFuture<>();
        CompletableFuture<short[]> existing = inFlight.putIfAbsent(key, mine);
        if (existing != null) {
            return existing;
        }
        try {
            executor.execute(() -> {
                // Out of the in-flight map before completing: a caller that sees the load finished finds the
                // cached audio, or after a failure starts a new load, never the failed one.
                short[] pcm;
                try {
                    pcm = loader.load(key);
                } catch (IOException | RuntimeException e) {
                    inFlight.remove(key, mine);
                    mine.completeExceptionally(e);
                    return;
                } catch (Error e) {
                    inFlight.remove(key, mine);
                    mine.completeExceptionally(e);
                    throw e;
                }
                cache.put(key, pcm);
                inFlight.remove(key, mine);
                mine.complete(pcm);
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(new IOException(whenRefused));
        }
        return mine;
    }
}
