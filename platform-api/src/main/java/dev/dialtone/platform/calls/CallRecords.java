package dev.dialtone.platform.calls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.Scheduler;
import dev.dialtone.platform.persistence.CallRecordStore;
import dev.dialtone.pstn.CallRecord;
import dev.dialtone.pstn.CallRecordSink;

/**
 * The node's call records in PostgreSQL (the {@link CallRecordSink} of the SIP connector and of the
 * web SDK gateway), written by one thread with group commit: it takes everything queued (up to
 * {@link #MAX_BATCH}), writes it in one transaction, and then completes the waiting finishes, so
 * at a thousand calls a second the database sees tens of commits, not thousands.
 *
 * <ul>
 *   <li>{@link #begin} queues the open record (best effort: dropped when the queue is half full, so
 *       that finished records always have room). Nobody waits for an open record, so a batch of open records
 *       only waits up to {@link #OPEN_LINGER} for others (or a finished one) to share its commit: without it
 *       an idle writer committed every call's open record on its own.</li>
 *   <li>{@link #finish} queues the finished record and completes its stage only after the
 *       transaction that holds it committed; the connector answers the far end's BYE after that. It
 *       is idempotent per leg: a second finish of the same leg changes nothing. When the queue is
 *       full the caller's thread writes it (a record is never dropped for lack of room).</li>
 *   <li>A batch the database refuses is written again row by row, so one bad record fails alone.</li>
 *   <li>{@link #start} first closes the records this node left open when it last stopped without
 *       ending its calls (killed, crashed): their end is the last time the node saw them alive, which
 *       a heartbeat records every {@link #HEARTBEAT}, and their reason {@code node-stopped}.</li>
 * </ul>
 * No outbox is needed: the record is the commit the BYE waits for.
 */
public final class CallRecords implements CallRecordSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecords.class);
    public static final int DEFAULT_QUEUE = 10_000;
    /** Records written in one transaction at most. */
    public static final int MAX_BATCH = 500;
    public static final Duration HEARTBEAT = Duration.ofSeconds(30);
    /** How long a batch holding only open records waits for more; a finished record ends the wait at once. */
    public static final Duration OPEN_LINGER = Duration.ofMillis(20);

    /** One piece of work for the writer thread. */
    private sealed interface Item {
        record Open(CallRecord record) implements Item {
        }

        record Finish(CallRecord record, CompletableFuture<Void> stored) implements Item {
        }

        record Heartbeat() implements Item {
        }

        /** Put on the queue by {@link #close} to wake the writer; never written. */
        record Wake() implements Item {
        }
    }

    private final CallRecordStore store;
    private final String nodeId;
    private final Scheduler scheduler;
    private final LinkedBlockingQueue<Item> queue;
    private final int queueSize;
    private final Thread writer;
    private final AtomicLong beginsDropped = new AtomicLong();
    private volatile Scheduler.Cancellable heartbeat;
    private volatile boolean closed;
    /** Set by the writer just before its last look at the queue. */
    private volatile boolean stopped;
    /** Finished records queued and not yet taken by the writer: a lingering batch stops waiting for them. */
    private final AtomicInteger finishesQueued = new AtomicInteger();
    private volatile boolean lingering;

    private CallRecords(CallRecordStore store, String nodeId, Scheduler scheduler, int queueSize) {
        this.store = store;
        this.nodeId = nodeId;
        this.scheduler = scheduler;
        this.queueSize = queueSize;
        this.queue = new LinkedBlockingQueue<>(queueSize);
        this.writer = Thread.ofPlatform().name("call-records").daemon(true).unstarted(this::run);
    }

    /**
     * Closes what this node left open, then starts taking records.
     *
     * @param nodeId this node's stable id ({@link NodeIdentity}); records are closed per node, so a
     *               starting node never closes the live calls of another node of the cluster
     */
    public static CallRecords start(CallRecordStore store, String nodeId, Scheduler scheduler, int queueSize) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(scheduler, "scheduler");
        if (queueSize < 16 || queueSize > 1_000_000) {
            throw new IllegalArgumentException("call record queue must be 16..1000000: " + queueSize);
        }
        int closedCount = store.closeOpen(nodeId);
        if (closedCount > 0) {
            LOG.warn("closed {} call records this node ({}) left open when it last stopped (reason node-stopped)", closedCount,
                    nodeId);
        }
        CallRecords records = new CallRecords(store, nodeId, scheduler, queueSize);
        records.writer.start();
        records.scheduleHeartbeat();
        return records;
    }

    public static CallRecords start(CallRecordStore store, String nodeId, Scheduler scheduler) {
        return start(store, nodeId, scheduler, DEFAULT_QUEUE);
    }

    @Override
    public void begin(CallRecord open) {
        Objects.requireNonNull(open, "open");
        if (closed || queue.remainingCapacity() < queueSize / 2 || !queue.offer(new Item.Open(open))) {
            long n = beginsDropped.incrementAndGet();
            if (n == 1 || n % 1_000 == 0) {
                LOG.warn("open call records dropped: {} so far (the writer is behind); finished records are still written", n);
            }
        }
    }

    @Override
    public CompletionStage<Void> finish(CallRecord finished) {
        Objects.requireNonNull(finished, "finished");
        if (!finished.finished()) {
            throw new IllegalArgumentException("finish needs an ended record: " + finished.legId());
        }
        Item.Finish item = new Item.Finish(finished, new CompletableFuture<>());
        finishesQueued.incrementAndGet();
        if (closed || !queue.offer(item)) {
            finishesQueued.decrementAndGet();
            writeFinishes(List.of(item)); // full or shut down: write on the caller's thread rather than lose the record
        } else if (stopped && queue.remove(item)) {
            finishesQueued.decrementAndGet();
            writeFinishes(List.of(item)); // the writer ended just as it was queued
        } else if (lingering) {
            LockSupport.unpark(writer);
        }
        return item.stored();
    }

    /** Open records dropped since start because the writer was behind. */
    public long beginsDropped() {
        return beginsDropped.get();
    }

    private void run() {
        List<Item> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            Item first;
            try {
                first = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                first = null;
                closed = true;
            }
            if (first == null || first instanceof Item.Wake) {
                if (closed && queue.isEmpty()) {
                    stopped = true;
                    List<Item> rest = new ArrayList<>();
                    queue.drainTo(rest);
                    write(rest);
                    return;
                }
                continue;
            }
            if (first instanceof Item.Open) {
                lingerForMore();
            }
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            for (Item i : batch) {
                if (i instanceof Item.Finish) {
                    finishesQueued.decrementAndGet();
                }
            }
            write(batch);
        }
    }

    /** Waits up to {@link #OPEN_LINGER} while only open records are queued (a finish, a full batch or closing ends it). */
    private void lingerForMore() {
        long deadline = System.nanoTime() + OPEN_LINGER.toNanos();
        lingering = true;
        try {
            long left;
            while (finishesQueued.get() == 0 && !closed && queue.size() < MAX_BATCH - 1
                    && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
            }
        } finally {
            lingering = false;
        }
    }

    private void write(List<Item> batch) {
        List<CallRecord> opens = new ArrayList<>();
        List<Item.Finish> finishes = new ArrayList<>();
        boolean touch = false;
        for (Item i : batch) {
            switch (i) {
                case Item.Open o -> opens.add(o.record());
                case Item.Finish f -> finishes.add(f);
                case Item.Heartbeat h -> touch = true;
                case Item.Wake w -> { }
            }
        }
        if (!opens.isEmpty() || !finishes.isEmpty()) {
            opens.sort(BY_LEG);
            // A leg finished twice in one batch is written once (the first finish wins, as it does across
            // batches): the driver sends the batch as multi-row upserts, and one cannot change a row twice.
            Set<String> legs = new HashSet<>();
            List<Item.Finish> firsts = new ArrayList<>(finishes.size());
            List<Item.Finish> repeats = new ArrayList<>(0);
            for (Item.Finish f : finishes) {
                (legs.add(f.record().legId().value()) ? firsts : repeats).add(f);
            }
            firsts.sort(Comparator.comparing(f -> f.record().legId().value()));
            try {
                report(firsts, store.write(nodeId, opens, firsts.stream().map(Item.Finish::record).toList()));
                report(repeats, new boolean[repeats.size()]);
            } catch (RuntimeException e) {
                if (unreachable(e)) {
                    // No connection: writing them one by one would wait for a connection once per record.
                    LOG.error("{} call records could not be stored: the database is unreachable ({})",
                            opens.size() + finishes.size(), e.toString());
                    finishes.forEach(f -> f.stored().completeExceptionally(e));
                    return;
                }
                LOG.warn("writing {} call records in one transaction failed ({}); writing them one by one",
                        opens.size() + finishes.size(), e.toString());
                for (CallRecord o : opens) {
                    try {
                        store.insertOpen(nodeId, o);
                    } catch (RuntimeException e1) {
                        LOG.warn("call {} (application {}): the open call record was not stored: {}", o.legId(),
                                o.application().value(), e1.toString());
                    }
                }
                writeFinishes(finishes);
            }
        }
        if (touch) {
            try {
                store.touchOpen(nodeId, scheduler.clock().instant());
            } catch (RuntimeException e) {
                LOG.warn("call record heartbeat failed: {}", e.toString());
            }
        }
    }

    /** Whether {@code e} says the database could not be reached at all (as opposed to refusing some row). */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static final Comparator<CallRecord> BY_LEG = Comparator.comparing(r -> r.legId().value());

    /** Writes finished records one transaction each, completing each one's stage. */
    private void writeFinishes(List<Item.Finish> finishes) {
        for (Item.Finish f : finishes) {
            CallRecord r = f.record();
            try {
                report(List.of(f), new boolean[] {store.finish(nodeId, r)});
            } catch (RuntimeException e) {
                LOG.error("call {} (application {}, session {}): the call record could not be stored", r.legId(),
                        r.application().value(), r.session().map(Object::toString).orElse("none"), e);
                f.stored().completeExceptionally(e);
            }
        }
    }

    private static void report(List<Item.Finish> finishes, boolean[] changed) {
        for (int i = 0; i < finishes.size(); i++) {
            if (!changed[i]) {
                LOG.debug("call {}: already finished; the first record is kept", finishes.get(i).record().legId());
            }
            finishes.get(i).stored().complete(null);
        }
    }

    private void scheduleHeartbeat() {
        if (closed) {
            return;
        }
        heartbeat = scheduler.schedule(HEARTBEAT, () -> {
            if (closed) {
                return;
            }
            queue.offer(new Item.Heartbeat()); // a full queue skips one beat; the next one comes
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
        queue.offer(new Item.Wake());
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.error("call records still queued after 10 s at shutdown: {}", queue.size());
            writer.interrupt();
        }
    }
}
