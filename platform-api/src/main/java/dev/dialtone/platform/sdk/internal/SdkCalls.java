package dev.dialtone.platform.sdk.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallId;
import dev.dialtone.core.SessionId;
import dev.dialtone.pstn.CallRecord;
import dev.dialtone.scenario.ConferenceRoutes;
import dev.dialtone.scenario.ScenarioException;
import dev.dialtone.scenario.SessionRequest;
import io.vertx.core.json.JsonObject;

/**
 * The call half of the protocol for one logged-in connection (WEBSDK-PROTOCOL.md §5): a
 * {@code createCall}/{@code callConference} is routed by the application's rules and starts a session
 * with an {@link SdkCallLeg}; the page's later call messages go to that leg.
 */
public final class SdkCalls implements CallSignaling {
    private static final Logger LOG = LoggerFactory.getLogger(SdkCalls.class);
    /** Calls one connection may have at once. */
    public static final int MAX_CALLS = 8;
    private static final Set<String> NAMES = Set.of("createCall", "callConference", "disconnectCall", "sendSIPInfo", "ReInvite",
            "AcceptReInvite", "RejectReInvite", "hold", "unhold", "sendDTMF", "acceptCall", "rejectCall");

    private volatile SdkConnection connection;
    private final SdkIdentity identity;
    private final CallServices services;
    private final Map<String, PageCall> calls = new ConcurrentHashMap<>();

    public SdkCalls(SdkConnection connection, SdkIdentity identity, CallServices services) {
        this.connection = connection;
        this.identity = identity;
        this.services = services;
    }

    @Override
    public boolean handles(String name) {
        return NAMES.contains(name);
    }

    @Override
    public void onFrame(Frame f) throws Frame.MalformedFrame {
        switch (f.name()) {
            case "createCall", "callConference" -> createCall(f);
            default -> {
                String callId = f.string(0);
                PageCall leg = calls.get(callId);
                if (leg == null && f.name().equals("disconnectCall")) {
                    connection.send(Frame.of("handleConnectionDisconnected", callId, new JsonObject(), new JsonObject()));
                    return;
                }
                if (leg == null) {
                    connection.send(Frame.of("__error", 404, f.name() + ": no call " + callId + " on this connection"));
                    return;
                }
                switch (f.name()) {
                    case "disconnectCall" -> {
                        leg.hangupFromPage(SdkHeaders.from(f.optObject(1)));
                        calls.remove(callId);
                    }
                    case "sendSIPInfo" -> leg.infoFromPage(f.string(1), f.optString(2, ""), f.optString(3, ""),
                            SdkHeaders.from(f.optObject(4)));
                    case "hold", "unhold" -> leg.holdFromPage(f.name().equals("hold"));
                    case "ReInvite" -> leg.reInviteFromPage(f.string(2), SdkHeaders.from(f.optObject(1)));
                    case "AcceptReInvite" -> leg.acceptReInviteFromPage(f.string(2), SdkHeaders.from(f.optObject(1)));
                    case "RejectReInvite" -> {
                        // glare on the page: the re-offer it could not take is dropped
                    }
                    case "acceptCall" -> leg.acceptFromPage(f.string(2), SdkHeaders.from(f.optObject(1)));
                    case "rejectCall" -> {
                        Object hangup = f.params().size() > 1 ? f.params().getValue(1) : null;
                        if (Boolean.TRUE.equals(hangup)) {
                            leg.hangupFromPage(SdkHeaders.from(f.optObject(2)));
                        } else {
                            leg.declineFromPage(SdkHeaders.from(f.optObject(2)));
                        }
                        calls.remove(callId);
                    }
                    case "sendDTMF" -> leg.digitFromPage(digit(f));
                    default -> connection.send(Frame.of("__error", 501, f.name() + " is not supported for calls into scenarios"));
                }
            }
        }
    }

    private static char digit(Frame f) throws Frame.MalformedFrame {
        Object v = f.params().size() > 1 ? f.params().getValue(1) : null;
        String s = v == null ? "" : v.toString();
        return switch (s) {
            case "10", "*" -> '*';
            case "11", "#" -> '#';
            default -> {
                if (s.length() == 1 && "0123456789ABCD".indexOf(s.charAt(0)) >= 0) {
                    yield s.charAt(0);
                }
                throw new Frame.MalformedFrame("sendDTMF: not a digit: " + s);
            }
        };
    }

    private void createCall(Frame f) throws Frame.MalformedFrame {
        String number = f.string(1);
        String callId = f.string(3);
        Map<String, String> headers = SdkHeaders.from(f.optObject(6));
        String sdp = f.optString(8, "");
        if (callId.isBlank() || callId.length() > 128) {
            throw new Frame.MalformedFrame(f.name() + ": the call id must be 1..128 characters");
        }
        if (number.isEmpty() || number.length() > 256) {
            fail(callId, 404, "Not Found");
            return;
        }
        if (sdp.isEmpty()) {
            fail(callId, 488, "Not Acceptable Here");
            return;
        }
        calls.values().removeIf(l -> l.state().isTerminal());
        if (calls.size() >= MAX_CALLS) {
            fail(callId, 486, "Busy Here");
            return;
        }
        SdkCallLeg leg = new SdkCallLeg(new CallId(callId), identity, number, headers, sdp, services.media(), connection,
                services.endpointsCreated()::incrementAndGet, services.clock());
        leg.whenTerminated(() -> calls.remove(callId, leg));
        if (calls.putIfAbsent(callId, leg) != null) {
            connection.send(Frame.of("__error", 409, f.name() + ": call " + callId + " already exists on this connection"));
            services.media().release(leg.media());
            return;
        }
        long received = System.nanoTime();
        long[] routed = new long[1];
        CompletableFuture.supplyAsync(() -> {
            Optional<ConferenceRoutes.Route> r = route(number);
            routed[0] = System.nanoTime();
            return r;
        }, services.blocking()).whenComplete((route, error) -> {
            if (error != null || route.isEmpty()) {
                if (error != null) {
                    LOG.error("web SDK call {} of {} (application {}): routing failed", callId, identity.user(),
                            identity.application(), error);
                }
                leg.reject(error != null ? 500 : 404, Map.of());
                calls.remove(callId);
                return;
            }
            try {
                services.engine().startForInboundCall(new SessionRequest(identity.account(), identity.application(),
                        route.get().ruleId(), route.get().scenarios()), leg).whenComplete((session, e) -> {
                            if (e != null) {
                                LOG.warn("web SDK call {}: the session did not start: {}", callId, e.toString());
                                leg.reject(503, Map.of());
                                calls.remove(callId);
                            } else {
                                LOG.info("web SDK call {} from {} (application {}) to '{}' runs in session {} (routed in {} ms,"
                                        + " session started {} ms later)", callId, identity.user(), identity.application(),
                                        number, session, (routed[0] - received) / 1_000_000, (System.nanoTime() - routed[0]) / 1_000_000);
                                if (!leg.state().isTerminal()) {
                                    services.inboundBySession().put(session, leg);
                                    services.records().begin(record(leg, session, number));
                                    leg.whenTerminated(() -> {
                                        calls.remove(callId, leg);
                                        services.inboundBySession().remove(session, leg);
                                        services.records().finish(record(leg, session, number));
                                    });
                                    if (leg.state().isTerminal()) {
                                        services.inboundBySession().remove(session, leg);
                                    }
                                }
                            }
                        });
            } catch (ScenarioException e) {
                LOG.warn("web SDK call {}: the session cannot start: {}", callId, e.getMessage());
                leg.reject(503, Map.of());
                calls.remove(callId);
            }
        });
    }

    /** The leg's call record (CDR), open while the leg lives, finished once it ended. */
    private CallRecord record(SdkCallLeg leg, SessionId session, String number) {
        return leg.outcome().record(new CallId(leg.id()), identity.account(), identity.application(), session,
                CallDirection.INBOUND, identity.user(), number, leg.state().isTerminal(), services.clock().instant());
    }

    private Optional<ConferenceRoutes.Route> route(String number) {
        try {
            return services.routing().route(identity.account(), identity.application(), number);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void fail(String callId, int code, String reason) {
        connection.send(Frame.of("handleConnectionFailed", callId, code, reason, new JsonObject()));
    }

    @Override
    public boolean hasActiveCalls() {
        return calls.values().stream().anyMatch(c -> !c.state().isTerminal());
    }

    /** The page came back on {@code newConnection}: its calls continue there. Returns their ids. */
    List<String> rebind(SdkConnection newConnection) {
        connection = newConnection;
        calls.values().removeIf(c -> c.state().isTerminal());
        for (PageCall c : calls.values()) {
            c.rebind(newConnection);
        }
        return List.copyOf(calls.keySet());
    }

    /** Rings this page for a call from a scenario; false if the page already has a call with that id. */
    boolean addIncoming(SdkPageLeg leg) {
        if (calls.putIfAbsent(leg.id(), leg) != null) {
            return false;
        }
        leg.whenTerminated(() -> calls.remove(leg.id(), leg));
        return true;
    }

    @Override
    public void onConnectionClosed() {
        for (PageCall leg : List.copyOf(calls.values())) {
            leg.connectionLost();
        }
        calls.clear();
    }
}
