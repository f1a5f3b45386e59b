package dev.dialtone.platform.sdk.internal;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.dialtone.core.CallEvent;
import dev.dialtone.media.WebRtcFailure;
import dev.dialtone.media.WebRtcListener;

/**
 * A page call's WebRTC endpoint events, on a mixer thread: its events go to the call's scenario (digits only
 * while the scenario asked for them, {@code handleTones}), a failed transport to the call's own handling.
 */
record PageMediaEvents(BooleanSupplier tones, Consumer<CallEvent> emit, Consumer<WebRtcFailure> failed)
        implements WebRtcListener {
    @Override
    public void onEvent(CallEvent event) {
        if (!(event instanceof CallEvent.ToneReceived) || tones.getAsBoolean()) {
            emit.accept(event);
        }
    }

    @Override
    public void onFailed(WebRtcFailure failure) {
        failed.accept(failure);
    }
}
