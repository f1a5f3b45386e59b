package dev.dialtone.media.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.dialtone.core.CallEvent;
import dev.dialtone.media.WebRtcFailure;
import dev.dialtone.media.WebRtcListener;

/** Records what a WebRTC endpoint reports, with futures for the transport outcome. */
public final class RecordingWebRtcListener implements WebRtcListener {
    private final List<CallEvent> events = new ArrayList<>();
    private final CompletableFuture<Duration> connected = new CompletableFuture<>();
    private final CompletableFuture<WebRtcFailure> failed = new CompletableFuture<>();
    private int outcomes;

    @Override
    public synchronized void onEvent(CallEvent event) {
        events.add(event);
        notifyAll();
    }

    @Override
    public synchronized void onConnected(Duration sinceCreated) {
        outcomes++;
        connected.complete(sinceCreated);
    }

    @Override
    public synchronized void onFailed(WebRtcFailure failure) {
        outcomes++;
        failed.complete(failure);
    }

    public Duration awaitConnected(Duration timeout) throws Exception {
        return connected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public WebRtcFailure awaitFailed(Duration timeout) throws Exception {
        return failed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean hasFailed() {
        return failed.isDone();
    }

    /** How many transport outcomes (connected + failed) were reported. */
    public synchronized int outcomes() {
        return outcomes;
    }

    public synchronized List<CallEvent> events() {
        return List.copyOf(events);
    }

    /** Waits for the first event of {@code type}. */
    public synchronized <T extends CallEvent> T await(Class<T> type, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (CallEvent e : events) {
                if (type.isInstance(e)) {
                    return type.cast(e);
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new TimeoutException("no " + type.getSimpleName() + " in " + timeout + ": " + events);
            }
            wait(left);
        }
    }
}
