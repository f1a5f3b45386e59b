package dev.dialtone.scenario.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dialtone run}: once as a real process, started the way the launcher starts it, and for the
 * error cases in this JVM (same code path, and the test kit's workers are reused between runs).
 */
class ScenarioRunnerIT {
    private record Run(int exit, String out, String err) {
    }

    private static Run runHere(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = ScenarioRunner.run(args, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", "target/classes" + File.pathSeparator + "target/lib/*", ScenarioRunner.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the runner did not finish");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void runsTheGatekeeperExampleAndPrintsItsTimeline() throws Exception {
        Run r = run("examples/gatekeeper.js", "--dial", "joinconf", "--caller", "alice", "--header", "X-Conference-Id=42",
                "--dtmf", "12#", "--for", "20s");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("sandbox runtime: GraalVM CE").contains("ANSWERED").contains("Welcome. Please enter your conference PIN")
                .contains("That PIN is too short");
    }

    @Test
    void aSyntaxErrorExitsOneWithFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.js"), "var ok = 1;\nvar broken = ;\n");
        Run r = runHere(bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(bad + ":2:");
    }

    @Test
    void anUncaughtErrorExitsOneWithItsLocation(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("throws.js"),
                "VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {\n  e.call.answer();\n  null.x;\n});\n");
        Run r = runHere(bad.toString(), "--for", "2s");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("scenario error: stopped by an uncaught error: TypeError").contains("(throws.js:3:");
    }
}
