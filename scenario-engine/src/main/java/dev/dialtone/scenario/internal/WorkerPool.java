package dev.dialtone.scenario.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AccountId;
import dev.dialtone.scenario.ScenarioEngineConfig;
import dev.dialtone.scenario.internal.WorkerPriority.Level;
import dev.dialtone.scenario.internal.wire.Frame;

/**
 * Starts, assigns, watches and replaces sandbox workers.
 *
 * <p>Blast radius: a worker is leased to one account; every session of that account runs there and
 * no other account's sessions do, so a script that has to be killed with its worker only takes
 * sessions of its own account with it. Accounts get a worker of their own while there are fewer than
 * {@code worker.max}; past that, new accounts share the least-loaded worker (logged as a warning,
 * because their isolation then degrades to sharing a process). A worker whose last session ended
 * returns to the idle pool; {@code worker.warm} idle workers are kept started so that no call waits
 * for a JVM to boot.
 *
 * <p>CPU: idle and starting workers run at the lowest OS priority (JVM start-up, warm-up and context
 * pre-warming only use CPU nobody else wants); a leased, ready worker runs at the node's priority
 * (its JIT compiler threads always at the lowest) until one of its callbacks has used more CPU than
 * {@code worker.demote-after} (the worker's watchdog measures the callback thread's CPU time and says
 * so in its heartbeat), then drops to the lowest priority until no callback is hot any more, or the
 * worker is killed. CPU time, not wall time: on a busy machine a slow but harmless callback is never
 * demoted, which would only make it slower. Its control threads keep the node's priority throughout, so a
 * demoted worker still cancels, answers and sends heartbeats on time. See {@link WorkerPriority}.
 *
 * <p>Supervision runs on real time, whatever the scheduler of the sessions is: a worker is killed when
 * it reports a cancelled callback still running after the grace period, or when it has callbacks
 * outstanding and has sent nothing (not even its 100 ms heartbeat) for {@code worker.silence-limit}
 * (a full collection of a large worker heap can take seconds, so this is only for wedged processes). The node
 * does not time callbacks itself: an event may wait in a busy worker's queue before its callback
 * starts, and only the worker knows when it started.
 */
final class WorkerPool implements WorkerProcess.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final long SUPERVISE_MILLIS = 5;

    /** Told when a worker died, so the engine can end its sessions and count the kill. */
    interface Events {
        void workerLost(WorkerProcess worker, List<NodeSession> sessions, NodeSession culprit, String reason);

        void frame(WorkerProcess worker, Frame frame);

        /** A worker has started and can take work. */
        default void workerReady(WorkerProcess worker) {
        }
    }

    private final ScenarioEngineConfig config;
    private final WorkerLauncher launcher;
    private final WorkerPriority priority;
    private final boolean background;
    private final Events events;
    private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();
    private final Map<AccountId, WorkerProcess> leases = new ConcurrentHashMap<>();
    private final Map<WorkerProcess, Set<AccountId>> tenants = new ConcurrentHashMap<>();
    /** The worker an account used last: it goes back there if that worker is still idle (warm code, no churn). */
    private final Map<AccountId, WorkerProcess> lastWorker = new ConcurrentHashMap<>();
    private final ScheduledExecutorService supervisor;
    /** Runs the renice commands, so that health checks and kills never wait for one. */
    private final ExecutorService prioritizer;
    private volatile boolean closed;
    private volatile String runtimeName = "";
    private int startFailures;
    private long lastStartFailureNanos;

    WorkerPool(ScenarioEngineConfig config, WorkerPriority priority, Events events) {
        this.config = config;
        this.launcher = new WorkerLauncher(config);
        this.priority = priority;
        this.background = priority.canRestore() && launcher.canStartInBackground();
        this.events = events;
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scenario-worker-supervisor");
            t.setDaemon(true);
            return t;
        });
        this.prioritizer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "scenario-worker-priority");
            t.setDaemon(true);
            return t;
        });
        supervisor.scheduleWithFixedDelay(this::supervise, SUPERVISE_MILLIS, SUPERVISE_MILLIS, TimeUnit.MILLISECONDS);
        synchronized (this) {
            topUp();
        }
    }

    String runtimeName() {
        return runtimeName;
    }

    List<WorkerProcess> workers() {
        return List.copyOf(workers);
    }

    WorkerPriority priority() {
        return priority;
    }

    /** The worker for {@code account}'s next session; completes once the worker is ready. */
    synchronized CompletableFuture<WorkerProcess> acquire(AccountId account) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the scenario engine is closed"));
        }
        WorkerProcess w = leases.get(account);
        if (w == null || !w.alive() || w.retired) {
            WorkerProcess last = lastWorker.get(account);
            w = last != null && last.alive() && !last.retired && !tenants.containsKey(last) ? last : idleWorker();
            if (w == null && workers.size() < config.maxWorkers()) {
                w = spawn();
            }
            if (w == null) {
                w = workers.stream().filter(x -> x.alive() && !x.retired)
                        .min(Comparator.comparingInt(x -> x.sessions.size())).orElse(null);
                if (w == null) {
                    w = spawn();
                } else {
                    LOG.warn("all {} sandbox workers are leased; account {} shares worker {}", workers.size(), account, w.pid());
                }
            }
            if (w == null) {
                return CompletableFuture.failedFuture(new IOException("no sandbox worker could be started"));
            }
            leases.put(account, w);
            tenants.computeIfAbsent(w, k -> ConcurrentHashMap.newKeySet()).add(account);
            // Leased now: on the call path, so it gets the node's priority at the next supervision tick.
            topUpLater();
        }
        WorkerProcess chosen = w;
        return w.ready().thenApply(name -> chosen);
    }

    /** A session ended; a worker with no sessions left goes back to the idle pool. */
    synchronized void released(WorkerProcess w) {
        if (!w.sessions.isEmpty()) {
            return;
        }
        Set<AccountId> accounts = tenants.remove(w);
        if (accounts != null) {
            for (AccountId a : accounts) {
                leases.remove(a, w);
                lastWorker.put(a, w);
            }
        }
        if (w.retired) {
            retire(w);
            return;
        }
        // Idle workers beyond the warm ones (plus one, so that a worker is not stopped and started
        // again for every session) are stopped; still-starting ones first, the warmest last.
        List<WorkerProcess> idle = workers.stream().filter(x -> x.alive() && !x.retired && !tenants.containsKey(x))
                .sorted(Comparator.comparing((WorkerProcess x) -> x.ready().isDone()).thenComparing(x -> x == w))
                .toList();
        for (int i = 0; i < idle.size() - (config.warmWorkers() + 1); i++) {
            retire(idle.get(i));
        }
    }

    private void retire(WorkerProcess w) {
        workers.remove(w);
        lastWorker.values().removeIf(x -> x == w);
        w.shutdown();
    }

    /** Any ready worker, for work that belongs to no account (syntax checks). */
    synchronized CompletableFuture<WorkerProcess> any() {
        for (WorkerProcess w : workers) {
            if (w.alive() && w.ready().isDone() && !w.ready().isCompletedExceptionally()) {
                return CompletableFuture.completedFuture(w);
            }
        }
        WorkerProcess w = workers.stream().filter(WorkerProcess::alive).findFirst().orElseGet(this::spawn);
        if (w == null) {
            return CompletableFuture.failedFuture(new IOException("no sandbox worker could be started"));
        }
        // Someone waits for this worker now: it starts at the node's priority (see supervisePriority).
        w.pendingParses.incrementAndGet();
        return w.ready().whenComplete((n, e) -> w.pendingParses.decrementAndGet()).thenApply(n -> w);
    }

    private WorkerProcess idleWorker() {
        WorkerProcess best = null;
        for (WorkerProcess w : workers) {
            if (w.alive() && !w.retired && !tenants.containsKey(w)) {
                if (best == null || (w.ready().isDone() && !best.ready().isDone())) {
                    best = w;
                }
            }
        }
        return best;
    }

    /** Starts the missing warm workers on the supervisor thread, so nobody waits for a fork. */
    private void topUpLater() {
        if (!closed) {
            supervisor.execute(() -> {
                synchronized (WorkerPool.this) {
                    topUp();
                }
            });
        }
    }

    private void topUp() {
        if (closed) {
            return;
        }
        long idle = workers.stream().filter(w -> w.alive() && !w.retired && !tenants.containsKey(w)).count();
        while (idle < config.warmWorkers() && workers.size() < config.maxWorkers()) {
            if (spawn() == null) {
                return;
            }
            idle++;
        }
    }

    private WorkerProcess spawn() {
        if (startFailures >= 3 && System.nanoTime() - lastStartFailureNanos < TimeUnit.SECONDS.toNanos(10)) {
            return null;
        }
        if (config.workerReuse()) {
            WorkerProcess spare = SpareWorkers.take(launcher.command(false), this);
            if (spare != null) {
                workers.add(spare);
                runtimeName = spare.ready().getNow("");
                return spare;
            }
        }
        try {
            WorkerProcess w = WorkerProcess.start(launcher.command(background), this, background ? Level.BACKGROUND : Level.NORMAL);
            workers.add(w);
            w.ready().whenComplete((name, failure) -> {
                synchronized (WorkerPool.this) {
                    if (failure != null) {
                        startFailures++;
                        lastStartFailureNanos = System.nanoTime();
                        LOG.error("sandbox worker {} died before it was ready ({} in a row)", w.pid(), startFailures);
                        return;
                    }
                    startFailures = 0;
                }
                runtimeName = name;
                LOG.info("sandbox worker {} ready (runtime: {})", w.pid(), name);
                events.workerReady(w);
            });
            return w;
        } catch (IOException e) {
            LOG.error("cannot start a sandbox worker with {}", launcher.command(false).get(0), e);
            return null;
        }
    }

    @Override
    public void onFrame(WorkerProcess worker, Frame frame) {
        events.frame(worker, frame);
    }

    @Override
    public void onHotChanged(WorkerProcess worker) {
        if (!closed) {
            supervisor.execute(() -> {
                if (worker.alive()) {
                    supervisePriority(worker, System.nanoTime());
                }
            });
        }
    }

    @Override
    public void onExit(WorkerProcess worker) {
        String reason;
        NodeSession culprit;
        synchronized (this) {
            workers.remove(worker);
            Set<AccountId> accounts = tenants.remove(worker);
            if (accounts != null) {
                for (AccountId a : accounts) {
                    leases.remove(a, worker);
                }
            }
            lastWorker.values().removeIf(x -> x == worker);
            reason = worker.killReason != null ? worker.killReason : "the sandbox worker exited unexpectedly";
            culprit = worker.stuckHandle != 0 ? worker.sessions.get(worker.stuckHandle) : oldestInFlight(worker);
        }
        topUpLater();
        List<NodeSession> sessions = worker.detachAll();
        if (!closed || !sessions.isEmpty()) {
            events.workerLost(worker, sessions, culprit, reason);
        }
    }

    private void supervise() {
        try {
            long now = System.nanoTime();
            for (WorkerProcess w : workers) {
                if (w.alive()) {
                    superviseHealth(w, now);
                    supervisePriority(w, now);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("sandbox worker supervision failed", e);
        }
    }

    private void superviseHealth(WorkerProcess w, long now) {
        long silence = config.workerSilence().toNanos();
        if (w.stuckHandle != 0) {
            w.kill("a callback of session handle " + w.stuckHandle + " could not be cancelled");
        } else if (w.outstanding.get() > 0 && w.ready().isDone() && now - w.lastFrameNanos > silence) {
            // Its watchdog (which cancels overrunning callbacks itself, measured from when they really
            // started) is not even sending heartbeats: the process is wedged.
            w.kill("it stopped answering for " + (now - w.lastFrameNanos) / 1_000_000 + " ms with callbacks running");
        }
    }

    private void supervisePriority(WorkerProcess w, long now) {
        if (!priority.available()) {
            return;
        }
        Level want;
        if (!tenants.containsKey(w) && w.pendingParses.get() > 0 && !w.ready().isDone()) {
            // A syntax check waits for this worker to start.
            want = Level.STARTING;
        } else if (!tenants.containsKey(w)) {
            // Idle, starting or not: JVM start-up, warm-up and pre-warming only use spare CPU.
            want = Level.BACKGROUND;
        } else if (!w.ready().isDone()) {
            // A session waits for this one: it must not starve behind a busy machine.
            want = Level.STARTING;
        } else {
            want = w.hot && !w.inFlight.isEmpty() ? Level.DEMOTED : Level.NORMAL;
        }
        Level have = w.priority;
        if (want == have || (want == Level.BACKGROUND && have == Level.DEMOTED)
                || (want == Level.DEMOTED && have == Level.BACKGROUND)) {
            return;
        }
        if (!priority.canRestore()) {
            // Without the right to raise a priority again, a demoted worker is retired instead of restored.
            if (want == Level.DEMOTED && have == Level.NORMAL) {
                w.priority = Level.DEMOTED;
                w.retired = true;
                prioritizer.execute(() -> priority.apply(w.pid(), Level.DEMOTED));
                LOG.info("sandbox worker {} demoted for a long callback and retired (it cannot be restored)", w.pid());
            }
            return;
        }
        w.priority = want;
        prioritizer.execute(() -> {
            // Applied in order; a later change for the same worker simply follows this one.
            if (w.alive() && !priority.apply(w.pid(), want) && w.alive()) {
                LOG.warn("could not set the priority of sandbox worker {} to {}", w.pid(), want);
            }
        });
        if (want == Level.DEMOTED) {
            LOG.debug("sandbox worker {} demoted: a callback runs longer than {} ms", w.pid(), config.demoteAfter().toMillis());
        }
    }

    private static NodeSession oldestInFlight(WorkerProcess w) {
        NodeSession oldest = null;
        long oldestSince = 0;
        for (NodeSession s : w.inFlight.values()) {
            long since = s.inFlightSinceNanos();
            if (since != 0 && (oldest == null || since < oldestSince)) {
                oldest = s;
                oldestSince = since;
            }
        }
        return oldest;
    }

    void close() {
        closed = true;
        supervisor.shutdownNow();
        prioritizer.shutdownNow();
        for (WorkerProcess w : workers) {
            boolean ready = w.ready().isDone() && !w.ready().isCompletedExceptionally();
            if (config.workerReuse() && ready && SpareWorkers.park(launcher.command(false), w)) {
                priority.apply(w.pid(), Level.BACKGROUND);
                w.priority = Level.BACKGROUND;
            } else {
                w.shutdown();
            }
        }
    }
}
