package dev.dialtone.scenario.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import dev.dialtone.core.CallLeg;
import dev.dialtone.core.Conference;
import dev.dialtone.core.MediaUnit;
import dev.dialtone.core.OutboundCall;
import dev.dialtone.core.PlaybackListener;
import dev.dialtone.core.Player;
import dev.dialtone.core.Recorder;
import dev.dialtone.core.RecorderListener;
import dev.dialtone.core.Scheduler.Cancellable;
import dev.dialtone.core.Voice;
import dev.dialtone.core.Voices;
import dev.dialtone.scenario.ScenarioHttpClient;
import dev.dialtone.scenario.SessionLogEntry.Kind;
import dev.dialtone.scenario.internal.NodeSession.CallEntry;

/**
 * Carries out the API calls a session's script makes (the JSON commands its context sends), with
 * the node-side limits: live timers, HTTP requests in flight and per session, API calls per second.
 * Runs on the session's executor, like everything of {@link NodeSession}.
 */
final class SessionCommands {
    private final NodeSession session;
    private final Map<Long, Cancellable> timers = new HashMap<>();
    private final Map<String, MediaUnit> units = new HashMap<>();
    private final Map<String, Player> callPlayers = new HashMap<>();
    private final Map<String, Recorder> callRecorders = new HashMap<>();
    private final List<Conference> conferences = new ArrayList<>();
    private final ArrayDeque<Runnable> httpWaiting = new ArrayDeque<>();
    private int httpInFlight;
    private int httpTotal;
    private boolean hideTones;
    private long windowStart = Long.MIN_VALUE;
    private int windowCount;

    SessionCommands(NodeSession session) {
        this.session = session;
    }

    boolean tonesHidden() {
        return hideTones;
    }

    /** A batch of API calls ({@code [[op, args...], ...]}), in order, until one stops the session. */
    void handleBatch(String json) {
        JsonArray calls;
        try {
            calls = new JsonArray(json);
        } catch (DecodeException e) {
            session.limit("the sandbox sent malformed API calls");
            return;
        }
        for (int i = 0; i < calls.size(); i++) {
            if (!(calls.getValue(i) instanceof JsonArray call)) {
                session.limit("the sandbox sent a malformed API call");
                return;
            }
            handle(new CommandArgs(call));
            if (!session.active() && !session.ending()) {
                return;
            }
        }
    }

    private void handle(CommandArgs c) {
        if (!rateOk()) {
            return;
        }
        String op = c.str(0, "");
        boolean ending = !session.active();
        if (ending && !op.equals("log") && !op.equals("http")) {
            return;
        }
        switch (op) {
            case "log" -> session.log(Kind.LOG, c.str(1, ""));
            case "hideTones" -> hideTones = c.bool(1, true);
            case "customData" -> { }
            case "terminate" -> session.finish("terminated by the scenario", true);
            case "timer.set" -> setTimer(c.lng(1), c.num(2, 0.0), c.bool(3, false));
            case "timer.clear" -> {
                Cancellable t = timers.remove(c.lng(1));
                if (t != null) {
                    t.cancel();
                }
            }
            case "http" -> http(c.lng(1), c.str(2, ""), c.obj(3, new JsonObject()));
            case "answer" -> leg(c).ifPresent(l -> l.answer(headers(c.obj(2))));
            case "hangup" -> leg(c).ifPresent(l -> l.hangup(headers(c.obj(2))));
            case "reject" -> leg(c).ifPresent(l -> l.reject(code(c.integer(2, 486)), headers(c.obj(3))));
            case "ring" -> leg(c).ifPresent(CallLeg::ring);
            case "earlyMedia" -> leg(c).ifPresent(CallLeg::startEarlyMedia);
            case "handleTones" -> leg(c).ifPresent(l -> l.handleTones(c.bool(2, true)));
            case "sendDigits" -> leg(c).ifPresent(l -> l.sendDigits(digits(c.str(2, ""))));
            case "sendMessage" -> leg(c).ifPresent(l -> l.sendMessage(c.str(2, "")));
            case "sendInfo" -> leg(c).ifPresent(l -> l.sendInfo(c.str(2, ""), c.str(3, ""), headers(c.obj(4))));
            case "say" -> say(c.str(1), c.str(2, ""), c.str(3, ""));
            case "play" -> play(c.str(1), c.str(2, ""), c.bool(3, false));
            case "stopPlayback" -> stopPlayback(c.str(1));
            case "record" -> record(c.str(1));
            case "stopRecording" -> {
                Recorder r = callRecorders.remove(c.str(1));
                if (r != null) {
                    r.stop();
                }
            }
            case "player.say", "player.url" -> player(op, c);
            case "player.stop" -> {
                if (units.get(c.str(1)) instanceof Player p) {
                    p.stop();
                }
            }
            case "conference.create" -> createConference(c.str(1));
            case "conference.stop" -> stopConference(c.str(1));
            case "conference.mute" -> {
                if (units.get(c.str(1)) instanceof Conference conf) {
                    unit(c.str(2)).ifPresent(u -> conf.setMuted(u, c.bool(3, true)));
                }
            }
            case "media" -> media(c.str(1), c.str(2), c.bool(3, true));
            case "call" -> call(c);
            default -> session.log(Kind.SCRIPT_ERROR, "unknown API call " + op);
        }
    }

    /** At most {@code max-commands-per-second} API calls per second of the session's clock. */
    private boolean rateOk() {
        long t = session.core.services().scheduler().nanoTime();
        if (windowStart == Long.MIN_VALUE || t - windowStart > 1_000_000_000L) {
            windowStart = t;
            windowCount = 0;
        }
        if (++windowCount > session.core.config().maxCommandsPerSecond()) {
            session.limit("more than " + session.core.config().maxCommandsPerSecond() + " API calls in one second");
            return false;
        }
        return true;
    }

    // ---- timers --------------------------------------------------------------------------------

    private void setTimer(long id, double ms, boolean repeat) {
        if (timers.size() >= session.core.config().maxTimers()) {
            session.limit("more than " + session.core.config().maxTimers() + " live timers");
            return;
        }
        Duration delay = Duration.ofNanos((long) (Math.min(Math.max(ms, 0), 2_147_483_647.0) * 1_000_000));
        if (repeat && delay.compareTo(session.core.config().minTimerInterval()) < 0) {
            delay = session.core.config().minTimerInterval();
        }
        schedule(id, delay, repeat);
    }

    private void schedule(long id, Duration delay, boolean repeat) {
        Cancellable c = session.core.services().scheduler().schedule(delay, () -> session.post(() -> fire(id, delay, repeat)));
        timers.put(id, c);
    }

    private void fire(long id, Duration delay, boolean repeat) {
        if (!timers.containsKey(id) || !session.active()) {
            return;
        }
        if (repeat) {
            schedule(id, delay, true);
        } else {
            timers.remove(id);
        }
        session.enqueue(new JsonObject().put("t", "timer").put("id", id));
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private void http(long id, String url, JsonObject options) {
        var config = session.core.config();
        if (httpTotal >= config.httpPerSession()) {
            session.limit("more than " + config.httpPerSession() + " HTTP requests in one session");
            return;
        }
        httpTotal++;
        URI uri;
        try {
            uri = withParams(new URI(url), options.getValue("params") instanceof JsonObject p ? p : null);
        } catch (URISyntaxException | IllegalArgumentException e) {
            httpResult(id, ScenarioHttpClient.Result.failure(-2, "malformed URL"));
            return;
        }
        Optional<String> refused = config.net().refuseUrl(uri);
        if (refused.isPresent()) {
            // A policy refusal, not a limit: the script gets the failure as its result and goes on.
            session.log(Kind.LIMIT, "HTTP request to " + uri.getHost() + " refused: " + refused.get());
            httpResult(id, ScenarioHttpClient.Result.failure(0, "refused: " + refused.get()));
            return;
        }
        List<String> headers = new ArrayList<>();
        JsonArray h = options.getValue("headers") instanceof JsonArray a ? a : new JsonArray();
        for (int i = 0; i < h.size() && i < 100; i++) {
            headers.add(String.valueOf(h.getValue(i)));
        }
        ScenarioHttpClient.Request request = new ScenarioHttpClient.Request(
                options.getValue("method") instanceof String m ? m : "GET", uri, headers,
                options.getValue("postData") instanceof String b ? b : null);
        Runnable send = () -> {
            httpInFlight++;
            // Not counted as engine work: an answer may be due only later on the session's clock.
            session.core.services().http().send(request).whenComplete((result, failure) -> session.post(() -> {
                httpInFlight--;
                httpResult(id, result != null ? result : ScenarioHttpClient.Result.failure(-8, String.valueOf(failure)));
                Runnable next = httpWaiting.poll();
                if (next != null) {
                    next.run();
                }
            }));
        };
        if (httpInFlight >= config.httpInFlight()) {
            httpWaiting.add(send);
        } else {
            send.run();
        }
    }

    private static URI withParams(URI uri, JsonObject params) throws URISyntaxException {
        if (params == null || params.isEmpty()) {
            return uri;
        }
        StringBuilder q = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        for (String k : params.fieldNames()) {
            q.append(q.isEmpty() ? "" : "&").append(encode(k)).append('=').append(encode(String.valueOf(params.getValue(k))));
        }
        return new URI(uri.getScheme(), uri.getRawAuthority(), uri.getRawPath(), null, null).resolve("?" + q);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void httpResult(long id, ScenarioHttpClient.Result r) {
        JsonArray headers = new JsonArray();
        StringBuilder raw = new StringBuilder();
        for (String line : r.headers()) {
            int colon = line.indexOf(':');
            headers.add(new JsonObject().put("key", colon < 0 ? line : line.substring(0, colon).trim())
                    .put("value", colon < 0 ? "" : line.substring(colon + 1).trim()));
            raw.append(line).append("\r\n");
        }
        JsonObject result = new JsonObject().put("code", r.code()).put("text", r.text()).put("headers", headers)
                .put("raw_headers", raw.toString());
        if (r.error() != null) {
            result.put("error", r.error());
        }
        session.enqueue(new JsonObject().put("t", "http").put("id", id).put("result", result));
    }

    // ---- calls and media -----------------------------------------------------------------------

    private Optional<CallLeg> leg(CommandArgs c) {
        CallEntry e = session.calls.get(c.str(1));
        return e == null ? Optional.empty() : Optional.of(e.leg);
    }

    void callEnded(String jsId) {
        Player p = callPlayers.remove(jsId);
        if (p != null) {
            p.stop();
        }
        Recorder r = callRecorders.remove(jsId);
        if (r != null) {
            r.stop();
        }
    }

    private Optional<MediaUnit> unit(String id) {
        if (id == null) {
            return Optional.empty();
        }
        if (id.startsWith("c:")) {
            CallEntry e = session.calls.get(id.substring(2));
            return e == null ? Optional.empty() : Optional.of(e.leg.media());
        }
        return Optional.ofNullable(units.get(id));
    }

    private void media(String from, String to, boolean on) {
        Optional<MediaUnit> a = unit(from);
        Optional<MediaUnit> b = unit(to);
        if (a.isEmpty() || b.isEmpty()) {
            return;
        }
        if (on) {
            a.get().sendMediaTo(b.get());
        } else {
            a.get().stopMediaTo(b.get());
        }
    }

    private Voice voice(String name) {
        if (name.isEmpty()) {
            return Voices.DEFAULT;
        }
        Optional<Voice> v = Voices.byName(name);
        if (v.isEmpty()) {
            session.log(Kind.SCRIPT_ERROR, "unknown voice " + name + "; using " + Voices.DEFAULT.name());
        }
        return v.orElse(Voices.DEFAULT);
    }

    private void say(String jsId, String text, String voiceName) {
        CallEntry e = session.calls.get(jsId);
        if (e == null || e.ended) {
            return;
        }
        stopPlayback(jsId);
        Player p = session.core.services().media().say(text, voice(voiceName), callPlayback(e));
        callPlayers.put(jsId, p);
        p.sendMediaTo(e.leg.media());
    }

    private void play(String jsId, String url, boolean loop) {
        CallEntry e = session.calls.get(jsId);
        if (e == null || e.ended) {
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException ex) {
            session.log(Kind.SCRIPT_ERROR, "startPlayback: malformed URL");
            session.enqueue(EventJson.callEvent(jsId, e.leg, "PlaybackFinished", new JsonObject().put("error", "malformed URL")));
            return;
        }
        stopPlayback(jsId);
        Player p = session.core.services().media().play(uri, loop, callPlayback(e));
        callPlayers.put(jsId, p);
        p.sendMediaTo(e.leg.media());
    }

    private PlaybackListener callPlayback(CallEntry e) {
        return new PlaybackListener() {
            @Override
            public void started() {
                session.post(() -> session.enqueue(EventJson.callEvent(e.jsId, e.leg, "PlaybackStarted", new JsonObject())));
            }

            @Override
            public void finished(Optional<String> error) {
                session.post(() -> {
                    JsonObject f = new JsonObject();
                    error.ifPresent(err -> f.put("error", err));
                    session.enqueue(EventJson.callEvent(e.jsId, e.leg, "PlaybackFinished", f));
                });
            }
        };
    }

    private void stopPlayback(String jsId) {
        Player p = callPlayers.remove(jsId);
        if (p != null) {
            p.stop();
        }
    }

    private void record(String jsId) {
        CallEntry e = session.calls.get(jsId);
        if (e == null || e.ended || callRecorders.containsKey(jsId)) {
            return;
        }
        Recorder r = session.core.services().media().record(session.request.account(), new RecorderListener() {
            @Override
            public void started(String recordingId) {
                session.post(() -> session.enqueue(EventJson.callEvent(jsId, e.leg, "RecordStarted",
                        new JsonObject().put("url", "/api/v1/recordings/" + recordingId))));
            }

            @Override
            public void stopped(String recordingId, Duration length, Optional<String> error) {
                session.post(() -> session.enqueue(EventJson.callEvent(jsId, e.leg, error.isPresent() ? "RecordError" : "RecordStopped",
                        new JsonObject().put("url", "/api/v1/recordings/" + recordingId).put("duration", length.toMillis() / 1000.0))));
            }
        });
        callRecorders.put(jsId, r);
        e.leg.media().sendMediaTo(r);
    }

    private void player(String op, CommandArgs c) {
        String unitId = c.str(1);
        PlaybackListener l = new PlaybackListener() {
            @Override
            public void started() {
                session.post(() -> session.enqueue(new JsonObject().put("t", "player").put("id", unitId).put("event", "Started")));
            }

            @Override
            public void finished(Optional<String> error) {
                session.post(() -> session.enqueue(new JsonObject().put("t", "player").put("id", unitId)
                        .put("event", "PlaybackFinished").put("fields", error.map(e -> new JsonObject().put("error", e)).orElse(new JsonObject()))));
            }
        };
        Player p;
        if (op.equals("player.say")) {
            p = session.core.services().media().say(c.str(2, ""), voice(c.str(3, "")), l);
        } else {
            try {
                p = session.core.services().media().play(new URI(c.str(2, "")), c.bool(3, false), l);
            } catch (URISyntaxException e) {
                session.log(Kind.SCRIPT_ERROR, "createURLPlayer: malformed URL");
                return;
            }
        }
        units.put(unitId, p);
    }

    private void createConference(String unitId) {
        Conference conf = session.core.services().media().createConference(session.id().value() + "/" + unitId);
        units.put(unitId, conf);
        conferences.add(conf);
        session.log(Kind.LIFECYCLE, "conference " + unitId + " created");
        session.enqueue(new JsonObject().put("t", "conference").put("id", unitId).put("event", "Started"));
    }

    private void stopConference(String unitId) {
        if (units.remove(unitId) instanceof Conference conf) {
            conferences.remove(conf);
            conf.stop();
            session.enqueue(new JsonObject().put("t", "conference").put("id", unitId).put("event", "Stopped"));
        }
    }

    private void call(CommandArgs c) {
        String jsId = c.str(1);
        String kind = c.str(2, "");
        String target = c.str(3, "");
        String callerId = c.str(4, "");
        String displayName = c.str(5, "");
        Map<String, String> headers = headers(c.obj(6));
        if (jsId == null || session.calls.containsKey(jsId)) {
            return;
        }
        if (kind.equals("conference")) {
            CallLeg leg = session.core.conferenceCall(session, target, callerId, displayName, headers);
            session.addCall(jsId, leg);
            session.log(Kind.LIFECYCLE, "call " + jsId + " to conference " + target);
            return;
        }
        OutboundCall.Kind k = switch (kind) {
            case "pstn" -> OutboundCall.Kind.PSTN;
            case "sip" -> OutboundCall.Kind.SIP;
            default -> OutboundCall.Kind.USER;
        };
        var r = session.request;
        CallLeg leg = session.core.services().outbound().place(new OutboundCall(r.account(), r.application(),
                session.id(), k, target, callerId, displayName, headers));
        session.addCall(jsId, leg);
        session.log(Kind.LIFECYCLE, "call " + jsId + " placed (" + kind + ")");
    }

    /** Stops timers, players, recorders and conferences when the session ends. */
    void releaseAll() {
        for (Cancellable t : timers.values()) {
            t.cancel();
        }
        timers.clear();
        for (Player p : callPlayers.values()) {
            p.stop();
        }
        callPlayers.clear();
        for (Recorder r : callRecorders.values()) {
            r.stop();
        }
        callRecorders.clear();
        for (MediaUnit u : units.values()) {
            if (u instanceof Player p) {
                p.stop();
            }
        }
        for (Conference conf : conferences) {
            conf.stop();
        }
        conferences.clear();
        units.clear();
        httpWaiting.clear();
    }

    private static Map<String, String> headers(JsonObject o) {
        if (o == null) {
            return Map.of();
        }
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String k : o.fieldNames()) {
            if (m.size() < 64) {
                m.put(k, String.valueOf(o.getValue(k)));
            }
        }
        return m;
    }

    private static int code(int code) {
        return code >= 300 && code <= 699 ? code : 486;
    }

    private static String digits(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if ("0123456789*#ABCDabcd".indexOf(ch) >= 0 && b.length() < 256) {
                b.append(Character.toUpperCase(ch));
            }
        }
        return b.toString();
    }
}
