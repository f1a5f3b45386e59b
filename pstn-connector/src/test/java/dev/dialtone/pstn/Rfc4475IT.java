package dev.dialtone.pstn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.pstn.testing.RecordingSink;
import dev.dialtone.pstn.testing.Rfc4475Kit;
import dev.dialtone.pstn.testing.TestConnector;
import dev.dialtone.pstn.testing.TestSessions;

class Rfc4475IT {
    /** The RFC 4475 kit (messages, verdicts, send.py); {@code -Drfc4475.dir=...} overrides. */
    static final Path KIT = Rfc4475Kit.dir();

    @TempDir
    Path dir;

    @Test
    void udp() throws Exception {
        run(false);
    }

    @Test
    void tcp() throws Exception {
        run(true);
    }

    /**
     * send.py sends each torture message byte for byte (UDP mode: over 1300 bytes by TCP), checks the
     * answer against the RFC's verdict and the node's health before and after. {@code --strict} makes
     * any answer the verdicts do not allow a failure; the RFC lets a liberal receiver accept ten of
     * the invalid messages ("OK-liberal"), which we do where JAIN-SIP's parser accepts them.
     */
    private void run(boolean tcp) throws Exception {
        Path sendPy = KIT.resolve("send.py");
        assumeTrue(Files.isRegularFile(sendPy), "the RFC 4475 kit is not at " + KIT.toAbsolutePath());
        TestSessions sessions = new TestSessions().onOffer(leg -> leg.answer(Map.of()));
        try (TestConnector c = TestConnector.start(dir, sessions, new RecordingSink())) {
            List<String> cmd = new ArrayList<>(List.of("python3", sendPy.toString(), c.target(), "--bind", "127.0.0.91", "--strict",
                    "--timeout", "1"));
            if (tcp) {
                cmd.add("--tcp");
            }
            String only = System.getProperty("rfc4475.only");
            if (only != null && !only.isBlank()) {
                cmd.addAll(List.of("--only", only, "-v"));
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
            System.out.println(out);
            Files.writeString(Path.of("target", "rfc4475-" + (tcp ? "tcp" : "udp") + ".txt"), out);
            assertThat(p.exitValue()).as("send.py exit code (1: node stopped answering, 3: an answer the RFC does not allow)\n" + out)
                    .isEqualTo(0);
            assertThat(out).contains("post-check OPTIONS -> 200; 0 message(s) with unexpected answers");
            assertThat(c.connector().malformedMessages()).as("malformed messages were counted").isPositive();
        }
    }
}
