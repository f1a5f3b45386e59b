package dev.dialtone.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server left running on the data directory is found through {@code postmaster.pid} and stopped; anything else
 * named there (a PID reused by another program, this JVM, a dead PID) is left alone. The "server" is a
 * {@code sleep} whose command line looks like postgres's ({@code exec -a}), so no PostgreSQL is needed.
 */
class OrphanedPostgresTest {
    @TempDir
    Path dir;

    private Process fake(String argv0) throws Exception {
        return new ProcessBuilder("bash", "-c", "exec -a \"" + argv0 + "\" sleep 60").start();
    }

    private void pidFile(long pid) throws Exception {
        Files.writeString(dir.resolve("postmaster.pid"), pid + "\n" + dir + "\n1795458772\n");
    }

    @Test
    void aServerOnThisDirectoryIsStopped() throws Exception {
        Process p = fake("/opt/pg/bin/postgres -D " + dir.toAbsolutePath());
        try {
            Thread.sleep(200); // let exec -a take effect
            pidFile(p.pid());
            assertThat(OrphanedPostgres.find(dir)).isPresent();
            assertThat(OrphanedPostgres.stopIfRunning(dir)).isTrue();
            assertThat(p.waitFor(5, TimeUnit.SECONDS)).as("stopped").isTrue();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void otherProcessesAreLeftAlone() throws Exception {
        Process other = fake("sleep-not-a-database");
        Process elsewhere = fake("/opt/pg/bin/postgres -D /some/other/dir");
        try {
            Thread.sleep(200);
            for (long pid : new long[] {other.pid(), elsewhere.pid(), ProcessHandle.current().pid(), 999_999_999L}) {
                pidFile(pid);
                assertThat(OrphanedPostgres.stopIfRunning(dir)).as("pid %d", pid).isFalse();
            }
            assertThat(other.isAlive()).isTrue();
            assertThat(elsewhere.isAlive()).isTrue();
            Files.writeString(dir.resolve("postmaster.pid"), "garbage\n");
            assertThat(OrphanedPostgres.stopIfRunning(dir)).isFalse();
            Files.delete(dir.resolve("postmaster.pid"));
            assertThat(OrphanedPostgres.stopIfRunning(dir)).isFalse();
        } finally {
            other.destroyForcibly();
            elsewhere.destroyForcibly();
        }
    }
}
