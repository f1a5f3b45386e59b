package dev.dialtone.platform.sdk.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallId;
import dev.dialtone.core.CallLeg;
import dev.dialtone.core.OutboundCall;
import dev.dialtone.core.OutboundCalls;
import dev.dialtone.pstn.CallRecord;

/**
 * {@code VoxEngine.callUser} and friends for this node's logged-in pages (registered with the node's
 * {@code OutboundDispatcher.registerUsers}). A direct call ({@code forwardCallToUserDirect},
 * {@code callUserDirect}: header {@code X-Dialtone-Direct}) rings the user's newest page with the caller
 * page's offer and relays the rest: media stays between the browsers. Any other call ({@code callUser})
 * rings it with the media engine's own offer: the scenario's audio reaches the page through the node. A
 * user with no page on this node fails with 480.
 */
public final class UserCalls implements OutboundCalls {
    private static final Logger LOG = LoggerFactory.getLogger(UserCalls.class);
    /** How long a direct call waits for its session's inbound leg to be registered (the session start completes). */
    private static final long PAIRING_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ConnectionRegistry registry;
    private final CallServices services;

    public UserCalls(ConnectionRegistry registry, CallServices services) {
        this.registry = registry;
        this.services = services;
    }

    @Override
    public CallLeg place(OutboundCall call) {
        boolean direct = "true".equals(call.headers().get("X-Dialtone-Direct"));
        SdkPageLeg leg = new SdkPageLeg(CallId.random(), call.target(), call.callerId(), call.displayName(), call.headers(),
                services.media(), services.clock());
        CompletableFuture.runAsync(() -> start(call, direct, leg), services.blocking());
        return leg;
    }

    private void start(OutboundCall call, boolean direct, SdkPageLeg leg) {
        try {
            List<SdkConnection> pages = registry.of(new ConnectionRegistry.UserKey(call.application(), call.target()));
            Optional<SdkConnection> page = pages.stream().filter(c -> c.calls().isPresent())
                    .max(Comparator.comparing(SdkConnection::loggedInAt));
            if (page.isEmpty()) {
                leg.fail(480, "user " + call.target() + " is not online on this node");
                return;
            }
            if (!direct) {
                if (!(page.get().calls().get() instanceof SdkCalls calls) || !calls.addIncoming(leg)) {
                    leg.fail(486, "the callee's page already has a call with this id");
                    return;
                }
                services.records().begin(record(call, leg));
                leg.whenTerminated(() -> services.records().finish(record(call, leg)));
                LOG.info("web call {} from session {} rings user {} (application {}) on connection {} with the node's media",
                        leg.id(), call.session(), call.target(), call.application(), page.get().id());
                leg.ringWithNodeMedia(page.get());
                return;
            }
            SdkCallLeg inbound = inboundOf(call);
            if (inbound == null || inbound.state().isTerminal()) {
                leg.fail(488, "a direct call needs the session's inbound call from a web page");
                return;
            }
            // Both ends of a peer-to-peer call share the caller page's call id.
            leg.bindCaller(inbound);
            if (!(page.get().calls().get() instanceof SdkCalls calls) || !calls.addIncoming(leg)) {
                leg.fail(486, "the callee's page already has a call with this id");
                return;
            }
            inbound.pairDirect(leg);
            services.records().begin(record(call, leg));
            leg.whenTerminated(() -> services.records().finish(record(call, leg)));
            LOG.info("direct web call {} from {} rings user {} (application {}) on connection {}", inbound.id(),
                    call.callerId(), call.target(), call.application(), page.get().id());
            leg.ring(page.get());
        } catch (RuntimeException e) {
            LOG.error("calling user {} (application {}) failed", call.target(), call.application(), e);
            leg.fail(500, "the call could not be placed");
        }
    }

    /** The rung page's leg's call record (CDR): open while it rings or talks, finished once it ended. */
    private CallRecord record(OutboundCall call, SdkPageLeg leg) {
        return leg.outcome().record(leg.info().id(), call.account(), call.application(), call.session(), CallDirection.OUTBOUND,
                call.callerId(), call.target(), leg.state().isTerminal(), services.clock().instant());
    }

    private SdkCallLeg inboundOf(OutboundCall call) {
        long deadline = System.nanoTime() + PAIRING_WAIT_NANOS;
        for (int i = 0; i < 400; i++) {
            SdkCallLeg leg = services.inboundBySession().get(call.session());
            if (leg != null || System.nanoTime() > deadline) {
                return leg;
            }
            LockSupport.parkNanos(5_000_000);
        }
        return null;
    }
}
