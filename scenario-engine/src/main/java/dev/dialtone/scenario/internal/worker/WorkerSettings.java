package dev.dialtone.scenario.internal.worker;

import java.util.HashMap;
import java.util.Map;

/**
 * The limits a sandbox worker enforces itself, passed by the node as {@code key=value} arguments.
 *
 * @param cpuMillis           wall-clock budget of one callback before it is cancelled
 * @param graceMillis         how long a cancelled callback may keep running before the worker reports it stuck
 * @param hotCpuMillis        CPU time after which a running callback is reported hot (the node then lowers the
 *                            worker's OS priority until no callback is hot)
 * @param hogCpuMillis        CPU time after which a running callback is timed in wall time (a CPU hog), not in its own
 *                            CPU time
 * @param allocationBytes     bytes one callback may allocate before it is cancelled
 * @param heapSuspectBytes    a callback that allocated this much while the heap is nearly full is cancelled
 * @param maxCommands         API calls one callback may make
 * @param maxCommandBytes     bytes of API calls one callback may send
 * @param threads             threads running callbacks (each session uses one at a time)
 * @param prewarm             contexts kept ready with the API installed
 * @param traceCompilation    count optimizing-JIT compilations (for the test that proves the JIT is on)
 * @param nodeClock           scripts' {@code Date} follows the time the node sends with each event (the test
 *                            kit's virtual clock) instead of the real clock
 */
public record WorkerSettings(
        long cpuMillis,
        long graceMillis,
        long hotCpuMillis,
        long hogCpuMillis,
        long allocationBytes,
        long heapSuspectBytes,
        int maxCommands,
        long maxCommandBytes,
        int threads,
        int prewarm,
        boolean traceCompilation,
        boolean nodeClock) {

    public static WorkerSettings parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("worker argument is not key=value: " + arg);
            }
            m.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new WorkerSettings(
                Long.parseLong(m.getOrDefault("cpu-ms", "1000")),
                Long.parseLong(m.getOrDefault("grace-ms", "300")),
                Long.parseLong(m.getOrDefault("hot-cpu-ms", "100")),
                Long.parseLong(m.getOrDefault("hog-cpu-ms", "10")),
                Long.parseLong(m.getOrDefault("allocation-bytes", String.valueOf(64L << 20))),
                Long.parseLong(m.getOrDefault("heap-suspect-bytes", String.valueOf(16L << 20))),
                Integer.parseInt(m.getOrDefault("max-commands", "5000")),
                Long.parseLong(m.getOrDefault("max-command-bytes", String.valueOf(1L << 20))),
                Integer.parseInt(m.getOrDefault("threads", "2")),
                Integer.parseInt(m.getOrDefault("prewarm", "4")),
                Boolean.parseBoolean(m.getOrDefault("trace-compilation", "false")),
                Boolean.parseBoolean(m.getOrDefault("node-clock", "false")));
    }

    public String[] toArgs() {
        return new String[] {
            "cpu-ms=" + cpuMillis, "grace-ms=" + graceMillis, "hot-cpu-ms=" + hotCpuMillis, "hog-cpu-ms=" + hogCpuMillis, "allocation-bytes=" + allocationBytes,
            "heap-suspect-bytes=" + heapSuspectBytes, "max-commands=" + maxCommands,
            "max-command-bytes=" + maxCommandBytes, "threads=" + threads, "prewarm=" + prewarm,
            "trace-compilation=" + traceCompilation, "node-clock=" + nodeClock,
        };
    }
}
