package dev.dialtone.pstn.internal.sip;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Cuts a SIP byte stream (TCP) into messages, RFC 3261 §18.3: headers up to the empty line, then
 * exactly Content-Length bytes of body. Header names are matched as RFC 3261 §7.3 says (any case,
 * the compact form {@code l}, spaces before the colon, folded lines), which JAIN-SIP's own TCP
 * framer does not do (it reads {@code l: 150} as no body and {@code Content-Length : 150} as a fatal
 * error). Keep-alive CRLFs between messages are skipped and a double CRLF reported (RFC 5626 §4.4.1).
 *
 * <p>A stream that cannot be framed (no, negative, non-numeric or conflicting Content-Length, or a
 * message over {@code maxBytes}) cannot be resynchronised: {@link Sink#framingError} gets its header
 * section and the caller closes the connection. Not thread-safe: one per connection, fed by its
 * reading thread.
 */
final class StreamFramer {
    /** Receives what the framer finds. */
    interface Sink {
        void message(byte[] message, String callId);

        void keepAlive();

        void framingError(String headers, String why);
    }

    /** The stream cannot be framed any more; close the connection. */
    static final class FramingException extends Exception {
        private static final long serialVersionUID = 1L;

        FramingException(String why) {
            super(why, null, false, false);
        }
    }

    private final int maxBytes;
    private final Sink sink;
    private byte[] buf = new byte[4096];
    private int len;
    private int crlfRun;

    StreamFramer(int maxBytes, Sink sink) {
        this.maxBytes = maxBytes;
        this.sink = sink;
    }

    void feed(byte[] data) throws FramingException {
        if (len + data.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + data.length));
        }
        System.arraycopy(data, 0, buf, len, data.length);
        len += data.length;
        while (next()) {
            // one message or keep-alive consumed per round
        }
    }

    /** Consumes one unit from the buffer if complete; false when more bytes are needed. */
    private boolean next() throws FramingException {
        int start = 0;
        while (start < len && (buf[start] == '\r' || buf[start] == '\n')) {
            if (buf[start] == '\n' && ++crlfRun == 2) {
                crlfRun = 0;
                sink.keepAlive();
            }
            start++;
        }
        if (start > 0) {
            shift(start);
        }
        if (len == 0) {
            return false;
        }
        crlfRun = 0;
        int headerEnd = headerEnd();
        if (headerEnd < 0) {
            if (len > maxBytes) {
                fail(new String(buf, 0, Math.min(len, 4096), StandardCharsets.UTF_8), "headers longer than " + maxBytes + " bytes");
            }
            return false;
        }
        String headers = new String(buf, 0, headerEnd, StandardCharsets.UTF_8);
        long contentLength = -1;
        String callId = null;
        for (String line : unfold(headers)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length") || name.equals("l")) {
                long v = parseLength(headers, value);
                if (contentLength >= 0 && contentLength != v) {
                    fail(headers, "conflicting Content-Length headers");
                }
                contentLength = v;
            } else if (name.equals("call-id") || name.equals("i")) {
                callId = value;
            }
        }
        if (contentLength < 0) {
            fail(headers, "no Content-Length header (required over TCP, RFC 3261 §18.3)");
        }
        int bodyStart = headerEnd + (buf[headerEnd] == '\r' ? 4 : 2);
        long total = bodyStart + contentLength;
        if (total > maxBytes) {
            fail(headers, "message longer than " + maxBytes + " bytes");
        }
        if (len < total) {
            return false;
        }
        byte[] message = Arrays.copyOf(buf, (int) total);
        shift((int) total);
        sink.message(message, callId);
        return true;
    }

    private long parseLength(String headers, String value) throws FramingException {
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            fail(headers, "bad Content-Length: " + (value.length() > 20 ? value.substring(0, 20) : value));
        }
        return Long.parseLong(value);
    }

    private void fail(String headers, String why) throws FramingException {
        sink.framingError(headers, why);
        throw new FramingException(why);
    }

    /** Index of the CR (or LF) that starts the empty line, or -1. */
    private int headerEnd() {
        for (int i = 0; i + 1 < len; i++) {
            if (buf[i] == '\n' && buf[i + 1] == '\n') {
                return i; // bare LF line ends
            }
            if (i + 3 < len && buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static java.util.List<String> unfold(String headers) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String raw : headers.split("\r?\n")) {
            if (!raw.isEmpty() && (raw.charAt(0) == ' ' || raw.charAt(0) == '\t') && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.getLast() + " " + raw.trim());
            } else {
                lines.add(raw);
            }
        }
        return lines;
    }

    private void shift(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
        if (buf.length > 65_536 && len < 4096) {
            buf = Arrays.copyOf(buf, 4096);
        }
    }
}
