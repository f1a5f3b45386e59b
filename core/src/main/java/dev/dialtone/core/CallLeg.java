package dev.dialtone.core;

import java.util.Map;

/**
 * One leg of a call as a session sees it: an inbound call offered to a scenario, or an outbound call
 * a scenario placed. SIP legs, web SDK legs and internal legs implement it.
 *
 * <p>Every control method returns at once; its outcome arrives as a {@link CallEvent}. Calling a
 * method that does not fit the state (answering a terminated call) is ignored, because the far end
 * can change the state at any moment and scenarios cannot prevent the race.
 */
public interface CallLeg {
    CallInfo info();

    CallState state();

    /** Sets the one listener of this leg (the owning session). Events before this are buffered. */
    void listen(CallListener listener);

    /** Inbound: tell the caller it is ringing (SIP 180). */
    void ring();

    /** Inbound: start sending audio before answering (SIP 183 with SDP). */
    void startEarlyMedia();

    /** Inbound: answer (SIP 200 with SDP); {@link CallEvent.Connected} follows. */
    void answer(Map<String, String> headers);

    /** Inbound, not yet answered: refuse with a SIP status code (486 busy, 603 decline, 404 …). */
    void reject(int code, Map<String, String> headers);

    /** Ends the leg in any state: BYE, CANCEL or reject, as fits. */
    void hangup(Map<String, String> headers);

    /** A text message to the far end (SDK message or SIP MESSAGE/INFO). */
    void sendMessage(String text);

    void sendInfo(String mimeType, String body, Map<String, String> headers);

    /** Sends DTMF digits (RFC 4733 where the leg has RTP). */
    void sendDigits(String digits);

    /** Turns {@link CallEvent.ToneReceived} on or off (off by default, as in the scenario API). */
    void handleTones(boolean enabled);

    /** The leg's audio in the media graph: send to it to be heard, send from it to hear the caller. */
    MediaUnit media();
}
