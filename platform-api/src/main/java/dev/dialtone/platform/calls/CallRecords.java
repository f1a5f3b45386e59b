package dev.dialtone.platform.calls;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.Scheduler;
import dev.dialtone.platform.persistence.CallRecordStore;
import dev.dialtone.pstn.CallRecord;
import dev.dialtone.pstn.CallRecordSink;

/**
 * The node's call records in PostgreSQL (the {@link CallRecordSink} of the SIP connector and of the
 * web SDK gateway).
 *
 * <ul>
 *   <li>{@link #begin} queues the open record (best effort: dropped when the queue is half full, so
 *       that finished records always have room).</li>
 *   <li>{@link #finish} writes the finished record and completes its stage only after the
 *       transaction committed; the connector answers the far end's BYE after that. It is
 *       idempotent per leg: a second finish of the same leg changes nothing. When the queue is full
 *       the caller's thread writes it (a record is never dropped for lack of room).</li>
 *   <li>{@link #start} first closes the records this node left open when it last stopped without
 *       ending its calls (killed, crashed): their end is the last time the node saw them alive, which
 *       a heartbeat records every {@link #HEARTBEAT}, and their reason {@code node-stopped}.</li>
 * </ul>
 * No outbox is needed: the record is the commit the BYE waits for.
 */
public final class CallRecords implements CallRecordSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecords.class);
    public static final int DEFAULT_WRITERS = 2;
    public static final int DEFAULT_QUEUE = 10_000;
    public static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final CallRecordStore store;
    private final String nodeId;
    private final Scheduler scheduler;
    private final ThreadPoolExecutor writers;
    private final int queueSize;
    private final AtomicLong beginsDropped = new AtomicLong();
    private volatile Scheduler.Cancellable heartbeat;
    private volatile boolean closed;

    private CallRecords(CallRecordStore store, String nodeId, Scheduler scheduler, int writerThreads, int queueSize) {
        this.store = store;
        this.nodeId = nodeId;
        this.scheduler = scheduler;
        this.queueSize = queueSize;
        this.writers = new ThreadPoolExecutor(writerThreads, writerThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueSize), Thread.ofPlatform().name("call-records-", 0).daemon(true).factory(),
                new ThreadPoolExecutor.CallerRunsPolicy());
        writers.allowCoreThreadTimeOut(true);
    }

    /**
     * Closes what this node left open, then starts taking records.
     *
     * @param nodeId this node's stable id ({@link NodeIdentity}); records are closed per node, so a
     *               starting node never closes the live calls of another node of the cluster
     */
    public static CallRecords start(CallRecordStore store, String nodeId, Scheduler scheduler, int writerThreads, int queueSize) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(scheduler, "scheduler");
        if (writerThreads < 1 || writerThreads > 64) {
            throw new IllegalArgumentException("call record writers must be 1..64: " + writerThreads);
        }
        if (queueSize < 16 || queueSize > 1_000_000) {
            throw new IllegalArgumentException("call record queue must be 16..1000000: " + queueSize);
        }
        int closedCount = store.closeOpen(nodeId);
        if (closedCount > 0) {
            LOG.warn("closed {} call records this node ({}) left open when it last stopped (reason node-stopped)", closedCount,
                    nodeId);
        }
        CallRecords records = new CallRecords(store, nodeId, scheduler, writerThreads, queueSize);
        records.scheduleHeartbeat();
        return records;
    }

    public static CallRecords start(CallRecordStore store, String nodeId, Scheduler scheduler) {
        return start(store, nodeId, scheduler, DEFAULT_WRITERS, DEFAULT_QUEUE);
    }

    @Override
    public void begin(CallRecord open) {
        Objects.requireNonNull(open, "open");
        if (closed || writers.getQueue().remainingCapacity() < queueSize / 2) {
            long n = beginsDropped.incrementAndGet();
            if (n == 1 || n % 1_000 == 0) {
                LOG.warn("open call records dropped: {} so far (the writers are behind); finished records are still written", n);
            }
            return;
        }
        try {
            writers.execute(() -> {
                try {
                    store.insertOpen(nodeId, open);
                } catch (RuntimeException e) {
                    LOG.warn("call {} (application {}): the open call record was not stored: {}", open.legId(),
                            open.application().value(), e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            beginsDropped.incrementAndGet();
        }
    }

    @Override
    public CompletionStage<Void> finish(CallRecord finished) {
        Objects.requireNonNull(finished, "finished");
        if (!finished.finished()) {
            throw new IllegalArgumentException("finish needs an ended record: " + finished.legId());
        }
        CompletableFuture<Void> stored = new CompletableFuture<>();
        Runnable write = () -> {
            try {
                if (!store.finish(nodeId, finished)) {
                    LOG.debug("call {}: already finished; the first record is kept", finished.legId());
                }
                stored.complete(null);
            } catch (RuntimeException e) {
                LOG.error("call {} (application {}, session {}): the call record could not be stored", finished.legId(),
                        finished.application().value(), finished.session().map(Object::toString).orElse("none"), e);
                stored.completeExceptionally(e);
            }
        };
        try {
            writers.execute(write);
        } catch (RejectedExecutionException e) {
            write.run(); // shut down: write on the caller's thread rather than lose the record
        }
        return stored;
    }

    /** Open records dropped since start because the writers were behind. */
    public long beginsDropped() {
        return beginsDropped.get();
    }

    private void scheduleHeartbeat() {
        if (closed) {
            return;
        }
        heartbeat = scheduler.schedule(HEARTBEAT, () -> {
            try {
                writers.execute(() -> {
                    try {
                        store.touchOpen(nodeId, scheduler.clock().instant());
                    } catch (RuntimeException e) {
                        LOG.warn("call record heartbeat failed: {}", e.toString());
                    }
                });
            } catch (RejectedExecutionException e) {
                return;
            }
            scheduleHeartbeat();
        });
    }

    /** Stops the heartbeat and writes what is queued (waits up to 10 s). */
    @Override
    public void close() {
        closed = true;
        Scheduler.Cancellable h = heartbeat;
        if (h != null) {
            h.cancel();
        }
        writers.shutdown();
        try {
            if (!writers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.error("call records still queued after 10 s at shutdown: {}", writers.getQueue().size());
                writers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writers.shutdownNow();
        }
    }
}
