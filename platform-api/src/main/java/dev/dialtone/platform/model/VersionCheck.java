package dev.dialtone.platform.model;

import java.util.Map;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.PlatformException.Kind;

/**
 * The version a client last saw, from an {@code If-Match} header (a mismatch is 412) or a
 * {@code version} field in the body (a mismatch is 409). A change guarded by it never silently
 * overwrites a newer state.
 */
public record VersionCheck(long expected, boolean fromHeader) {
    public boolean matches(long actual) {
        return expected == actual;
    }

    public PlatformException stale(String what, long actual) {
        return new PlatformException(fromHeader ? Kind.PRECONDITION_FAILED : Kind.CONFLICT, fromHeader ? "If-Match" : "version",
                what + " has changed: you sent version " + expected + " but it is now at version " + actual
                        + "; read it again and retry", Map.of("current_version", actual));
    }
}
