package dev.dialtone.pstn.internal.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dialtone.pstn.PstnConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SipStackCloseTest {

    @Test
    void closingTheStackEndsEveryThreadItStarted() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        InetAddress lo = InetAddress.getLoopbackAddress();
        PstnConfig config = PstnConfig.builder().bindAddress(lo).advertisedAddress(lo).port(0).build();
        SipStack stack = SipStack.open(config, "close-test", (source, transport, why) -> { });
        stack.start();
        List<Thread> started = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t)).toList();
        assertThat(started).as("the stack's threads").isNotEmpty();

        stack.close();

        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> alive = List.of();
        while (System.nanoTime() < deadline) {
            // Daemon or not, a thread left behind per stack is a leak; a non-daemon one also keeps a JVM
            // whose main method returned from exiting.
            alive = started.stream().filter(Thread::isAlive).map(Thread::getName).toList();
            if (alive.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(alive).as("threads of the stack still alive 10 s after close").isEmpty();
    }
}
