package dev.dialtone.media.internal.playback;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Least-recently-used cache of decoded 8 kHz audio, capped by total bytes (2 per sample). */
public final class AudioCache<K> {
    private final long capBytes;
    private final LinkedHashMap<K, short[]> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    public AudioCache(long capBytes) {
        this.capBytes = capBytes;
    }

    public synchronized short[] get(K key) {
        return entries.get(key);
    }

    public synchronized void put(K key, short[] pcm) {
        long size = 2L * pcm.length;
        if (size > capBytes) {
            return;
        }
        short[] old = entries.put(key, pcm);
        if (old != null) {
            bytes -= 2L * old.length;
        }
        bytes += size;
        Iterator<Map.Entry<K, short[]>> it = entries.entrySet().iterator();
        while (bytes > capBytes && it.hasNext()) {
            Map.Entry<K, short[]> e = it.next();
            bytes -= 2L * e.getValue().length;
            it.remove();
        }
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized int size() {
        return entries.size();
    }
}
