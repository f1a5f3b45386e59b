package dev.dialtone.media;

import java.time.Duration;

/**
 * Events of one {@link WebRtcEndpoint}: the {@link dev.dialtone.core.CallEvent}s every endpoint
 * reports through {@link #onEvent} ({@code ToneReceived}, {@code FirstAudioPacketReceived},
 * {@code RtpStopped}, {@code RtpResumed}), plus the transport's outcome. Called on a mixer thread,
 * in order, never concurrently for one endpoint: queue and return at once.
 */
public interface WebRtcListener extends EndpointListener {
    /**
     * The browser checked connectivity, finished DTLS with the certificate its offer announced, and
     * SRTP is keyed: audio flows from now on. Called at most once, {@code sinceCreated} after the
     * endpoint was created (so including the time the answer took to reach the browser).
     */
    default void onConnected(Duration sinceCreated) {
    }

    /**
     * The transport ended without {@link WebRtcEndpoint#close} being called: the endpoint has left
     * the graph and freed its port. Called at most once, and nothing follows it.
     */
    void onFailed(WebRtcFailure failure);
}
