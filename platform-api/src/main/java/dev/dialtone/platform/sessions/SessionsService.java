package dev.dialtone.platform.sessions;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.SessionId;
import dev.dialtone.media.MediaEngine;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.PlatformException.Kind;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.SessionLogLine;
import dev.dialtone.platform.model.SessionRecord;
import dev.dialtone.platform.persistence.SessionStore;
import dev.dialtone.platform.service.ApplicationService;
import dev.dialtone.scenario.LiveSession;
import dev.dialtone.scenario.ScenarioEngine;
import dev.dialtone.scenario.ScenarioException;
import dev.dialtone.scenario.ScenarioSource;
import dev.dialtone.scenario.SessionHttpRequest;
import dev.dialtone.scenario.SessionHttpResponse;
import dev.dialtone.scenario.SessionRequest;
import dev.dialtone.scenario.StartedSession;

/**
 * Scenario sessions as the APIs see them: starting one over HTTP ({@code StartScenarios}), the
 * requests to its access URL, the stored sessions and logs, the live view and recordings. Everything
 * is scoped to the caller's account: another account's session is answered like one that does not exist.
 *
 * <p>The scenario engine starts after the HTTP servers (its access URLs carry their ports): until
 * {@link #engineStarted} calls that need it answer 503.
 */
public final class SessionsService {
    private static final Logger LOG = LoggerFactory.getLogger(SessionsService.class);
    /** The original's limit on {@code script_custom_data}. */
    public static final int MAX_CUSTOM_DATA_CHARS = 200 * 1024;
    public static final int MAX_LOG_LINES = 100_000;
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern RECORDING_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final SessionStore store;
    private final ApplicationService applications;
    private final SessionRouting routing;
    private final TrackedConferences conferences;
    private final MediaEngine media;
    private final Clock clock;
    private final CompletableFuture<Started> engine = new CompletableFuture<>();

    private record Started(ScenarioEngine engine, URI accessBase, Optional<URI> secureBase) {
    }

    /**
     * A session started over HTTP: its id, access URLs (plain and HTTPS; either may be absent if that
     * server is off) and the number the original's API calls {@code call_session_history_id}.
     */
    public record HttpSession(SessionId id, Optional<URI> accessUrl, Optional<URI> secureAccessUrl, long historyId) {
    }

    /** What runs now in an account: sessions, and conference names with their owning session. */
    public record Live(List<LiveSession> sessions, List<LiveConference> conferences) {
    }

    /** A conference name owned by a live session; {@code participants} = the owner's live calls. */
    public record LiveConference(String name, ApplicationId application, SessionId session, int participants) {
    }

    public SessionsService(SessionStore store, ApplicationService applications, SessionRouting routing,
                           TrackedConferences conferences, MediaEngine media, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.applications = applications;
        this.routing = routing;
        this.conferences = conferences;
        this.media = media;
    }

    /**
     * The engine is running.
     *
     * @param accessBase where access URLs point (the engine's {@code access-url-base})
     * @param secureBase the same over HTTPS, if the node serves HTTPS
     */
    public void engineStarted(ScenarioEngine scenarioEngine, URI accessBase, Optional<URI> secureBase) {
        engine.complete(new Started(scenarioEngine, accessBase, secureBase));
    }

    private Started started() throws PlatformException {
        Started s = engine.getNow(null);
        if (s == null) {
            throw new PlatformException(Kind.UNAVAILABLE, null, "the scenario engine is starting; try again in a moment");
        }
        return s;
    }

    public SessionRouting routing() {
        return routing;
    }

    // ---- starting over HTTP ---------------------------------------------------------------------

    /**
     * Starts the scenarios of rule {@code ruleId} without a call ({@code StartScenarios}).
     *
     * @param application the rule's application if the caller named one (a rule of another application is 404)
     */
    public HttpSession startFromRule(Account caller, Optional<ApplicationId> application, long ruleId, Optional<String> customData)
            throws PlatformException {
        if (customData.isPresent() && customData.get().length() > MAX_CUSTOM_DATA_CHARS) {
            throw PlatformException.invalid("custom_data", "custom data is " + customData.get().length()
                    + " characters long; the limit is " + MAX_CUSTOM_DATA_CHARS);
        }
        Started s = started();
        SessionRouting.RuleRoute r = routing.forRule(caller.id(), ruleId);
        if (application.isPresent() && !application.get().equals(r.application())) {
            throw PlatformException.notFound("rule", ruleId);
        }
        SessionRequest request = new SessionRequest(caller.id(), r.application(), r.route().ruleId(), r.route().scenarios(),
                customData);
        StartedSession started;
        try {
            started = s.engine.startFromHttp(request);
        } catch (ScenarioException e) {
            throw failure(e);
        }
        String tail = started.id().value() + "/" + started.accessToken();
        long historyId = store.ensureStarted(new SessionRecord(started.id(), caller.id(), r.application(),
                Optional.of(r.route().ruleId()), r.route().scenarios().stream().map(ScenarioSource::name).toList(), clock.instant(),
                Optional.empty(), Optional.empty()));
        return new HttpSession(started.id(), Optional.of(s.accessBase.resolve(tail)), s.secureBase.map(b -> b.resolve(tail)),
                historyId);
    }

    /** Maps the engine's refusals to API errors, in one place. */
    static PlatformException failure(ScenarioException e) {
        return switch (e.reason()) {
            case INVALID_SCENARIO -> PlatformException.invalid("rule_id", e.getMessage());
            case QUARANTINED, OVERLOADED -> new PlatformException(Kind.UNAVAILABLE, "rule_id", e.getMessage());
            case NO_SUCH_SESSION, FORBIDDEN -> new PlatformException(Kind.NOT_FOUND, null, "no such session");
        };
    }

    /**
     * A request to an access URL. Completes with the scenario's answer; a session that does not exist,
     * has ended or whose token is wrong completes with empty: the caller answers all three alike (404).
     */
    public CompletionStage<Optional<SessionHttpResponse>> deliver(String sessionId, String token, SessionHttpRequest request) {
        Started s = engine.getNow(null);
        if (s == null || !SESSION_ID.matcher(sessionId).matches() || token.isEmpty() || token.length() > 200) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return s.engine.deliverHttpRequest(new SessionId(sessionId), token, request)
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        if (!(t instanceof ScenarioException)) {
                            LOG.warn("delivering a request to session {} failed", sessionId, t);
                        }
                        return Optional.<SessionHttpResponse>empty();
                    }
                    return Optional.of(response);
                });
    }

    // ---- stored sessions ------------------------------------------------------------------------

    public SessionRecord get(Account caller, String sessionId) throws PlatformException {
        return store.find(caller.id(), parseId(sessionId)).orElseThrow(() -> PlatformException.notFound("session", sessionId));
    }

    public List<SessionLogLine> log(Account caller, String sessionId) throws PlatformException {
        SessionRecord s = get(caller, sessionId);
        return store.log(s.id(), 0, MAX_LOG_LINES);
    }

    public List<SessionRecord> list(Account caller, ApplicationId app, Optional<Instant> from, Optional<Instant> to,
                                    int offset, int limit) throws PlatformException {
        applications.get(caller, app);
        return store.list(caller.id(), app, from, to, offset, limit);
    }

    public int count(Account caller, ApplicationId app, Optional<Instant> from, Optional<Instant> to) {
        return store.count(caller.id(), app, from, to);
    }

    private static SessionId parseId(String raw) throws PlatformException {
        if (raw == null || !SESSION_ID.matcher(raw).matches()) {
            throw PlatformException.notFound("session", raw == null ? "" : raw.length() > 64 ? raw.substring(0, 64) + "..." : raw);
        }
        return new SessionId(raw);
    }

    // ---- live view and recordings -----------------------------------------------------------------

    /** The account's running sessions (oldest first) and conferences. Empty while the engine starts. */
    public Live live(AccountId account) {
        Started s = engine.getNow(null);
        if (s == null) {
            return new Live(List.of(), List.of());
        }
        List<LiveSession> mine = new ArrayList<>();
        Map<SessionId, LiveSession> byId = new java.util.HashMap<>();
        for (LiveSession l : s.engine.liveSessions()) {
            if (l.account().equals(account)) {
                mine.add(l);
                byId.put(l.id(), l);
            }
        }
        mine.sort(Comparator.comparing(LiveSession::startedAt).thenComparing(l -> l.id().value()));
        List<LiveConference> confs = new ArrayList<>();
        for (var e : conferences.owned(account)) {
            LiveSession owner = byId.get(e.getValue());
            if (owner != null) {
                confs.add(new LiveConference(e.getKey().name(), e.getKey().application(), owner.id(), owner.calls()));
            }
        }
        confs.sort(Comparator.comparing(LiveConference::name));
        return new Live(List.copyOf(mine), List.copyOf(confs));
    }

    /** A finished recording of the caller's account. */
    public Path recording(Account caller, String recordingId) throws PlatformException {
        if (recordingId == null || !RECORDING_ID.matcher(recordingId).matches()) {
            throw PlatformException.notFound("recording", "");
        }
        return media.recordingFile(caller.id(), recordingId)
                .orElseThrow(() -> PlatformException.notFound("recording", recordingId));
    }
}
