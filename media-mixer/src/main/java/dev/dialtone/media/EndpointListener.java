package dev.dialtone.media;

import dev.dialtone.core.CallEvent;

/**
 * Events of one RTP endpoint: {@link CallEvent.ToneReceived} (RFC 4733 or in-band),
 * {@link CallEvent.FirstAudioPacketReceived}, {@link CallEvent.RtpStopped} and
 * {@link CallEvent.RtpResumed}. Called on a mixer thread, in order, never concurrently for one
 * endpoint: implementations must queue and return at once (never block, never call back into the
 * engine synchronously expecting a result).
 */
@FunctionalInterface
public interface EndpointListener {
    void onEvent(CallEvent event);

    EndpointListener NONE = event -> {
    };
}
