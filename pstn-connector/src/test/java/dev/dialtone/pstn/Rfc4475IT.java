package dev.dialtone.pstn;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.dialtone.pstn.testing.TestConnector;
import dev.dialtone.pstn.testing.TestSessions;

class Rfc4475IT {
    static final Path SEND_PY = Path.of("/work/shared/rfc4475/send.py");

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

    private void run(boolean tcp) throws Exception {
        TestSessions sessions = new TestSessions().onOffer(leg -> leg.answer(Map.of()));
        try (TestConnector c = TestConnector.start(dir, sessions, new RecordingSink())) {
            List<String> cmd = new ArrayList<>(List.of("python3", SEND_PY.toString(), c.target(), "--bind", "127.0.0.91", "--strict",
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
            assertThat(p.exitValue()).as(out).isEqualTo(0);
        }
    }
}
