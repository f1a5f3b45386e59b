package dev.dialtone.platform.http.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.dialtone.core.AccountId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.PlatformException.Kind;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Json;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.sessions.SessionsService;
import dev.dialtone.scenario.LiveSession;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What runs now in the caller's account: {@code GET /api/v1/live} and its server-sent event stream
 * {@code GET /api/v1/live/stream} (one {@code event: live} with the same JSON on connect and after
 * every change, at most every 500 ms; a comment line every 15 s keeps proxies from closing it).
 */
public final class LiveResource {
    /** How often a stream looks for changes. */
    static final long POLL_MS = 500;
    static final long KEEP_ALIVE_MS = 15_000;
    /** Open streams per account and per node. */
    static final int MAX_STREAMS_PER_ACCOUNT = 20;
    static final int MAX_STREAMS = 1_000;

    private final SessionsService sessions;
    private final Vertx vertx;
    private final Map<AccountId, AtomicInteger> perAccount = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    private LiveResource(SessionsService sessions, Vertx vertx) {
        this.sessions = sessions;
        this.vertx = vertx;
    }

    public static void register(ApiRoutes routes, SessionsService sessions, Vertx vertx) {
        LiveResource r = new LiveResource(sessions, vertx);
        routes.add(HttpMethod.GET, "/api/v1/live", call -> Reply.ok(view(sessions.live(call.account().id()))));
        routes.addStream(HttpMethod.GET, "/api/v1/live/stream", (call, ctx) -> r.open(call.account().id(), ctx));
    }

    private Reply open(AccountId account, io.vertx.ext.web.RoutingContext ctx) throws PlatformException {
        AtomicInteger mine = perAccount.computeIfAbsent(account, a -> new AtomicInteger());
        if (mine.incrementAndGet() > MAX_STREAMS_PER_ACCOUNT | total.incrementAndGet() > MAX_STREAMS) {
            release(account, mine);
            throw new PlatformException(Kind.TOO_MANY_REQUESTS, null, "too many live streams are open (at most "
                    + MAX_STREAMS_PER_ACCOUNT + " per account); close one first");
        }
        var response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
        String[] last = {view(sessions.live(account)).encode()};
        response.write("event: live\ndata: " + last[0] + "\n\n");
        long[] quietMs = {0};
        long timer = vertx.setPeriodic(POLL_MS, id -> {
            String now = view(sessions.live(account)).encode();
            if (!now.equals(last[0])) {
                last[0] = now;
                quietMs[0] = 0;
                response.write("event: live\ndata: " + now + "\n\n");
            } else if ((quietMs[0] += POLL_MS) >= KEEP_ALIVE_MS) {
                quietMs[0] = 0;
                response.write(": keep-alive\n\n");
            }
        });
        boolean[] released = {false};
        Runnable close = () -> {
            synchronized (released) {
                if (released[0]) {
                    return;
                }
                released[0] = true;
            }
            vertx.cancelTimer(timer);
            release(account, mine);
        };
        response.closeHandler(v -> close.run());
        response.exceptionHandler(e -> close.run());
        if (response.closed()) {
            close.run();
        }
        return Reply.STREAMING;
    }

    private void release(AccountId account, AtomicInteger mine) {
        total.decrementAndGet();
        if (mine.decrementAndGet() <= 0) {
            perAccount.remove(account, mine);
        }
    }

    /** The live JSON: sessions (oldest first) and conferences. */
    static JsonObject view(SessionsService.Live live) {
        JsonArray sessions = new JsonArray();
        for (LiveSession s : live.sessions()) {
            sessions.add(new JsonObject().put("session_id", s.id().value()).put("application_id", s.application().value())
                    .put("rule_id", s.ruleId()).put("started_at", Json.time(s.startedAt())).put("calls", s.calls()));
        }
        JsonArray conferences = new JsonArray();
        for (SessionsService.LiveConference c : live.conferences()) {
            conferences.add(new JsonObject().put("name", c.name()).put("application_id", c.application().value())
                    .put("session_id", c.session().value()).put("participants", c.participants()));
        }
        return new JsonObject().put("sessions", sessions).put("conferences", conferences);
    }
}
