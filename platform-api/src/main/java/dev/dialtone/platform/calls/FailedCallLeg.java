package dev.dialtone.platform.calls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallEvent;
import dev.dialtone.core.CallId;
import dev.dialtone.core.CallInfo;
import dev.dialtone.core.CallLeg;
import dev.dialtone.core.CallListener;
import dev.dialtone.core.CallState;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.MediaLink;
import dev.dialtone.core.MediaServices;
import dev.dialtone.core.MediaUnit;
import dev.dialtone.core.OutboundCall;

/**
 * An outbound leg that could not be placed: terminated from the start, it reports one
 * {@link CallEvent.Failed} to its listener and ignores every control. Its media unit is a released
 * link end of the media engine, so a script that sends media to it before it sees the failure does nothing.
 */
final class FailedCallLeg implements CallLeg {
    private final CallInfo info;
    private final CallEvent.Failed failure;
    private final MediaUnit media;
    private final List<CallListener> delivered = new ArrayList<>(1);

    private FailedCallLeg(CallInfo info, CallEvent.Failed failure, MediaUnit media) {
        this.info = info;
        this.failure = failure;
        this.media = media;
    }

    static FailedCallLeg create(OutboundCall call, int code, String reason, MediaServices media) {
        ClientType type = switch (call.kind()) {
            case PSTN -> ClientType.PSTN;
            case SIP -> ClientType.SIP;
            case USER -> ClientType.WEB;
        };
        CallInfo info = new CallInfo(CallId.random(), CallDirection.OUTBOUND, type, call.callerId(), call.displayName(),
                call.target(), call.headers());
        MediaLink link = media.link();
        media.release(link.a());
        media.release(link.b());
        return new FailedCallLeg(info, new CallEvent.Failed(code, reason, Map.of()), link.a());
    }

    @Override
    public CallInfo info() {
        return info;
    }

    @Override
    public CallState state() {
        return CallState.TERMINATED;
    }

    @Override
    public void listen(CallListener listener) {
        synchronized (delivered) {
            if (delivered.contains(listener)) {
                return;
            }
            delivered.add(listener);
        }
        listener.onEvent(this, failure);
    }

    @Override
    public void ring() {
    }

    @Override
    public void startEarlyMedia() {
    }

    @Override
    public void answer(Map<String, String> headers) {
    }

    @Override
    public void reject(int code, Map<String, String> headers) {
    }

    @Override
    public void hangup(Map<String, String> headers) {
    }

    @Override
    public void sendMessage(String text) {
    }

    @Override
    public void sendInfo(String mimeType, String body, Map<String, String> headers) {
    }

    @Override
    public void sendDigits(String digits) {
    }

    @Override
    public void handleTones(boolean enabled) {
    }

    @Override
    public MediaUnit media() {
        return media;
    }
}
