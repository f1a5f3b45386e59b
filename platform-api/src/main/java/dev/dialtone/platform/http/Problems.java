package dev.dialtone.platform.http;

import java.util.Map;

import dev.dialtone.platform.PlatformException;
import io.vertx.core.json.JsonObject;

/**
 * The native API's one mapping from {@link PlatformException} to HTTP: a status and an RFC 9457
 * {@code application/problem+json} body whose {@code detail} says what to fix.
 */
public final class Problems {
    private Problems() {
    }

    public static int status(PlatformException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PRECONDITION_FAILED -> 412;
            case TOO_LARGE -> 413;
            case PRECONDITION_REQUIRED -> 428;
            case TOO_MANY_REQUESTS -> 429;
            case UNAVAILABLE -> 503;
        };
    }

    public static Reply of(PlatformException e) {
        int status = status(e.kind());
        JsonObject body = body(status, e.getMessage());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        for (Map.Entry<String, Object> d : e.details().entrySet()) {
            body.put(d.getKey(), d.getValue());
        }
        Reply reply = new Reply(status, Reply.PROBLEM_JSON, body.encode(), Map.of());
        return status == 401 ? reply.with("WWW-Authenticate", "Bearer realm=\"dialtone\"") : reply;
    }

    public static Reply of(int status, String detail) {
        return new Reply(status, Reply.PROBLEM_JSON, body(status, detail).encode(), Map.of());
    }

    private static JsonObject body(int status, String detail) {
        return new JsonObject()
                .put("type", "about:blank")
                .put("title", title(status))
                .put("status", status)
                .put("detail", detail);
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
