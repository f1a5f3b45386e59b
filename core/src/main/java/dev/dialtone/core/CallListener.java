package dev.dialtone.core;

/**
 * Receives a leg's events. Legs call it from their own threads (SIP, media, WebSocket), in the order
 * the events happened, never concurrently for one leg; implementations queue and return at once.
 */
@FunctionalInterface
public interface CallListener {
    void onEvent(CallLeg leg, CallEvent event);
}
