package dev.dialtone.platform.model;

import java.util.Locale;
import java.util.Optional;

/**
 * What a service-account key may do. The original platform has many roles; Dialtone has two, and
 * this is the one place that decides what each allows.
 *
 * @param id       the role id in the compatible API ({@code role_id})
 * @param original the role name in the compatible API ({@code role_name})
 * @param wire     the role name in the native API and the database
 */
public enum KeyRole {
    /** Everything the account may do, including managing keys. */
    OWNER(1, "Owner", "owner"),
    /** Reading only: the compatible API's {@code Get*} methods. */
    READ_ONLY(2, "ReadOnly", "read_only");

    private final int id;
    private final String original;
    private final String wire;

    KeyRole(int id, String original, String wire) {
        this.id = id;
        this.original = original;
        this.wire = wire;
    }

    public int id() {
        return id;
    }

    public String original() {
        return original;
    }

    public String wire() {
        return wire;
    }

    /**
     * Whether a key with this role may call the compatible API method {@code method}. The original's
     * read methods, and only they, are named {@code Get…} (GetApplications, GetRules, GetKeys, …).
     */
    public boolean permits(String method) {
        return switch (this) {
            case OWNER -> true;
            case READ_ONLY -> method.startsWith("Get") && method.length() > 3 && Character.isUpperCase(method.charAt(3));
        };
    }

    /** By native name ({@code owner}), compatible name ({@code Owner}, case-insensitive) or id. */
    public static Optional<KeyRole> parse(String s) {
        String t = s.trim();
        for (KeyRole r : values()) {
            if (r.wire.equals(t) || r.original.toLowerCase(Locale.ROOT).equals(t.toLowerCase(Locale.ROOT))
                    || Integer.toString(r.id).equals(t)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
