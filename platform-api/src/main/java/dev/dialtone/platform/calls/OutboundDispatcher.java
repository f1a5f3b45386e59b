package dev.dialtone.platform.calls;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.CallLeg;
import dev.dialtone.core.MediaServices;
import dev.dialtone.core.OutboundCall;
import dev.dialtone.core.OutboundCalls;

/**
 * The node's {@link OutboundCalls}: {@code callPSTN} and {@code callSIP} go to what
 * {@link #registerPstn} registered (the SIP connector), {@code callUser} to what {@link #registerUsers}
 * registered (the web SDK gateway). With nothing registered for a kind, the returned leg fails at once
 * with {@code Failed} 404 "… not available on this node"; this never throws into a script.
 */
public final class OutboundDispatcher implements OutboundCalls {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundDispatcher.class);

    private final MediaServices media;
    private final AtomicReference<OutboundCalls> pstn = new AtomicReference<>();
    private final AtomicReference<OutboundCalls> users = new AtomicReference<>();

    /** @param media gives failed legs a (released) media unit, so scripts may still address their media */
    public OutboundDispatcher(MediaServices media) {
        this.media = Objects.requireNonNull(media, "media");
    }

    /** Places {@code PSTN} and {@code SIP} calls from now on (the SIP connector). Replaces an earlier registration. */
    public void registerPstn(OutboundCalls calls) {
        pstn.set(Objects.requireNonNull(calls, "calls"));
    }

    /** Places {@code USER} calls from now on (the web SDK gateway). Replaces an earlier registration. */
    public void registerUsers(OutboundCalls calls) {
        users.set(Objects.requireNonNull(calls, "calls"));
    }

    @Override
    public CallLeg place(OutboundCall call) {
        Objects.requireNonNull(call, "call");
        OutboundCalls target = switch (call.kind()) {
            case PSTN, SIP -> pstn.get();
            case USER -> users.get();
        };
        String what = switch (call.kind()) {
            case PSTN -> "PSTN calls are";
            case SIP -> "SIP calls are";
            case USER -> "calls to application users are";
        };
        if (target == null) {
            return FailedCallLeg.create(call, 404, what + " not available on this node", media);
        }
        try {
            return target.place(call);
        } catch (RuntimeException e) {
            LOG.warn("placing a {} call for session {} failed", call.kind(), call.session(), e);
            return FailedCallLeg.create(call, 500, "the call could not be placed: " + e.getClass().getSimpleName(), media);
        }
    }
}
