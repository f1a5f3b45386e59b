package dev.dialtone.scenario.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

import org.junit.jupiter.api.Test;

class FrameTest {

    private static byte[] bytes(Frame... frames) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        for (Frame f : frames) {
            f.write(out);
        }
        out.flush();
        return b.toByteArray();
    }

    private static DataInputStream in(byte[] b) {
        return new DataInputStream(new ByteArrayInputStream(b));
    }

    @Test
    void roundTripsEveryFieldIncludingNullsAndUnicode() throws IOException {
        Frame a = new Frame(Frame.Type.DISPATCH, 42, Long.MIN_VALUE, Long.MAX_VALUE, "{\"t\":\"call\",\"text\":\"héllo ☎ \\u0000\"}", null);
        Frame b = new Frame(Frame.Type.DONE, -7, 3, 123_456_789_012L, null, "");
        Frame c = Frame.of(Frame.Type.SHUTDOWN, 0);
        DataInputStream in = in(bytes(a, b, c));
        assertThat(Frame.read(in)).isEqualTo(a);
        assertThat(Frame.read(in)).isEqualTo(b);
        assertThat(Frame.read(in)).isEqualTo(c);
        assertThat(Frame.read(in)).as("clean end of stream").isNull();
    }

    @Test
    void everyTypeSurvivesTheTrip() throws IOException {
        for (Frame.Type t : Frame.Type.values()) {
            Frame f = new Frame(t, 1, 2, 3, "s1", "s2");
            assertThat(Frame.read(in(bytes(f)))).isEqualTo(f);
        }
    }

    @Test
    void refusesToWriteAFrameOverTheSizeLimit() {
        String big = "x".repeat(Frame.MAX_FRAME_BYTES);
        assertThatThrownBy(() -> bytes(new Frame(Frame.Type.SOURCE, 1, 0, 0, "big.js", big)))
                .isInstanceOf(IOException.class).hasMessageContaining("frame too large");
    }

    @Test
    void rejectsALengthBelowTheHeaderOrAboveTheLimit() throws IOException {
        byte[] tooShort = header(10, 0);
        assertThatThrownBy(() -> Frame.read(in(tooShort))).isInstanceOf(IOException.class).hasMessageContaining("bad frame length");
        byte[] tooLong = header(Frame.MAX_FRAME_BYTES + 1, 0);
        assertThatThrownBy(() -> Frame.read(in(tooLong))).isInstanceOf(IOException.class).hasMessageContaining("bad frame length");
        byte[] negative = header(-1, 0);
        assertThatThrownBy(() -> Frame.read(in(negative))).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsAnUnknownType() throws IOException {
        assertThatThrownBy(() -> Frame.read(in(header(29, 200)))).isInstanceOf(IOException.class).hasMessageContaining("unknown frame type");
    }

    @Test
    void rejectsStringsThatDoNotFitTheirFrame() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(29 + 4);
        out.writeByte(Frame.Type.COMMAND.ordinal());
        out.writeInt(1);
        out.writeLong(0);
        out.writeLong(0);
        out.writeInt(1_000);          // s1 claims more bytes than the frame holds
        out.write(new byte[1_000]);
        out.writeInt(-1);
        assertThatThrownBy(() -> Frame.read(in(b.toByteArray()))).isInstanceOf(IOException.class).hasMessageContaining("longer than its frame");
    }

    @Test
    void rejectsAFrameWhoseContentDisagreesWithItsLength() throws IOException {
        byte[] good = bytes(new Frame(Frame.Type.COMMAND, 1, 0, 0, "[\"log\",\"x\"]", null));
        // Claim four bytes more than the content: the reader must not silently accept the mismatch.
        java.nio.ByteBuffer.wrap(good).putInt(0, java.nio.ByteBuffer.wrap(good).getInt(0) + 4);
        byte[] withPadding = java.util.Arrays.copyOf(good, good.length + 4);
        assertThatThrownBy(() -> Frame.read(in(withPadding))).isInstanceOf(IOException.class).hasMessageContaining("length");
    }

    @Test
    void aTruncatedFrameIsAnErrorNotAnEnd() throws IOException {
        byte[] good = bytes(new Frame(Frame.Type.COMMAND, 1, 0, 0, "[\"log\",\"x\"]", null));
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> Frame.read(in(cut))).isInstanceOf(EOFException.class);
    }

    @Test
    void outcomesReadBackAndUnknownOnesCountAsScriptErrors() {
        for (Frame.Outcome o : Frame.Outcome.values()) {
            assertThat(Frame.Outcome.of(o.ordinal())).isEqualTo(o);
        }
        assertThat(Frame.Outcome.of(99)).isEqualTo(Frame.Outcome.SCRIPT_ERROR);
        assertThat(Frame.Outcome.of(-1)).isEqualTo(Frame.Outcome.SCRIPT_ERROR);
        assertThat(Frame.Outcome.CPU_LIMIT.brokeLimit()).isTrue();
        assertThat(Frame.Outcome.SCRIPT_ERROR.brokeLimit()).isFalse();
    }

    private static byte[] header(int length, int type) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(length);
        out.writeByte(type);
        out.writeInt(0);
        out.writeLong(0);
        out.writeLong(0);
        out.writeInt(-1);
        out.writeInt(-1);
        return b.toByteArray();
    }
}
