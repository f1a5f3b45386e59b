package dev.dialtone.scenario.internal.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One message between the node and a sandbox worker, sent over the worker's stdin/stdout as a
 * length-prefixed frame: {@code int length, byte type, int session, long a, long b, string s1, string s2}
 * where a string is {@code int byteLength} (-1 for null) followed by UTF-8 bytes.
 *
 * <p>{@code session} is a worker-local session handle (or a request id for {@link Type#PARSE}); the
 * meaning of {@code a}, {@code b}, {@code s1} and {@code s2} depends on the type and is documented
 * on each {@link Type}.
 */
public record Frame(Type type, int session, long a, long b, String s1, String s2) {

    /** Largest frame either side accepts; a larger one is a protocol error that ends the worker. */
    public static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;
    /** Type, session, a, b and the two string lengths: a frame with two null strings. */
    private static final int HEADER_BYTES = 1 + 4 + 8 + 8 + 4 + 4;

    public enum Type {
        // node -> worker
        /** One scenario of a session being opened: s1 = name, s2 = code. Sent before {@link #OPEN}. */
        SOURCE,
        /** Evaluate the SOURCE frames received for this session in a fresh context (a = the node's clock in epoch milliseconds); answered by DONE. */
        OPEN,
        /** Run one event: a = the node's clock in epoch milliseconds, s1 = event JSON; answered by DONE. */
        DISPATCH,
        /** Close the session's context (no answer). */
        CLOSE,
        /** Parse without running: session = request id, s1 = file name, s2 = code; answered by PARSED. */
        PARSE,
        /** Exit cleanly. */
        SHUTDOWN,
        /**
         * Parse a scenario as a session would (s1 = its name, s2 = code) and keep the parsed code for the sessions
         * that run it; no answer, errors ignored (the upload's PARSE reported them).
         */
        PREPARE,
        // worker -> node
        /** The worker is up: s1 = Truffle runtime name (e.g. "GraalVM CE" or "Interpreted"). */
        READY,
        /**
         * API calls from the script, in order: s1 = JSON array of calls, each {@code [op, args...]}. A
         * callback's calls are batched and sent when it ends (or every 10 ms while it runs long).
         */
        COMMAND,
        /**
         * An OPEN or DISPATCH finished: a = {@link Outcome} ordinal, b = bytes allocated by the callback,
         * s1 = error text (with file:line) or null, s2 = the handler's result (HTTP requests) or null.
         */
        DONE,
        /** Answer to PARSE: a = line (0 if the code parses), b = column, s1 = message. */
        PARSED,
        /**
         * Sent every 100 ms and whenever a callback becomes hot or stops being hot: a = functions compiled
         * by the optimizing JIT so far (counted only with trace-compilation), b = the session handle whose
         * cancelled callback is still running after the grace period (0 if none), s1 = "hot" while some
         * running callback has used more than its hot CPU time.
         */
        HEARTBEAT,
        /** With trace-compilation: the optimizing JIT compiled a function: a = Truffle tier, s1 = its name. */
        JIT;

        private static final Type[] VALUES = values();

        static Type of(int ordinal) throws IOException {
            if (ordinal < 0 || ordinal >= VALUES.length) {
                throw new IOException("unknown frame type " + ordinal);
            }
            return VALUES[ordinal];
        }
    }

    /** How a callback ended. */
    public enum Outcome {
        OK,
        /** The script threw (or the source did not parse): s1 carries the error. */
        SCRIPT_ERROR,
        /** The callback ran past the CPU limit and was cancelled. */
        CPU_LIMIT,
        /** The callback allocated more than allowed (or the heap ran out) and was cancelled. */
        HEAP_LIMIT,
        /** The callback sent too many API calls or too many bytes of them. */
        FLOOD_LIMIT,
        /** The session was closed while the callback ran, or is unknown to the worker. */
        CLOSED;

        private static final Outcome[] VALUES = values();

        public static Outcome of(long ordinal) {
            return ordinal >= 0 && ordinal < VALUES.length ? VALUES[(int) ordinal] : SCRIPT_ERROR;
        }

        public boolean brokeLimit() {
            return this == CPU_LIMIT || this == HEAP_LIMIT || this == FLOOD_LIMIT;
        }
    }

    public static Frame of(Type type, int session) {
        return new Frame(type, session, 0, 0, null, null);
    }

    public static Frame of(Type type, int session, long a, String s1) {
        return new Frame(type, session, a, 0, s1, null);
    }

    public void write(DataOutputStream out) throws IOException {
        byte[] b1 = s1 == null ? null : s1.getBytes(StandardCharsets.UTF_8);
        byte[] b2 = s2 == null ? null : s2.getBytes(StandardCharsets.UTF_8);
        int length = 1 + 4 + 8 + 8 + 4 + (b1 == null ? 0 : b1.length) + 4 + (b2 == null ? 0 : b2.length);
        if (length > MAX_FRAME_BYTES) {
            throw new IOException("frame too large: " + length + " bytes");
        }
        out.writeInt(length);
        out.writeByte(type.ordinal());
        out.writeInt(session);
        out.writeLong(a);
        out.writeLong(b);
        writeBytes(out, b1);
        writeBytes(out, b2);
    }

    /** Reads one frame, or returns null at a clean end of stream. */
    public static Frame read(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < HEADER_BYTES || length > MAX_FRAME_BYTES) {
            throw new IOException("bad frame length " + length);
        }
        Type type = Type.of(in.readUnsignedByte());
        int session = in.readInt();
        long a = in.readLong();
        long b = in.readLong();
        int left = length - HEADER_BYTES;
        byte[] s1 = readBytes(in, left);
        left -= s1 == null ? 0 : s1.length;
        byte[] s2 = readBytes(in, left);
        left -= s2 == null ? 0 : s2.length;
        if (left != 0) {
            throw new IOException("frame length " + length + " does not match its content");
        }
        return new Frame(type, session, a, b, text(s1), text(s2));
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static String text(byte[] utf8) {
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    /** Reads one string's bytes, at most {@code room} of them (what is left of its frame). */
    private static byte[] readBytes(DataInputStream in, int room) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > room) {
            throw new IOException("string longer than its frame");
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }
}
