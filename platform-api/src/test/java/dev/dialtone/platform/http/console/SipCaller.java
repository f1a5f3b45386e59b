package dev.dialtone.platform.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.dialtone.media.testing.RtpPeer;
import dev.dialtone.platform.testing.TestNode;
import dev.dialtone.pstn.testing.Sipp;

/**
 * Places a real SIP call through a test node with SIPp ({@code sipp/node_caller.xml}), for the console
 * tests that need calls in the history: the call reaches {@code service} at {@code host} (an
 * application's address {@code app.account.dialtone.local}), is answered, and ends with the node's BYE
 * or, after {@code waitForBye}, the caller's.
 */
final class SipCaller {
    private SipCaller() {
    }

    static void call(TestNode node, Path dir, String host, String service, String caller, Duration waitForBye) throws Exception {
        try (RtpPeer peer = RtpPeer.open();
             Sipp sipp = Sipp.in(dir).scenario("/sipp/node_caller.xml",
                             Map.of("[wait_ms]", Long.toString(waitForBye.toMillis()), "<!--INFOS-->", ""))
                     .keys(Map.of("app_host", host, "rtp_port", Integer.toString(peer.address().getPort()), "caller", caller))
                     .args("-s", service, "-m", "1", "-timeout", "30s", "-timeout_error")) {
            Sipp.Result r = sipp.run("127.0.0.1:" + node.node().sip().port(), waitForBye.plusSeconds(30));
            assertThat(r.allSucceeded()).as(r.output()).isTrue();
        }
    }
}
