package dev.dialtone.platform.http.platformapi;

import dev.dialtone.platform.http.Reply;

/**
 * The compatible face's answer when a request fails before its handler runs: a body over the cap
 * (413) or a body that cannot be decoded, such as malformed multipart/form-data (400). Same
 * {@code {"error":{"msg","code"}}} shape as every other compatible answer.
 */
final class CompatFailures {
    private CompatFailures() {
    }

    static Reply reply(int status, Throwable cause, String tooLarge) {
        return switch (status) {
            case 413 -> PlatformApiResource.error(413, tooLarge, 101);
            case 400 -> PlatformApiResource.error(400, "The request body could not be read" + reason(cause)
                    + "; send the parameters as multipart/form-data or application/x-www-form-urlencoded", 101);
            default -> PlatformApiResource.error(status >= 500 ? 500 : status, "Internal error", 2);
        };
    }

    private static String reason(Throwable cause) {
        Throwable t = cause;
        while (t != null && t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        if (t == null || t.getMessage() == null || t.getMessage().isBlank()) {
            return "";
        }
        String m = t.getMessage().replaceAll("[\\p{Cntrl}]", " ").strip();
        return ": " + (m.length() > 200 ? m.substring(0, 200) + "..." : m);
    }
}
