package dev.dialtone.platform.service;

import java.util.regex.Pattern;

import dev.dialtone.platform.PlatformException;

/** Validation of the names and short texts the API accepts. Messages say what to fix. */
public final class Names {
    private static final Pattern APPLICATION = Pattern.compile("[a-z][a-z0-9-]{1,63}");
    private static final Pattern ACCOUNT = Pattern.compile("[a-z][a-z0-9-]{3,39}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{3,20}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]");

    private Names() {
    }

    public static String applicationName(String field, String s) throws PlatformException {
        require(field, s);
        if (!APPLICATION.matcher(s).matches()) {
            throw PlatformException.invalid(field, field + " must be 2 to 64 characters: lower-case letters, digits and '-', "
                    + "starting with a letter (got " + quote(s) + ")");
        }
        return s;
    }

    public static String accountName(String field, String s) throws PlatformException {
        require(field, s);
        if (!ACCOUNT.matcher(s).matches()) {
            throw PlatformException.invalid(field, field + " must be 4 to 40 characters: lower-case letters, digits and '-', "
                    + "starting with a letter (got " + quote(s) + ")");
        }
        return s;
    }

    /** Free text names (scenarios, rules, trunks): 1..max characters, not blank, no control characters. */
    public static String text(String field, String s, int max) throws PlatformException {
        require(field, s);
        if (s.isBlank()) {
            throw PlatformException.invalid(field, field + " must not be blank");
        }
        if (s.length() > max) {
            throw PlatformException.invalid(field, field + " is " + s.length() + " characters long; the limit is " + max);
        }
        int bad = firstControl(s);
        if (bad >= 0) {
            throw PlatformException.invalid(field, String.format("%s contains the control character U+%04X at index %d; remove it",
                    field, (int) s.charAt(bad), bad));
        }
        return s;
    }

    public static String phoneNumber(String field, String s) throws PlatformException {
        require(field, s);
        if (!PHONE.matcher(s).matches()) {
            throw PlatformException.invalid(field, field + " must be 3 to 20 digits with an optional leading '+' (got "
                    + quote(s) + ")");
        }
        return s;
    }

    public static String host(String field, String s) throws PlatformException {
        require(field, s);
        if (!HOST.matcher(s).matches()) {
            throw PlatformException.invalid(field, field + " must be a DNS name or an IP address (got " + quote(s) + ")");
        }
        return s;
    }

    private static void require(String field, String s) throws PlatformException {
        if (s == null || s.isEmpty()) {
            throw PlatformException.invalid(field, field + " is required");
        }
    }

    static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return i;
            }
        }
        return -1;
    }

    /** Untrusted input shown in a message: cut short, control characters escaped. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("'");
        int n = Math.min(s.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return b.append(s.length() > n ? "...'" : "'").toString();
    }
}
