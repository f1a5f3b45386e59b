package dev.dialtone.pstn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.CallEvent;
import dev.dialtone.pstn.testing.RecordingSink;
import dev.dialtone.pstn.testing.Sipp;
import dev.dialtone.pstn.testing.TestConnector;
import dev.dialtone.pstn.testing.TestSessions;

class InboundCallIT {
    @TempDir
    Path dir;

    @Test
    void sippCallerIsAnsweredAndHangsUp() throws Exception {
        TestSessions sessions = new TestSessions().onOffer(leg -> leg.answer(Map.of()));
        RecordingSink records = new RecordingSink();
        try (TestConnector c = TestConnector.start(dir, sessions, records);
             Sipp sipp = Sipp.in(dir).args("-sn", "uac", "-s", "conf_42", "-m", "1", "-timeout", "20s", "-timeout_error")) {
            Sipp.Result r = sipp.run(c.target(), Duration.ofSeconds(30));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
            assertThat(sessions.await(CallEvent.Disconnected.class, Duration.ofSeconds(5))).isPresent()
                    .get().satisfies(d -> assertThat(d.byRemote()).isTrue());
            assertThat(sessions.legs()).hasSize(1);
            assertThat(sessions.legs().getFirst().info().destination()).isEqualTo("conf_42");
            List<CallRecord> done = records.awaitFinished(1, Duration.ofSeconds(5));
            assertThat(done).hasSize(1);
            assertThat(done.getFirst().disconnectReason()).isEqualTo("remote-hangup");
            assertThat(done.getFirst().sipCode()).isEqualTo(200);
            assertThat(c.connector().liveCalls()).isZero();
        }
    }
}
