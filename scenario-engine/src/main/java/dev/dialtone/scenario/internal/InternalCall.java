package dev.dialtone.scenario.internal;

import java.time.Duration;
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
import dev.dialtone.core.MediaUnit;
import dev.dialtone.core.ToneSource;

/**
 * An internal call between two sessions ({@code callConference}): the caller's outbound leg and the
 * owner's inbound leg, back to back. Signalling crosses in memory (answer, reject, hang-up, messages,
 * INFO, digits); audio crosses through a {@link MediaLink} of the media engine.
 */
final class InternalCall {
    private final Side caller;
    private final Side callee;
    private CallState state = CallState.PROGRESSING;

    InternalCall(String destination, String callerId, String displayName, Map<String, String> headers, MediaLink link) {
        CallId id = CallId.random();
        this.caller = new Side(new CallInfo(id, CallDirection.OUTBOUND, ClientType.INTERNAL, callerId, displayName,
                destination, headers), link.a());
        this.callee = new Side(new CallInfo(CallId.random(), CallDirection.INBOUND, ClientType.INTERNAL, callerId,
                displayName, destination, headers), link.b());
    }

    CallLeg caller() {
        return caller;
    }

    CallLeg callee() {
        return callee;
    }

    private Side other(Side s) {
        return s == caller ? callee : caller;
    }

    private final class Side implements CallLeg {
        private final CallInfo info;
        private final MediaUnit media;
        private final List<CallEvent> buffered = new ArrayList<>();
        private CallListener listener;
        private boolean tones;

        Side(CallInfo info, MediaUnit media) {
            this.info = info;
            this.media = media;
        }

        @Override
        public CallInfo info() {
            return info;
        }

        @Override
        public CallState state() {
            synchronized (InternalCall.this) {
                if (state == CallState.PROGRESSING && this == callee) {
                    return CallState.ALERTING;
                }
                return state;
            }
        }

        @Override
        public void listen(CallListener l) {
            List<CallEvent> pending;
            synchronized (InternalCall.this) {
                listener = l;
                pending = new ArrayList<>(buffered);
                buffered.clear();
            }
            for (CallEvent e : pending) {
                l.onEvent(this, e);
            }
        }

        private void deliver(CallEvent e) {
            CallListener l;
            synchronized (InternalCall.this) {
                l = listener;
                if (l == null) {
                    buffered.add(e);
                    return;
                }
            }
            l.onEvent(this, e);
        }

        @Override
        public void ring() {
            if (this == callee && state() == CallState.ALERTING) {
                caller.deliver(new CallEvent.Ringing(Map.of()));
            }
        }

        @Override
        public void startEarlyMedia() {
            if (this == callee && state() == CallState.ALERTING) {
                caller.deliver(new CallEvent.AudioStarted());
            }
        }

        @Override
        public void answer(Map<String, String> headers) {
            synchronized (InternalCall.this) {
                if (this != callee || state != CallState.PROGRESSING) {
                    return;
                }
                state = CallState.CONNECTED;
            }
            callee.deliver(new CallEvent.Connected(Map.of()));
            caller.deliver(new CallEvent.Connected(headers));
        }

        @Override
        public void reject(int code, Map<String, String> headers) {
            synchronized (InternalCall.this) {
                if (this != callee || state != CallState.PROGRESSING) {
                    return;
                }
                state = CallState.TERMINATED;
            }
            int c = code >= 300 && code <= 699 ? code : 486;
            callee.deliver(new CallEvent.Failed(c, "rejected", Map.of()));
            caller.deliver(new CallEvent.Failed(c, "rejected", headers));
        }

        @Override
        public void hangup(Map<String, String> headers) {
            CallState before;
            synchronized (InternalCall.this) {
                before = state;
                if (before == CallState.TERMINATED) {
                    return;
                }
                state = CallState.TERMINATED;
            }
            if (before == CallState.CONNECTED) {
                deliver(new CallEvent.Disconnected(Map.of(), false, 200, "hung up"));
                other(this).deliver(new CallEvent.Disconnected(headers, true, 200, "hung up by the other side"));
            } else {
                deliver(new CallEvent.Failed(487, "cancelled", Map.of()));
                other(this).deliver(new CallEvent.Failed(487, "cancelled by the other side", headers));
            }
        }

        @Override
        public void sendMessage(String text) {
            if (state() == CallState.CONNECTED) {
                other(this).deliver(new CallEvent.MessageReceived(text, Map.of()));
            }
        }

        @Override
        public void sendInfo(String mimeType, String body, Map<String, String> headers) {
            if (state() == CallState.CONNECTED) {
                other(this).deliver(new CallEvent.InfoReceived(mimeType, body, headers));
            }
        }

        @Override
        public void sendDigits(String digits) {
            Side o = other(this);
            if (state() != CallState.CONNECTED || !o.tones) {
                return;
            }
            for (char c : digits.toCharArray()) {
                if ("0123456789*#ABCD".indexOf(c) >= 0) {
                    o.deliver(new CallEvent.ToneReceived(c, Duration.ofMillis(100), ToneSource.SIGNALLING));
                }
            }
        }

        @Override
        public void handleTones(boolean enabled) {
            tones = enabled;
        }

        @Override
        public MediaUnit media() {
            return media;
        }
    }
}
