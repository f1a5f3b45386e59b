package dev.dialtone.platform.http;

import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.PlatformException.Kind;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.VersionCheck;
import io.vertx.core.MultiMap;

/**
 * One API request as a handler sees it, already authenticated: the caller's account, path and
 * query parameters, headers and the body. Built on the event loop, read on a worker thread.
 */
public final class Call {
    private final Account account;
    private final String actor;
    private final java.util.Map<String, String> pathParams;
    private final MultiMap query;
    private final MultiMap headers;
    private final String body;
    private final long bodySize;
    private final String contentType;
    private final String rawContentType;
    private final MultiMap form;
    private final byte[] multipart;
    private final String remote;
    private final AuthGuard guard;

    Call(Principal principal, java.util.Map<String, String> pathParams, MultiMap query, MultiMap form, byte[] multipart,
         MultiMap headers, String body, long bodySize, String contentType, String remote, AuthGuard guard) {
        this.multipart = multipart;
        this.account = principal == null ? null : principal.account();
        this.actor = principal == null ? null : principal.actor();
        this.pathParams = pathParams;
        this.query = query;
        this.form = form;
        this.remote = remote;
        this.guard = guard;
        this.headers = headers;
        this.body = body;
        this.bodySize = bodySize;
        this.contentType = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        this.rawContentType = contentType == null ? "" : contentType;
    }

    /** The authenticated caller; null on routes without authentication. */
    public Account account() {
        return account;
    }

    /** Who the caller is, as shown to people where changes are recorded; null on routes without authentication. */
    public String actor() {
        return actor;
    }

    /** A positive id from the path, e.g. {@code pathId("application_id")}. */
    public long pathId(String name) throws PlatformException {
        String raw = pathParams.get(name.replace("_", ""));
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw PlatformException.invalid(name, name + " in the path must be a positive integer, not '"
                + (raw == null ? "" : raw.length() > 30 ? raw.substring(0, 30) + "..." : raw) + "'");
    }

    public ApplicationId applicationId() throws PlatformException {
        return new ApplicationId(pathId("application_id"));
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public int queryInt(String name, int def, int min, int max) throws PlatformException {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return def;
        }
        try {
            int i = Integer.parseInt(v.get());
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw PlatformException.invalid(name, name + " must be an integer " + min + ".." + max);
    }

    /** The raw path parameter, for routes whose parameter is not an id. */
    public String pathParam(String name) {
        return pathParams.get(name.replace("_", ""));
    }

    /** Query parameters and, for a form body, its fields. */
    public MultiMap params() {
        MultiMap all = MultiMap.caseInsensitiveMultiMap();
        all.addAll(query);
        if (form != null) {
            all.addAll(form);
        }
        return all;
    }

    /**
     * Query parameters and the body's fields, a multipart/form-data body included (on routes that
     * keep multipart bodies as bytes, see {@link ApiRoutes#add(io.vertx.core.http.HttpMethod, String,
     * ApiRoutes.Access, long, Endpoint, ApiRoutes.FailureReply, boolean)}).
     *
     * @throws PlatformException INVALID if the multipart body is malformed, saying how
     */
    public MultiMap formParams() throws PlatformException {
        if (multipart == null) {
            return params();
        }
        MultiMap all = MultiMap.caseInsensitiveMultiMap();
        all.addAll(query);
        for (MultipartForm.Field f : MultipartForm.parse(rawContentType, multipart).fields()) {
            all.add(f.name(), f.value());
        }
        return all;
    }

    /** The client's address. */
    public String remote() {
        return remote;
    }

    /** The guard against API key guessing, for routes that authenticate by themselves. */
    public AuthGuard authGuard() {
        return guard;
    }

    public String body() {
        return body;
    }

    /** The request body's size in bytes, multipart bodies included (their bytes are decoded into {@link #params()}). */
    public long bodySize() {
        return bodySize;
    }

    /** A request header. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public boolean bodyIs(String mediaTypePrefix) {
        return contentType.startsWith(mediaTypePrefix);
    }

    /** The body as a strict JSON object; refuses other content types with a hint. */
    public JsonInput json() throws PlatformException {
        if (!contentType.isEmpty() && !contentType.startsWith("application/json")) {
            throw PlatformException.invalid("Content-Type", "send the body as application/json, not " + contentType);
        }
        return JsonInput.parse(body);
    }

    /** The body as JSON if there is one, else an empty object (for optional bodies). */
    public JsonInput jsonOrEmpty() throws PlatformException {
        return body == null || body.isBlank() ? JsonInput.empty() : json();
    }

    /**
     * The version the client last saw: {@code If-Match: "N"} or the body's {@code version} field
     * (already read into {@code bodyVersion}).
     */
    public Optional<VersionCheck> versionCheck(Optional<Long> bodyVersion) throws PlatformException {
        String ifMatch = headers.get("If-Match");
        if (ifMatch != null) {
            String v = ifMatch.trim();
            if (v.startsWith("W/")) {
                v = v.substring(2);
            }
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            try {
                return Optional.of(new VersionCheck(Long.parseLong(v), true));
            } catch (NumberFormatException e) {
                throw PlatformException.invalid("If-Match", "If-Match must be an ETag this API sent, like \"7\"");
            }
        }
        return bodyVersion.map(v -> new VersionCheck(v, false));
    }

    /** Like {@link #versionCheck} but refuses a change without any version with 428. */
    public VersionCheck requireVersion(Optional<Long> bodyVersion, String what) throws PlatformException {
        return versionCheck(bodyVersion).orElseThrow(() -> new PlatformException(Kind.PRECONDITION_REQUIRED, "version",
                what + " needs the version you last read: send If-Match: \"<version>\" (the ETag) or a \"version\" field"));
    }
}
