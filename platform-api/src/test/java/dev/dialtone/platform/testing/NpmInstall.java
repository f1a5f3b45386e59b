package dev.dialtone.platform.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * Installs an npm package from the registry at test time into a directory under {@code target/}
 * (never committed), reusing an install already there. Fails with a message that says what went
 * wrong (no {@code node}/{@code npm}, registry unreachable, timeout) instead of skipping.
 */
public final class NpmInstall {
    private NpmInstall() {
    }

    /** The result of running a process: exit code and its output. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    /**
     * Makes sure {@code pkg@version} is installed in {@code dir}/node_modules.
     *
     * @return {@code dir}
     */
    public static Path ensure(Path dir, String pkg, String version, Duration timeout) throws IOException, InterruptedException {
        Path manifest = dir.resolve("node_modules").resolve(pkg).resolve("package.json");
        if (Files.exists(manifest) && version.equals(new JsonObject(Files.readString(manifest)).getString("version"))) {
            return dir;
        }
        requireTool("node");
        requireTool("npm");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("package.json"), "{\"name\":\"dialtone-it-npm\",\"private\":true}\n");
        Run r = run(dir, List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", pkg + "@" + version), Map.of(),
                timeout);
        if (r.exitCode() != 0 || !Files.exists(manifest)) {
            throw new AssertionError("could not install " + pkg + "@" + version + " from the npm registry into " + dir
                    + " (is the registry reachable from this machine? npm exit code " + r.exitCode() + "):\n" + tail(r.stderr())
                    + tail(r.stdout()));
        }
        return dir;
    }

    private static void requireTool(String tool) throws InterruptedException {
        try {
            Run r = run(Path.of("."), List.of(tool, "--version"), Map.of(), Duration.ofSeconds(60));
            if (r.exitCode() == 0) {
                return;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new AssertionError("'" + tool + "' is needed on the PATH for this test (Node.js with npm); install Node.js");
    }

    /**
     * Runs a command in {@code dir} with extra environment variables ({@code null} value removes one),
     * killing it and its children after {@code timeout}.
     */
    public static Run run(Path dir, List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("dialtone-run", ".out");
        Path err = Files.createTempFile("dialtone-run", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("'" + String.join(" ", command) + "' did not finish within " + timeout + ":\n"
                        + tail(Files.readString(err, StandardCharsets.UTF_8)));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String tail(String s) {
        return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    }
}
