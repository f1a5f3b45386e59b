package dev.dialtone.pstn.internal.sip;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A DTMF digit carried in a SIP INFO body: {@code application/dtmf-relay} ({@code Signal=5} and
 * {@code Duration=160} lines, as Cisco and most carriers send) or {@code application/dtmf} (the digit
 * alone). Event codes 10-15 ({@code *}, {@code #}, {@code A}-{@code D}, RFC 4733 numbering) are
 * accepted in place of the characters.
 */
public record DtmfInfo(char digit, Duration duration) {
    public static final Duration DEFAULT_DURATION = Duration.ofMillis(160);
    private static final String DIGITS = "0123456789*#ABCD";

    /** The digit in {@code body} of content type {@code type}; empty if this is not a DTMF INFO or it is malformed. */
    public static Optional<DtmfInfo> parse(String type, String body) {
        if (body.length() > 1024) {
            return Optional.empty();
        }
        if (type.equals("application/dtmf-relay")) {
            Optional<Character> digit = Optional.empty();
            Duration duration = DEFAULT_DURATION;
            for (String line : body.split("\r?\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(eq + 1).trim();
                if (key.equals("signal")) {
                    digit = digit(value);
                } else if (key.equals("duration")) {
                    try {
                        int ms = Integer.parseInt(value);
                        if (ms > 0 && ms < 60_000) {
                            duration = Duration.ofMillis(ms);
                        }
                    } catch (NumberFormatException e) {
                        // keep the default duration
                    }
                }
            }
            Duration d = duration;
            return digit.map(c -> new DtmfInfo(c, d));
        }
        if (type.equals("application/dtmf")) {
            return digit(body.trim()).map(c -> new DtmfInfo(c, DEFAULT_DURATION));
        }
        return Optional.empty();
    }

    private static Optional<Character> digit(String value) {
        if (value.length() == 1) {
            char c = Character.toUpperCase(value.charAt(0));
            return DIGITS.indexOf(c) >= 0 ? Optional.of(c) : Optional.empty();
        }
        if (value.length() == 2 && value.charAt(0) == '1' && value.charAt(1) >= '0' && value.charAt(1) <= '5') {
            return Optional.of(DIGITS.charAt(10 + value.charAt(1) - '0'));
        }
        return Optional.empty();
    }
}
