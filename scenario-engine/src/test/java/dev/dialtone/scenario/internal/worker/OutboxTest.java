package dev.dialtone.scenario.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.dialtone.scenario.internal.wire.Frame;

class OutboxTest {
    /** Keeps every write the outbox makes to the node's pipe, one entry per write. */
    private static final class RecordingPipe extends OutputStream {
        final List<byte[]> writes = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            writes.add(new byte[] {(byte) b});
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.add(Arrays.copyOfRange(b, off, off + len));
        }

        synchronized List<byte[]> awaitWrites(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (writes.size() < n && System.nanoTime() < deadline) {
                wait(10);
            }
            return List.copyOf(writes);
        }
    }

    @Test
    void aCallbacksCommandsAndItsDoneReachTheNodeInOneWriteInThatOrder() throws Exception {
        RecordingPipe pipe = new RecordingPipe();
        Outbox outbox = new Outbox(pipe);
        outbox.start();
        outbox.send(Frame.of(Frame.Type.COMMAND, 7, 0, "[[\"answer\",1]]"), new Frame(Frame.Type.DONE, 7, 0, 128, null, null));
        List<byte[]> writes = pipe.awaitWrites(1);
        Thread.sleep(50); // a second write would come now
        assertThat(pipe.awaitWrites(1)).as("one write for both frames").hasSize(1);

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(writes.getFirst()));
        Frame first = Frame.read(in);
        Frame second = Frame.read(in);
        assertThat(first.type()).isEqualTo(Frame.Type.COMMAND);
        assertThat(first.s1()).isEqualTo("[[\"answer\",1]]");
        assertThat(second.type()).isEqualTo(Frame.Type.DONE);
        assertThat(second.b()).isEqualTo(128);
        assertThat(in.available()).isZero();
    }
}
