package dev.dialtone.media.internal.playback;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads files for playback off the mixer threads: fetch, decode, resample, cache (size-capped LRU
 * keyed by URL); concurrent requests for one URL share the work.
 */
public final class PlaybackService {
    private static final Logger LOG = LoggerFactory.getLogger(PlaybackService.class);
    /** Longest playable file; longer ones are cut. */
    public static final int MAX_SECONDS = 30 * 60;

    private final AudioFetcher fetcher;
    private final SharedLoads<String> loads;

    public PlaybackService(AudioFetcher fetcher, Executor io, long cacheBytes) {
        this.fetcher = fetcher;
        this.loads = new SharedLoads<>(new AudioCache<>(cacheBytes), io, "media engine is shutting down");
    }

    /** Fetches and decodes {@code wav} once from a loopback server of its own: see {@link AudioFetcher#warmUp}. */
    public void warmUp(byte[] wav) throws IOException {
        try {
            fetcher.warmUp(wav);
        } finally {
            AudioDecoding.decode(wav, MAX_SECONDS); // whether or not the fetch could be warmed
        }
    }

    public void close() {
        fetcher.close();
    }

    public CompletableFuture<short[]> load(URI url) {
        return loads.get(url.toString(), key -> {
            long start = System.nanoTime();
            byte[] file = fetcher.fetch(url);
            long fetched = System.nanoTime();
            short[] pcm = AudioDecoding.decode(file, MAX_SECONDS);
            if (LOG.isDebugEnabled()) {
                LOG.debug("playback file of {} bytes fetched in {} ms, decoded in {} ms", file.length,
                        (fetched - start) / 1_000_000, (System.nanoTime() - fetched) / 1_000_000);
            }
            return pcm;
        });
    }
}
