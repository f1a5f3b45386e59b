package dev.dialtone.pstn.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;

import dev.dialtone.pstn.CallRecord;
import dev.dialtone.pstn.CallRecordSink;

/** Keeps the call records a connector writes, for assertions. */
public final class RecordingSink implements CallRecordSink {
    private final List<CallRecord> opened = new ArrayList<>();
    private final List<CallRecord> finished = new ArrayList<>();

    @Override
    public synchronized void begin(CallRecord open) {
        opened.add(open);
    }

    @Override
    public synchronized CompletionStage<Void> finish(CallRecord done) {
        finished.add(done);
        return CompletableFuture.completedFuture(null);
    }

    public synchronized List<CallRecord> opened() {
        return List.copyOf(opened);
    }

    public synchronized List<CallRecord> finished() {
        return List.copyOf(finished);
    }

    /** Waits until {@code n} records are finished (or the timeout passes) and returns them. */
    public List<CallRecord> awaitFinished(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (finished.size() >= n) {
                    return List.copyOf(finished);
                }
            }
            LockSupport.parkNanos(5_000_000);
        }
        return finished();
    }
}
