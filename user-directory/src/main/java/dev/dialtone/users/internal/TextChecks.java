package dev.dialtone.users.internal;

/** Checks on human-readable text fields. */
public final class TextChecks {
    private TextChecks() {
    }

    /**
     * The index of the first character that must not appear in a name: C0/C1 controls, line and
     * paragraph separators, and bidirectional overrides (which can disguise a name). -1 if none.
     */
    public static int firstForbidden(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return i;
            }
        }
        return -1;
    }

    /** A short, printable rendering of untrusted input for an error message. */
    public static String quoteForMessage(String s) {
        StringBuilder b = new StringBuilder("'");
        int n = Math.min(s.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > n) {
            b.append("...");
        }
        return b.append('\'').toString();
    }
}
