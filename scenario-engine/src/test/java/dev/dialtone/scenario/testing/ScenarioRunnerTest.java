package dev.dialtone.scenario.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's command line; running scenarios for real is covered by {@code ScenarioRunnerIT}. */
class ScenarioRunnerTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ScenarioRunner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readsDurationsInMillisecondsSecondsAndMinutes() {
        assertThat(ScenarioRunner.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ScenarioRunner.duration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ScenarioRunner.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ScenarioRunner.duration("45")).as("seconds by default").isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void rejectsDurationsItCannotRead() {
        for (String bad : new String[] {"", "s", "-5s", "1.5s", "10h", "5 s", "99999999999999999999s"}) {
            assertThatThrownBy(() -> ScenarioRunner.duration(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void printsUsageOnHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ./dialtone run <scenario.js>...");
    }

    @Test
    void badArgumentsExitTwoWithAClearMessageBeforeAnyWorkerStarts(@TempDir Path dir) throws Exception {
        Path ok = Files.writeString(dir.resolve("ok.js"), "// nothing");
        assertThat(run()).isEqualTo(2);
        assertThat(errors()).contains("name at least one scenario file");
        err.reset();
        assertThat(run(ok.toString(), "--bogus")).isEqualTo(2);
        assertThat(errors()).contains("unknown option --bogus");
        err.reset();
        assertThat(run(ok.toString(), "--dial")).isEqualTo(2);
        assertThat(errors()).contains("--dial needs a value");
        err.reset();
        assertThat(run(ok.toString(), "--header", "X-Missing-Equals")).isEqualTo(2);
        assertThat(errors()).contains("--header wants NAME=VALUE");
        err.reset();
        assertThat(run(ok.toString(), "--for", "soon")).isEqualTo(2);
        assertThat(errors()).contains("not a duration");
        err.reset();
        assertThat(run(dir.resolve("missing.js").toString())).isEqualTo(2);
        assertThat(errors()).contains("cannot read");
    }
}
