package dev.dialtone.platform.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * Runs browser tests written for Playwright ({@code playwright-core} from npm) in Debian's Chromium
 * ({@code /usr/bin/chromium}; Playwright's own browser downloads are not used). Reusable by any
 * module through platform-api's test-jar:
 *
 * <pre>{@code
 * BrowserTests browser = BrowserTests.prepare(Path.of("target/browser-tests"));   // npm ci, once per work dir
 * BrowserTests.Run run = browser.run(Path.of("src/test/browser/my-suite.mjs"),
 *         Map.of("DIALTONE_BASE_URL", node.baseUrl()), Duration.ofMinutes(2), "signs in");
 * run.assertPassed();
 * }</pre>
 *
 * A suite is an ES module whose default export registers tests with {@code t.test(name, async tools => …)};
 * the runner ({@code browser/lib/runner.mjs} on this test-jar's classpath) gives each test a fresh browser
 * and helpers ({@code newPage}, {@code eventually}, {@code expectText}, {@code screenshot}, …), and fails
 * a test on an uncaught page error or a CSP violation. Needs {@code node} and {@code npm} on the PATH and
 * {@code chromium} (Debian package; {@code ./dialtone test} installs it).
 */
public final class BrowserTests {
    /** Files copied from this test-jar's {@code browser/} folder into the work directory. */
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "lib/runner.mjs");
    private static final String CHROMIUM = System.getenv().getOrDefault("DIALTONE_CHROMIUM", "/usr/bin/chromium");

    private final Path workDir;

    private BrowserTests(Path workDir) {
        this.workDir = workDir;
    }

    /** The outcome of one test of a suite. */
    public record Result(String name, boolean passed, long millis, String error, String screenshot) {
    }

    /** The outcome of one runner process: each test's result and everything it printed. */
    public record Run(List<Result> results, int exitCode, String output) {
        /** Fails with every failed test's error and the runner's output unless all selected tests passed. */
        public void assertPassed() {
            boolean ok = exitCode == 0 && !results.isEmpty() && results.stream().allMatch(Result::passed);
            if (!ok) {
                StringBuilder b = new StringBuilder("browser tests failed (exit code " + exitCode + ")\n");
                for (Result r : results) {
                    if (!r.passed()) {
                        b.append("--- ").append(r.name()).append(" (").append(r.millis()).append(" ms)")
                                .append(r.screenshot() == null ? "" : ", screenshot " + r.screenshot()).append('\n')
                                .append(r.error()).append('\n');
                    }
                }
                throw new AssertionError(b.append("--- runner output:\n").append(output).toString());
            }
        }
    }

    /**
     * Prepares {@code workDir}: copies the runner and its package files there and installs
     * {@code playwright-core} with {@code npm ci} unless the installed lock file is the same.
     */
    public static synchronized BrowserTests prepare(Path workDir) throws IOException, InterruptedException {
        for (String tool : List.of("node", "npm")) {
            if (!onPath(tool)) {
                throw new IllegalStateException(tool + " is not on the PATH; browser tests need Node.js and npm");
            }
        }
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            throw new IllegalStateException(CHROMIUM + " is missing: install Debian's Chromium (apt-get install -y chromium, "
                    + "or run ./dialtone test, which installs it), or point DIALTONE_CHROMIUM at a Chromium binary");
        }
        Files.createDirectories(workDir.resolve("lib"));
        for (String f : FILES) {
            try (InputStream in = BrowserTests.class.getClassLoader().getResourceAsStream("browser/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("browser/" + f + " is missing from the test classpath");
                }
                Files.copy(in, workDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path installedLock = workDir.resolve("node_modules/.package-lock.json");
        Path marker = workDir.resolve("node_modules/.dialtone-lock");
        byte[] lock = Files.readAllBytes(workDir.resolve("package-lock.json"));
        if (!Files.exists(installedLock) || !Files.exists(marker) || !Arrays.equals(Files.readAllBytes(marker), lock)) {
            exec(workDir, Duration.ofMinutes(5), Map.of(), line -> { }, "npm", "ci", "--no-audit", "--no-fund", "--prefer-offline",
                    "--loglevel=error");
            Files.write(marker, lock);
        }
        return new BrowserTests(workDir);
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * Runs tests of {@code suite} (all of them if {@code tests} is empty) in one runner process.
     * Failure screenshots go to {@code <workDir>/failures}.
     */
    public Run run(Path suite, Map<String, String> env, Duration timeout, String... tests) throws IOException, InterruptedException {
        return run(suite, env, timeout, line -> { }, tests);
    }

    /**
     * Like {@link #run(Path, Map, Duration, String...)}, and hands every line the runner prints to {@code lines} as it
     * comes (on the reader thread), so that a test can act while the browsers run, e.g. on a marker the suite prints.
     */
    public Run run(Path suite, Map<String, String> env, Duration timeout, java.util.function.Consumer<String> lines,
                   String... tests) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", workDir.resolve("lib/runner.mjs").toAbsolutePath().toString(),
                suite.toAbsolutePath().toString()));
        command.addAll(List.of(tests));
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("DIALTONE_CHROMIUM", CHROMIUM);
        all.putIfAbsent("DIALTONE_FAILURE_DIR", workDir.resolve("failures").toAbsolutePath().toString());
        Exec e = exec(workDir, timeout, all, lines, command.toArray(String[]::new));
        List<Result> results = new ArrayList<>();
        for (String line : e.output().split("\n")) {
            if (line.startsWith("BROWSER-TEST ")) {
                JsonObject o = new JsonObject(line.substring("BROWSER-TEST ".length()));
                results.add(new Result(o.getString("name"), "passed".equals(o.getString("status")), o.getLong("ms", 0L),
                        o.getString("error"), o.getString("screenshot")));
            }
        }
        return new Run(List.copyOf(results), e.exitCode(), e.output());
    }

    private record Exec(int exitCode, String output) {
    }

    private static Exec exec(Path dir, Duration timeout, Map<String, String> env, java.util.function.Consumer<String> lines,
                             String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                    if (!line.startsWith("BROWSER-TEST ")) {
                        System.out.println("[browser] " + line);
                    }
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process ended; what was read is kept
            }
        });
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            reader.join(5000);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "; output:\n" + out);
        }
        reader.join(5000);
        synchronized (out) {
            if (command[0].equals("npm") && p.exitValue() != 0) {
                throw new IOException("npm ci failed (exit " + p.exitValue() + ") in " + dir + ":\n" + out);
            }
            return new Exec(p.exitValue(), out.toString());
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
