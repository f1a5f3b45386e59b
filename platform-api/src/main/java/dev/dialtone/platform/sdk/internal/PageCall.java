package dev.dialtone.platform.sdk.internal;

import java.util.Map;

import dev.dialtone.core.CallState;

/** A call as one page's connection sees it: the page's call messages for that call id go here. */
interface PageCall {
    String id();

    CallState state();

    /** {@code disconnectCall} (or {@code rejectCall} with {@code true} from a callee that hangs up while ringing). */
    void hangupFromPage(Map<String, String> headers);

    /** {@code sendSIPInfo}. */
    void infoFromPage(String type, String subtype, String body, Map<String, String> headers);

    void holdFromPage(boolean hold);

    void digitFromPage(char digit);

    /** {@code ReInvite}. */
    void reInviteFromPage(String sdp, Map<String, String> headers);

    /** {@code AcceptReInvite}: the page answered a re-offer relayed to it. */
    void acceptReInviteFromPage(String sdp, Map<String, String> headers);

    /** {@code acceptCall}: the page answers a call it was rung for. */
    void acceptFromPage(String sdp, Map<String, String> headers);

    /** {@code rejectCall} with {@code false}: the page declines a call it was rung for. */
    void declineFromPage(Map<String, String> headers);

    /** The page's connection is gone for good. */
    void connectionLost();

    /** The page came back on a new connection ({@code resumeConnection}): frames go there from now on. */
    void rebind(SdkConnection connection);
}
