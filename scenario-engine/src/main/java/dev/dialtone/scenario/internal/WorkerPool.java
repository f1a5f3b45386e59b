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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AccountId;
import dev.dialtone.scenario.ScenarioEngineConfig;
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
 * <p>Supervision runs on real time, whatever the scheduler of the sessions is: a worker is killed when
 * it reports a cancelled callback still running after the grace period, or when it has callbacks
 * outstanding and has sent nothing (not even its 100 ms heartbeat) for CPU limit + grace.
 */
final class WorkerPool implements WorkerProcess.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    /** Told when a worker died, so the engine can end its sessions and count the kill. */
    interface Events {
        void workerLost(WorkerProcess worker, List<NodeSession> sessions, NodeSession culprit, String reason);

        void frame(WorkerProcess worker, Frame frame);
    }

    private final ScenarioEngineConfig config;
    private final WorkerLauncher launcher;
    private final Events events;
    private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();
    private final Map<AccountId, WorkerProcess> leases = new ConcurrentHashMap<>();
    private final Map<WorkerProcess, Set<AccountId>> tenants = new ConcurrentHashMap<>();
    private final ScheduledExecutorService supervisor;
    private volatile boolean closed;
    private volatile String runtimeName = "";
    private int startFailures;
    private long lastStartFailureNanos;

    WorkerPool(ScenarioEngineConfig config, Events events) {
        this.config = config;
        this.launcher = new WorkerLauncher(config);
        this.events = events;
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scenario-worker-supervisor");
            t.setDaemon(true);
            return t;
        });
        supervisor.scheduleWithFixedDelay(this::supervise, 20, 20, TimeUnit.MILLISECONDS);
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

    /** The worker for {@code account}'s next session; completes once the worker is ready. */
    synchronized CompletableFuture<WorkerProcess> acquire(AccountId account) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the scenario engine is closed"));
        }
        WorkerProcess w = leases.get(account);
        if (w == null || !w.alive()) {
            w = idleWorker();
            if (w == null && workers.size() < config.maxWorkers()) {
                w = spawn();
            }
            if (w == null) {
                w = workers.stream().filter(WorkerProcess::alive)
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
            topUp();
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
            }
        }
        long idle = workers.stream().filter(x -> x.alive() && !tenants.containsKey(x)).count();
        if (idle > Math.max(config.warmWorkers(), 2)) {
            workers.remove(w);
            w.shutdown();
        }
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
        return w.ready().thenApply(n -> w);
    }

    private WorkerProcess idleWorker() {
        WorkerProcess best = null;
        for (WorkerProcess w : workers) {
            if (w.alive() && !tenants.containsKey(w)) {
                if (best == null || (w.ready().isDone() && !best.ready().isDone())) {
                    best = w;
                }
            }
        }
        return best;
    }

    private void topUp() {
        if (closed) {
            return;
        }
        long idle = workers.stream().filter(w -> w.alive() && !tenants.containsKey(w)).count();
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
        try {
            WorkerProcess w = WorkerProcess.start(launcher.command(), this);
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
            });
            return w;
        } catch (IOException e) {
            LOG.error("cannot start a sandbox worker with {}", launcher.command().get(0), e);
            return null;
        }
    }

    @Override
    public void onFrame(WorkerProcess worker, Frame frame) {
        events.frame(worker, frame);
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
            reason = worker.killReason != null ? worker.killReason : "the sandbox worker exited unexpectedly";
            culprit = worker.stuckHandle != 0 ? worker.sessions.get(worker.stuckHandle) : oldestInFlight(worker);
            if (!closed) {
                topUp();
            }
        }
        List<NodeSession> sessions = new ArrayList<>(worker.sessions.values());
        worker.sessions.clear();
        if (!closed || !sessions.isEmpty()) {
            events.workerLost(worker, sessions, culprit, reason);
        }
    }

    private void supervise() {
        long now = System.nanoTime();
        long silence = config.cpuPerCallback().plus(config.cancelGrace()).toNanos();
        for (WorkerProcess w : workers) {
            if (!w.alive()) {
                continue;
            }
            if (w.stuckHandle != 0) {
                w.kill("a callback of session handle " + w.stuckHandle + " could not be cancelled");
            } else if (w.outstanding.get() > 0 && w.ready().isDone() && now - w.lastFrameNanos > silence) {
                w.kill("it stopped answering for " + (now - w.lastFrameNanos) / 1_000_000 + " ms with callbacks running");
            } else {
                NodeSession late = oldestInFlight(w);
                if (late != null && now - late.inFlightSinceNanos() > silence + config.cpuPerCallback().toNanos()) {
                    w.stuckHandle = late.handle();
                    w.kill("a callback of session " + late.id() + " ran past its deadline");
                }
            }
        }
    }

    private static NodeSession oldestInFlight(WorkerProcess w) {
        NodeSession oldest = null;
        for (NodeSession s : w.sessions.values()) {
            long since = s.inFlightSinceNanos();
            if (since != 0 && (oldest == null || since < oldest.inFlightSinceNanos())) {
                oldest = s;
            }
        }
        return oldest;
    }

    void close() {
        closed = true;
        supervisor.shutdownNow();
        for (WorkerProcess w : workers) {
            w.shutdown();
        }
    }
}
