package dev.dialtone.platform.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.dialtone.platform.PlatformException;

/**
 * A {@code multipart/form-data} body (RFC 7578 on RFC 2046 §5.1) read strictly into its fields, so
 * that a malformed body is refused with a message saying what is wrong instead of silently losing
 * fields. Every part must be {@code form-data} with a name; values are UTF-8 text (a part with a
 * {@code filename} is read as text too). Preamble and epilogue are ignored, as the RFC says.
 */
public record MultipartForm(List<Field> fields) {
    /** Parts one body may have. */
    public static final int MAX_PARTS = 1000;
    private static final int MAX_HEADER_BYTES = 8 * 1024;

    public record Field(String name, String value) {
    }

    public MultipartForm {
        fields = List.copyOf(fields);
    }

    /** Whether a Content-Type header names multipart/form-data. */
    public static boolean isMultipart(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * @throws PlatformException INVALID with a message that says what is wrong with the body
     */
    public static MultipartForm parse(String contentType, byte[] body) throws PlatformException {
        byte[] delimiter = ("--" + boundary(contentType)).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(body, delimiter, 0, true);
        if (at < 0) {
            throw invalid("the body does not contain the boundary given in Content-Type; it is not multipart/form-data");
        }
        List<Field> fields = new ArrayList<>();
        int pos = at + delimiter.length;
        while (true) {
            if (startsWith(body, pos, "--")) {
                return new MultipartForm(fields); // close delimiter; the epilogue is ignored
            }
            while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
                pos++;
            }
            if (!startsWith(body, pos, "\r\n")) {
                throw invalid(pos >= body.length ? "the body ends after a boundary without the closing '--'"
                        : "a boundary line is followed by something other than a line break");
            }
            pos += 2;
            if (fields.size() >= MAX_PARTS) {
                throw invalid("the body has more than " + MAX_PARTS + " parts");
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos, false);
            boolean noHeaders = startsWith(body, pos, "\r\n");
            if (noHeaders || headersEnd < 0 || headersEnd - pos > MAX_HEADER_BYTES) {
                throw invalid("part " + (fields.size() + 1) + (noHeaders ? " has no headers (a Content-Disposition with a name is needed)"
                        : " has no end of headers (an empty line) within " + MAX_HEADER_BYTES + " bytes"));
            }
            String name = fieldName(new String(body, pos, headersEnd - pos, StandardCharsets.ISO_8859_1), fields.size() + 1);
            int contentStart = headersEnd + 4;
            byte[] next = ("\r\n--" + boundary(contentType)).getBytes(StandardCharsets.US_ASCII);
            int contentEnd = indexOf(body, next, contentStart, false);
            if (contentEnd < 0) {
                throw invalid("the body ends inside part '" + name + "', before its closing boundary '--" + boundary(contentType) + "--'");
            }
            fields.add(new Field(name, utf8(body, contentStart, contentEnd, name)));
            pos = contentEnd + next.length;
        }
    }

    private static String boundary(String contentType) throws PlatformException {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = p.substring(9).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                if (b.isEmpty() || b.length() > 70 || !b.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    throw invalid("the Content-Type's boundary must be 1 to 70 printable ASCII characters");
                }
                return b;
            }
        }
        throw invalid("Content-Type multipart/form-data has no boundary parameter");
    }

    /** The {@code name} of a part's {@code Content-Disposition: form-data; name="…"} header. */
    private static String fieldName(String headers, int part) throws PlatformException {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw invalid("part " + part + " has a header line without a name: it is not a header");
            }
            if (!line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                continue;
            }
            String value = line.substring(colon + 1).trim();
            if (!value.toLowerCase(Locale.ROOT).startsWith("form-data")) {
                throw invalid("part " + part + " is not form-data (Content-Disposition: " + cut(value) + ")");
            }
            String name = parameter(value, "name");
            if (name == null || name.isEmpty()) {
                throw invalid("part " + part + "'s Content-Disposition has no name");
            }
            return new String(name.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
        throw invalid("part " + part + " has no Content-Disposition header");
    }

    /** A parameter of a header value: {@code name="x"} (quoted, with backslash escapes) or {@code name=x}. */
    private static String parameter(String value, String wanted) {
        int i = value.indexOf(';');
        while (i >= 0 && i < value.length()) {
            int start = i + 1;
            while (start < value.length() && value.charAt(start) == ' ') {
                start++;
            }
            int eq = value.indexOf('=', start);
            if (eq < 0) {
                return null;
            }
            String key = value.substring(start, eq).trim();
            int j = eq + 1;
            StringBuilder v = new StringBuilder();
            if (j < value.length() && value.charAt(j) == '"') {
                j++;
                while (j < value.length() && value.charAt(j) != '"') {
                    if (value.charAt(j) == '\\' && j + 1 < value.length()) {
                        j++;
                    }
                    v.append(value.charAt(j++));
                }
                j++;
            } else {
                while (j < value.length() && value.charAt(j) != ';') {
                    v.append(value.charAt(j++));
                }
            }
            if (key.equalsIgnoreCase(wanted)) {
                return v.toString().trim();
            }
            i = value.indexOf(';', j);
        }
        return null;
    }

    private static String utf8(byte[] body, int from, int to, String name) throws PlatformException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("the value of part '" + name + "' is not UTF-8 text");
        }
    }

    /** Index of {@code needle} in {@code hay} from {@code from}; at a line start only if {@code lineStart}. */
    private static int indexOf(byte[] hay, byte[] needle, int from, boolean lineStart) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            if (!lineStart || i == 0 || (i >= 2 && hay[i - 2] == '\r' && hay[i - 1] == '\n')) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] body, int pos, String s) {
        if (pos + s.length() > body.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (body[pos + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static PlatformException invalid(String message) {
        return PlatformException.invalid("Content-Type", "malformed multipart/form-data body: " + message);
    }
}
