package dev.dialtone.scenario.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.dialtone.scenario.ScenarioEngineConfig;
import dev.dialtone.scenario.internal.worker.WorkerMain;
import dev.dialtone.scenario.internal.worker.WorkerSettings;

/**
 * Builds the command line of a sandbox worker: the node's own JDK and class path, the Graal
 * compiler on the upgrade module path (so Truffle's optimizing runtime is active on a stock JDK),
 * the worker's heap cap, the limits it enforces itself, and the JVM's own helper threads cut down so
 * that one worker cannot occupy every core of a small machine with garbage collection or JIT work:
 * one parallel and one concurrent GC thread, one C1 and one C2 compiler thread (the Truffle compiler
 * thread is limited by the worker itself). A worker started in the background starts at the lowest
 * OS priority ({@code nice -n 19}), so its JVM start-up and warm-up never compete with live sessions.
 */
final class WorkerLauncher {
    private static final Path NICE = Path.of("/usr/bin/nice");

    private final ScenarioEngineConfig config;
    private final List<String> command;
    private final List<String> backgroundCommand;

    WorkerLauncher(ScenarioEngineConfig config) {
        this.config = config;
        this.command = List.copyOf(build());
        List<String> bg = new ArrayList<>();
        if (Files.isExecutable(NICE)) {
            bg.addAll(List.of(NICE.toString(), "-n", String.valueOf(WorkerPriority.LOWEST)));
        }
        bg.addAll(command);
        this.backgroundCommand = List.copyOf(bg);
    }

    /** The command line; {@code background} starts it at the lowest OS priority where {@code nice} exists. */
    List<String> command(boolean background) {
        return background ? backgroundCommand : command;
    }

    /** True when {@link #command(boolean) command(true)} really starts the worker at a lower priority. */
    boolean canStartInBackground() {
        return backgroundCommand.size() > command.size();
    }

    boolean optimizing() {
        return config.jvmciModulePath().isPresent();
    }

    private List<String> build() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Set<String> jvmciJars = new HashSet<>();
        if (config.jvmciModulePath().isPresent()) {
            List<String> jars = jars(config.jvmciModulePath().get());
            for (String j : jars) {
                jvmciJars.add(Path.of(j).getFileName().toString());
            }
            cmd.add("-XX:+UnlockExperimentalVMOptions");
            cmd.add("-XX:+EnableJVMCI");
            cmd.add("--upgrade-module-path=" + String.join(File.pathSeparator, jars));
        }
        cmd.add("-Xmx" + config.workerHeapMegabytes() + "m");
        cmd.add("-Xss2m");
        cmd.add("-XX:+UseG1GC");
        cmd.add("-XX:ParallelGCThreads=1");
        cmd.add("-XX:ConcGCThreads=1");
        cmd.add("-XX:CICompilerCount=2");
        cmd.add("-XX:-HeapDumpOnOutOfMemoryError");
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Djava.awt.headless=true");
        cmd.addAll(config.workerJavaOptions());
        cmd.add("-cp");
        cmd.add(classPath(jvmciJars));
        cmd.add(WorkerMain.class.getName());
        WorkerSettings settings = new WorkerSettings(
                config.cpuPerCallback().toMillis(), config.cancelGrace().toMillis(), config.demoteAfter().toMillis(),
                config.wallClockAfter().toMillis(),
                config.allocationPerCallback(),
                config.heapPerSession(), config.maxCommandsPerCallback(), 1L << 20, config.workerThreads(),
                config.workerPrewarm(), config.traceCompilation(), config.dateFollowsScheduler());
        cmd.addAll(List.of(settings.toArgs()));
        return cmd;
    }

    /** The node's class path without the compiler jars, which must only be on the upgrade module path. */
    private static String classPath(Set<String> exclude) {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!exclude.contains(Path.of(entry).getFileName().toString())) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    private static List<String> jars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> jars = files.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("no jars in " + dir);
            }
            return jars;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the JIT jars in " + dir, e);
        }
    }
}
