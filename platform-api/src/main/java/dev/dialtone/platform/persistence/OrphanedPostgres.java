package dev.dialtone.platform.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL left running on the node's data directory by a node that did not stop cleanly (killed with
 * SIGKILL, by the OOM killer, or stopped while it was still starting): it holds the data directory, so a new
 * server cannot start there and the node would wait a minute and give up. Found through the server's
 * {@code postmaster.pid} and stopped (SIGTERM, then SIGKILL) before the new one starts. Linux only; elsewhere, and
 * for a PID that is not a postgres process on this directory, nothing is touched.
 */
final class OrphanedPostgres {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostgres.class);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private OrphanedPostgres() {
    }

    /** Stops the server {@code pgDir/postmaster.pid} names if it still runs on {@code pgDir}; true if it did. */
    static boolean stopIfRunning(Path pgDir) {
        Optional<ProcessHandle> orphan = find(pgDir);
        if (orphan.isEmpty()) {
            return false;
        }
        ProcessHandle p = orphan.get();
        LOG.warn("an embedded PostgreSQL (pid {}) from a node that did not stop cleanly still runs on {}: stopping it",
                p.pid(), pgDir);
        p.destroy();
        try {
            p.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("PostgreSQL pid {} did not stop within {}: killing it", p.pid(), GRACE);
            p.destroyForcibly();
            try {
                p.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception again) {
                LOG.error("PostgreSQL pid {} is still running; the new server will probably not start", p.pid());
            }
        }
        return true;
    }

    static Optional<ProcessHandle> find(Path pgDir) {
        Path pidFile = pgDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            long pid = Long.parseLong(first);
            Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (p.isEmpty() || p.get().pid() == ProcessHandle.current().pid()) {
                return Optional.empty();
            }
            // Only a postgres process whose command line names this data directory (a PID can be reused).
            Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
            if (!Files.isReadable(cmdline)) {
                return Optional.empty();
            }
            String cmd = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
            String dir = pgDir.toAbsolutePath().normalize().toString();
            return cmd.contains("postgres") && (cmd.contains(dir + " ") || cmd.endsWith(dir) || cmd.contains(dir + "/ "))
                    ? p : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
