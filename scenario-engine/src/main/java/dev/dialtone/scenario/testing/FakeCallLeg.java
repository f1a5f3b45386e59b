package dev.dialtone.scenario.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallEvent;
import dev.dialtone.core.CallId;
import dev.dialtone.core.CallInfo;
import dev.dialtone.core.CallLeg;
import dev.dialtone.core.CallListener;
import dev.dialtone.core.CallState;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.MediaUnit;
import dev.dialtone.core.ToneSource;
import dev.dialtone.scenario.testing.Timeline.Kind;

/**
 * An in-memory call leg whose far end is the test: the scenario's answer, say, hang-up… are
 * recorded on the {@link Timeline}, and the test acts as the caller with {@link #pressDigits},
 * {@link #sendMessageFromCaller} and {@link #hangupFromCaller}.
 */
public final class FakeCallLeg implements CallLeg {
    private static final AtomicInteger MEDIA_IDS = new AtomicInteger();

    private final CallInfo info;
    private final Timeline timeline;
    private final MediaUnit media;
    private final List<CallEvent> buffered = new ArrayList<>();
    private final List<String> messagesToCaller = new ArrayList<>();
    private CallListener listener;
    private CallState state;
    private boolean tones;

    public FakeCallLeg(CallInfo info, Timeline timeline, RecordingMediaServices mediaServices) {
        this.info = info;
        this.timeline = timeline;
        this.state = info.incoming() ? CallState.ALERTING : CallState.PROGRESSING;
        this.media = mediaServices.callUnit("call:" + info.id().value().substring(0, Math.min(8, info.id().value().length()))
                + "#" + MEDIA_IDS.incrementAndGet(), info.id().value());
    }

    public static CallInfo inbound(String dialed, String callerId, String displayName, Map<String, String> headers, ClientType type) {
        return new CallInfo(CallId.random(), CallDirection.INBOUND, type, callerId, displayName, dialed, headers);
    }

    public String id() {
        return info.id().value();
    }

    @Override
    public CallInfo info() {
        return info;
    }

    @Override
    public synchronized CallState state() {
        return state;
    }

    @Override
    public void listen(CallListener l) {
        List<CallEvent> pending;
        synchronized (this) {
            listener = l;
            pending = new ArrayList<>(buffered);
            buffered.clear();
        }
        pending.forEach(e -> l.onEvent(this, e));
    }

    private void deliver(CallEvent e) {
        CallListener l;
        synchronized (this) {
            l = listener;
            if (l == null) {
                buffered.add(e);
                return;
            }
        }
        l.onEvent(this, e);
    }

    // ---- what the scenario does -------------------------------------------------------------------

    @Override
    public void ring() {
        timeline.add(Kind.RINGING, id(), "");
    }

    @Override
    public void startEarlyMedia() {
        timeline.add(Kind.RINGING, id(), "early media");
    }

    @Override
    public void answer(Map<String, String> headers) {
        synchronized (this) {
            if (state != CallState.ALERTING) {
                return;
            }
            state = CallState.CONNECTED;
        }
        timeline.add(Kind.ANSWERED, id(), headers.isEmpty() ? "" : headers.toString());
        deliver(new CallEvent.Connected(Map.of()));
    }

    @Override
    public void reject(int code, Map<String, String> headers) {
        synchronized (this) {
            if (state != CallState.ALERTING) {
                return;
            }
            state = CallState.TERMINATED;
        }
        timeline.add(Kind.REJECTED, id(), String.valueOf(code));
        deliver(new CallEvent.Failed(code, "rejected by the scenario", Map.of()));
    }

    @Override
    public void hangup(Map<String, String> headers) {
        CallState before;
        synchronized (this) {
            before = state;
            if (before == CallState.TERMINATED) {
                return;
            }
            state = CallState.TERMINATED;
        }
        timeline.add(Kind.HANGUP, id(), "by the scenario");
        if (before == CallState.CONNECTED) {
            deliver(new CallEvent.Disconnected(Map.of(), false, 200, "hung up"));
        } else {
            deliver(new CallEvent.Failed(487, "cancelled", Map.of()));
        }
    }

    @Override
    public void sendMessage(String text) {
        synchronized (this) {
            messagesToCaller.add(text);
            notifyAll();
        }
        timeline.add(Kind.MESSAGE_SENT, id(), text);
    }

    @Override
    public void sendInfo(String mimeType, String body, Map<String, String> headers) {
        timeline.add(Kind.INFO_SENT, id(), mimeType + " " + body);
    }

    @Override
    public void sendDigits(String digits) {
        timeline.add(Kind.DIGITS_SENT, id(), digits);
    }

    @Override
    public synchronized void handleTones(boolean enabled) {
        tones = enabled;
    }

    @Override
    public MediaUnit media() {
        return media;
    }

    // ---- what the test does as the far end ----------------------------------------------------

    /** The caller presses keys; ignored while the scenario has not turned tones on, as on a real call. */
    public void pressDigits(String digits) {
        for (char c : digits.toCharArray()) {
            boolean on;
            synchronized (this) {
                on = tones && state == CallState.CONNECTED;
            }
            if (on) {
                timeline.add(Kind.TONE_RECEIVED, id(), String.valueOf(c));
                deliver(new CallEvent.ToneReceived(c, Duration.ofMillis(100), ToneSource.RTP_EVENT));
            }
        }
    }

    public void sendMessageFromCaller(String text) {
        timeline.add(Kind.MESSAGE_RECEIVED, id(), text);
        deliver(new CallEvent.MessageReceived(text, Map.of()));
    }

    public void hangupFromCaller() {
        CallState before;
        synchronized (this) {
            before = state;
            state = CallState.TERMINATED;
        }
        if (before == CallState.TERMINATED) {
            return;
        }
        timeline.add(Kind.HANGUP, id(), "by the caller");
        if (before == CallState.CONNECTED) {
            deliver(new CallEvent.Disconnected(Map.of(), true, 200, "caller hung up"));
        } else {
            deliver(new CallEvent.Failed(487, "caller cancelled", Map.of()));
        }
    }

    /** For outbound legs: the far end answers. */
    public void answerFromFarEnd() {
        synchronized (this) {
            if (state != CallState.PROGRESSING) {
                return;
            }
            state = CallState.CONNECTED;
        }
        deliver(new CallEvent.Connected(Map.of()));
    }

    public synchronized List<String> messagesToCaller() {
        return List.copyOf(messagesToCaller);
    }

    public synchronized int messagesToCallerCount() {
        return messagesToCaller.size();
    }

    /**
     * Waits (in real time, without spinning) until the scenario has sent the caller at least
     * {@code count} messages in all; returns false if that did not happen within {@code timeout}.
     */
    public synchronized boolean awaitMessagesToCaller(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messagesToCaller.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
        return true;
    }

    public synchronized boolean tonesEnabled() {
        return tones;
    }
}
