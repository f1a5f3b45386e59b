package dev.dialtone.platform.sdk.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.platform.sdk.SdkConfig;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One page's WebSocket at {@code /platform}: the protocol adapter (WEBSDK-PROTOCOL.md §2–§4). Frames
 * arrive on the connection's event loop; logins run on the gateway's login threads and come back to
 * it. Enforces the frame size and rate caps, answers a malformed frame with {@code __error [400, what]}
 * (logged once per connection), and is closed by the gateway's sweep when it goes quiet.
 *
 * <p>Close codes: 1000 normal, 1001 idle or no login in time, 1008 rate cap or user deleted,
 * 1009 frame too large.
 */
public final class SdkConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SdkConnection.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> LOGIN_MESSAGES = Set.of("login", "loginGenerateOneTimeKey", "loginUsingOneTimeKey",
            "refreshOauthToken", "loginStage2");

    private final String id = UUID.randomUUID().toString();
    private final ServerWebSocket ws;
    private final GatewayParts parts;
    private final String remote;
    private final Optional<String> origin;
    private final FrameBudget budget;
    private final long openedAt;
    private volatile long lastFrameAt;
    private volatile Optional<SdkIdentity> identity = Optional.empty();
    private volatile Instant loggedInAt;
    private volatile boolean closed;
    private boolean loginInFlight;
    private volatile CallSignaling calls;
    private volatile String resumeToken;
    private volatile boolean resumable = true;
    private int malformed;

    public SdkConnection(ServerWebSocket ws, GatewayParts parts, String remote, Optional<String> origin) {
        this.ws = ws;
        this.parts = parts;
        this.remote = remote;
        this.origin = origin;
        long now = parts.scheduler().nanoTime();
        this.openedAt = now;
        this.lastFrameAt = now;
        this.budget = new FrameBudget(parts.config().framesPerSecond(), parts.config().frameBurst(), now);
    }

    /** Wires the socket's handlers and says {@code __connectionSuccessful}. Call on the socket's event loop. */
    public void start() {
        parts.registry().opened(this);
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(b -> malformed("binary frames are not part of the protocol"));
        ws.exceptionHandler(e -> LOG.debug("web SDK connection {} from {}: {}", id, remote, e.toString()));
        ws.closeHandler(v -> onClosed());
        send(Frame.of("__connectionSuccessful"));
    }

    public String id() {
        return id;
    }

    public String remote() {
        return remote;
    }

    public Optional<SdkIdentity> identity() {
        return identity;
    }

    public Instant loggedInAt() {
        return loggedInAt;
    }

    /** The call signalling of this connection once logged in; empty before. */
    Optional<CallSignaling> calls() {
        return Optional.ofNullable(calls);
    }

    /** Sends a frame (any thread). */
    public void send(Frame frame) {
        if (!closed) {
            ws.writeTextMessage(frame.encode());
        }
    }

    /** Closes the connection for good with a WebSocket close code (any thread): its calls end at once. */
    public void close(short code, String reason) {
        resumable = false;
        if (!closed) {
            ws.close(code, reason);
        }
    }

    /** Closes a connection that went quiet: like a dropped one, its calls wait for the page to resume. */
    private void drop(String reason) {
        if (!closed) {
            ws.close((short) 1001, reason);
        }
    }

    /** Called by the gateway's sweep: closes the connection if it went quiet or never logged in. */
    public void sweep(long nowNanos) {
        SdkConfig c = parts.config();
        if (nowNanos - lastFrameAt > c.idleTimeout().toNanos()) {
            LOG.info("web SDK connection {} from {} sent nothing for {}: closing it", id, remote, c.idleTimeout());
            drop("idle");
        } else if (identity.isEmpty() && nowNanos - openedAt > c.loginTimeout().toNanos()) {
            LOG.info("web SDK connection {} from {} did not log in within {}: closing it", id, remote, c.loginTimeout());
            close((short) 1001, "no login");
        }
    }

    private void onText(String text) {
        long now = parts.scheduler().nanoTime();
        lastFrameAt = now;
        if (text.length() > parts.config().maxFrameBytes()) {
            LOG.warn("web SDK connection {} from {} sent a frame of {} characters (cap {}): closing it", id, remote,
                    text.length(), parts.config().maxFrameBytes());
            close((short) 1009, "frame too large");
            return;
        }
        if (!budget.take(now)) {
            LOG.warn("web SDK connection {} from {} sent more than {} frames/s (burst {}): closing it", id, remote,
                    parts.config().framesPerSecond(), parts.config().frameBurst());
            close((short) 1008, "too many frames");
            return;
        }
        Frame frame;
        try {
            frame = Frame.parse(text);
        } catch (Frame.MalformedFrame e) {
            malformed(e.getMessage());
            return;
        }
        try {
            dispatch(frame);
        } catch (Frame.MalformedFrame e) {
            malformed(e.getMessage());
            if (LOGIN_MESSAGES.contains(frame.name())) {
                send(Frame.of(frame.name().equals("refreshOauthToken") ? "refreshOauthTokenFailed" : "loginFailed", 400));
            }
        } catch (RuntimeException e) {
            LOG.error("web SDK connection {} from {}: handling {} failed", id, remote, frame.name(), e);
            send(Frame.of("__error", 500, "the server failed to handle " + frame.name()));
        }
    }

    private void dispatch(Frame f) throws Frame.MalformedFrame {
        switch (f.name()) {
            case "__ping" -> send(Frame.of("__pong"));
            case "__pong" -> {
            }
            case "login", "loginGenerateOneTimeKey", "loginUsingOneTimeKey", "refreshOauthToken" -> login(LoginRequest.parse(f));
            case "loginStage2" -> send(Frame.of("loginFailed", 401));
            case "resumeConnection" -> resume(f.string(0));
            default -> {
                if (calls != null && calls.handles(f.name())) {
                    calls.onFrame(f);
                } else if (identity.isEmpty()) {
                    send(Frame.of("__error", 401, f.name() + ": log in first"));
                    if (f.name().equals("createCall") || f.name().equals("callConference")) {
                        send(Frame.of("handleConnectionFailed", f.optString(3, ""), 401, "Unauthorized", new JsonObject()));
                    }
                } else {
                    LOG.debug("web SDK connection {}: {} is not supported", id, f.name());
                    send(Frame.of("__error", 501, f.name() + " is not supported by this gateway"));
                }
            }
        }
    }

    private void login(LoginRequest request) {
        boolean refresh = request instanceof LoginRequest.Refresh;
        String failed = refresh ? "refreshOauthTokenFailed" : "loginFailed";
        if (loginInFlight || (identity.isPresent() && !refresh)) {
            send(Frame.of(failed, 491));
            return;
        }
        if (parts.loginsInFlight().incrementAndGet() > parts.maxLoginsInFlight()) {
            parts.loginsInFlight().decrementAndGet();
            LOG.warn("web SDK login of {} from {} refused: {} logins already waiting", request.user(), remote,
                    parts.maxLoginsInFlight());
            send(Frame.of(failed, 500));
            return;
        }
        loginInFlight = true;
        parts.loginWorkers().executeBlocking(() -> parts.logins().handle(request, remote, origin), false)
                .onComplete(ar -> {
                    parts.loginsInFlight().decrementAndGet();
                    loginInFlight = false;
                    LoginOutcome outcome = ar.succeeded() ? ar.result() : new LoginOutcome.Refused(500, "internal error");
                    answer(request, outcome);
                });
    }

    /** Maps a login outcome to the protocol, in one place. */
    private void answer(LoginRequest request, LoginOutcome outcome) {
        switch (outcome) {
            case LoginOutcome.LoggedIn in -> {
                if (closed) {
                    return;
                }
                SdkIdentity who = in.identity();
                identity = Optional.of(who);
                loggedInAt = parts.scheduler().clock().instant();
                parts.registry().loggedIn(this, who);
                calls = parts.calls().create(this, who);
                resumeToken = randomToken();
                LOG.info("web SDK user {} (application {}) logged in from {} on connection {}", who.user(), who.application(),
                        remote, id);
                send(Frame.of("loginSuccessful", who.displayName(), new JsonObject().put("connectionId", id)
                        .put("iceConfig", parts.iceConfig().apply(who)).put("OAuth", in.tokens().toOAuth())
                        .put("resumeToken", resumeToken)));
            }
            case LoginOutcome.KeyIssued k -> send(Frame.of("loginFailed", 302, k.key()));
            case LoginOutcome.Refreshed r -> send(Frame.of("refreshOauthTokenSuccessful", new JsonObject().put("OAuth",
                    r.tokens().toOAuth())));
            case LoginOutcome.Refused r -> {
                LOG.info("web SDK {} as {} from {} refused with {}: {}", request instanceof LoginRequest.Refresh ? "token refresh"
                        : "login", request.user(), remote, r.code(), r.why());
                send(Frame.of(request instanceof LoginRequest.Refresh ? "refreshOauthTokenFailed" : "loginFailed", r.code()));
            }
        }
    }

    /**
     * {@code resumeConnection [resumeToken]} (Dialtone's SDK, after a dropped connection): takes back the calls the
     * dropped connection of the same user left, if its grace period is not over. Answers
     * {@code resumeConnectionSuccessful [[callIds]]} or {@code resumeConnectionFailed [404]}.
     */
    private void resume(String token) {
        Optional<SdkIdentity> who = identity;
        CallSignaling mine = calls;
        if (who.isEmpty() || mine == null || mine.hasActiveCalls()) {
            send(Frame.of("resumeConnectionFailed", who.isEmpty() ? 401 : 491));
            return;
        }
        Optional<SdkCalls> taken = parts.resumes().take(token, who.get());
        if (taken.isEmpty()) {
            send(Frame.of("resumeConnectionFailed", 404));
            return;
        }
        List<String> ids = taken.get().rebind(this);
        calls = taken.get();
        LOG.info("web SDK user {} (application {}) resumed {} call(s) on connection {}", who.get().user(), who.get().application(),
                ids.size(), id);
        send(Frame.of("resumeConnectionSuccessful", new JsonArray(new ArrayList<>(ids))));
    }

    private static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private void malformed(String what) {
        malformed++;
        if (malformed == 1) {
            LOG.warn("web SDK connection {} from {} sent a malformed frame: {} (further ones on this connection are counted, "
                    + "not logged)", id, remote, what);
        }
        send(Frame.of("__error", 400, what));
    }

    private void onClosed() {
        closed = true;
        parts.registry().closed(this);
        CallSignaling c = calls;
        if (c != null) {
            Short code = ws.closeStatusCode();
            boolean dropped = resumable && (code == null || code != 1000);
            boolean parked = dropped && c instanceof SdkCalls sdkCalls && c.hasActiveCalls() && resumeToken != null
                    && parts.resumes().park(resumeToken, identity.orElseThrow(), sdkCalls);
            if (parked) {
                LOG.info("web SDK connection {} from {} dropped with calls open: keeping them for {}", id, remote,
                        parts.config().resumeGrace());
            } else {
                c.onConnectionClosed();
            }
        }
        if (malformed > 1) {
            LOG.warn("web SDK connection {} from {} closed after {} malformed frames", id, remote, malformed);
        }
        LOG.debug("web SDK connection {} from {} closed", id, remote);
    }
}
