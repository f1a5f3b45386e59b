package dev.dialtone.platform;

import java.util.Map;
import java.util.Objects;

/**
 * A request the platform refuses or cannot serve. The message says what to fix and is safe to show
 * to API callers (never contains a secret). Each API face maps {@link Kind} to its own wire form in
 * one place: the native API to an HTTP status with problem+json, the compatible face to an error code.
 */
public final class PlatformException extends Exception {
    public enum Kind {
        /** Malformed or invalid input: 400. */
        INVALID,
        /** Missing or wrong credentials: 401. */
        UNAUTHORIZED,
        /** Authenticated, but not allowed (e.g. not the administrator): 403. */
        FORBIDDEN,
        /** No such resource in the caller's account: 404. */
        NOT_FOUND,
        /** Conflicts with the current state (duplicate name, stale version in the body): 409. */
        CONFLICT,
        /** A stale {@code If-Match}: 412. */
        PRECONDITION_FAILED,
        /** A change that needs a version to guard it was sent without one: 428. */
        PRECONDITION_REQUIRED,
        /** Body larger than allowed: 413. */
        TOO_LARGE,
        /** Too many attempts: 429. */
        TOO_MANY_REQUESTS,
        /** A dependency (database, live state) is down: 503. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String field;
    private final Map<String, Object> details;

    public PlatformException(Kind kind, String field, String message, Map<String, Object> details) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.field = field;
        this.details = Map.copyOf(details);
    }

    public PlatformException(Kind kind, String field, String message) {
        this(kind, field, message, Map.of());
    }

    public static PlatformException invalid(String field, String message) {
        return new PlatformException(Kind.INVALID, field, message);
    }

    public static PlatformException notFound(String what, Object id) {
        return new PlatformException(Kind.NOT_FOUND, null, "no " + what + " with id " + id + " in this account");
    }

    public static PlatformException conflict(String field, String message) {
        return new PlatformException(Kind.CONFLICT, field, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The input field concerned, or null. */
    public String field() {
        return field;
    }

    /** Extra machine-readable facts, e.g. {@code line} and {@code column} of a script error. */
    public Map<String, Object> details() {
        return details;
    }
}
