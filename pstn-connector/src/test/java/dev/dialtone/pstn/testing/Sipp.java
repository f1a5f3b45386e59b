package dev.dialtone.pstn.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs SIPp (Debian package {@code sip-tester}) as a real SIP peer: a built-in ({@code -sn}) or XML
 * ({@code -sf}) scenario against a target, bounded by a wall-clock timeout, killed if it overruns.
 * Its statistics file gives the successful and failed call counts.
 */
public final class Sipp implements AutoCloseable {
    /** The outcome of one run. */
    public record Result(int exitCode, long successful, long failed, String output) {
        public boolean allSucceeded() {
            return exitCode == 0 && failed == 0 && successful > 0;
        }
    }

    private final List<String> args = new ArrayList<>();
    private final Path dir;
    private Process process;

    private Sipp(Path dir) {
        this.dir = dir;
    }

    /** A SIPp run whose files go to {@code dir}. */
    public static Sipp in(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new Sipp(dir);
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/sipp"));
    }

    public Sipp args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** A scenario from the test class path (copied to the run directory). */
    public Sipp scenario(String resource) throws IOException {
        return scenario(resource, java.util.Map.of());
    }

    /** A scenario from the test class path with literal text replaced (e.g. an expected status code). */
    public Sipp scenario(String resource, java.util.Map<String, String> replace) throws IOException {
        Path file = dir.resolve(Path.of(resource).getFileName());
        try (var in = Sipp.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no scenario resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            for (var e : replace.entrySet()) {
                text = text.replace(e.getKey(), e.getValue());
            }
            Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        }
        return args("-sf", file.toString());
    }

    /** {@code -key name value} pairs, referenced as {@code [name]} in scenarios. */
    public Sipp keys(java.util.Map<String, String> keys) {
        keys.forEach((k, v) -> args("-key", k, v));
        return this;
    }

    /** A free local port for SIPp's own SIP socket (its default, 5060, collides with other runs). */
    public static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (java.net.DatagramSocket u = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                int p = u.getLocalPort();
                try (java.net.ServerSocket t = new java.net.ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException taken) {
                    // next
                }
            }
        }
        throw new IOException("no free port for SIPp");
    }

    /** Turns on SIPp's {@code <log>} actions; their lines go to {@link #logLines}. */
    public Sipp logging() {
        return args("-trace_logs", "-log_file", dir.resolve("actions.log").toString());
    }

    public List<String> logLines() throws IOException {
        Path f = dir.resolve("actions.log");
        return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.ISO_8859_1) : List.of();
    }

    /** Starts SIPp in the background; {@link #await} collects it. */
    public Sipp start(String target) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sipp", target, "-i", "127.0.0.1", "-nostdin", "-trace_stat", "-stf",
                dir.resolve("stat.csv").toString(), "-fd", "1", "-trace_err", "-error_file", dir.resolve("errors.log").toString()));
        if (!args.contains("-p")) {
            cmd.addAll(List.of("-p", Integer.toString(freePort())));
        }
        cmd.addAll(args);
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start();
        return this;
    }

    /** Whether SIPp is still running (started and not yet exited). */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public Result await(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException("SIPp did not finish within " + timeout + ": " + output());
        }
        long[] counts = counts();
        return new Result(process.exitValue(), counts[0], counts[1], output());
    }

    public Result run(String target, Duration timeout) throws IOException, InterruptedException {
        return start(target).await(timeout);
    }

    private String output() throws IOException {
        Path out = dir.resolve("sipp.out");
        String text = Files.exists(out) ? Files.readString(out, StandardCharsets.ISO_8859_1) : "";
        Path errors = dir.resolve("errors.log");
        if (Files.exists(errors)) {
            String e = Files.readString(errors, StandardCharsets.ISO_8859_1);
            text += "\n--- errors.log ---\n" + (e.length() > 20_000 ? e.substring(0, 20_000) : e);
        }
        return text.length() > 60_000 ? text.substring(text.length() - 60_000) : text;
    }

    /** Successful and failed calls (cumulative) from the last line of the statistics file. */
    private long[] counts() throws IOException {
        Path csv = dir.resolve("stat.csv");
        if (!Files.exists(csv)) {
            return new long[] {0, 0};
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.ISO_8859_1);
        if (lines.size() < 2) {
            return new long[] {0, 0};
        }
        String[] header = lines.getFirst().split(";");
        String[] last = lines.getLast().split(";");
        long ok = 0;
        long failed = 0;
        for (int i = 0; i < header.length && i < last.length; i++) {
            if (header[i].equals("SuccessfulCall(C)")) {
                ok = Long.parseLong(last[i].trim());
            } else if (header[i].equals("FailedCall(C)")) {
                failed = Long.parseLong(last[i].trim());
            }
        }
        return new long[] {ok, failed};
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
