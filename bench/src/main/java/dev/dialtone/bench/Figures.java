package dev.dialtone.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The figures one benchmark run reports, printed as an aligned table so runs can be compared side
 * by side. Every benchmark prints the machine facts first because this machine is shared and noisy.
 */
public final class Figures {
    private final String benchmark;
    private final Map<String, String> rows = new LinkedHashMap<>();

    public Figures(String benchmark) {
        this.benchmark = benchmark;
    }

    public Figures add(String name, String value) {
        rows.put(name, value);
        return this;
    }

    public Figures add(String name, double value, String unit) {
        return add(name, String.format(Locale.ROOT, "%,.1f %s", value, unit));
    }

    /** Adds p50/p99/max of a histogram recorded in nanoseconds, shown in milliseconds. */
    public Figures addLatency(String name, Histogram nanos) {
        return add(name, String.format(Locale.ROOT, "p50 %.3f ms  p99 %.3f ms  max %.3f ms  (n=%d)",
                nanos.getValueAtPercentile(50) / 1e6, nanos.getValueAtPercentile(99) / 1e6,
                nanos.getMaxValue() / 1e6, nanos.getTotalCount()));
    }

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "== %s ==%n", benchmark);
        out.printf(Locale.ROOT, "%-34s %s%n", "machine", Runtime.getRuntime().availableProcessors()
                + " cores, java " + Runtime.version() + ", load average "
                + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(10);
        rows.forEach((k, v) -> out.printf(Locale.ROOT, "%-" + Math.max(34, width) + "s %s%n", k, v));
    }
}
