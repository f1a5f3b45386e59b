package dev.dialtone.platform.sdk.internal;

import io.vertx.core.json.JsonObject;

/**
 * The call half of the protocol (WEBSDK-PROTOCOL.md §5) for one logged-in connection: the connection
 * passes every call message here and tells it when the connection ends.
 */
public interface CallSignaling {
    /** Whether {@code name} is a call message this handles. */
    boolean handles(String name);

    /** Handles a call message; a malformed one throws, and the connection answers the error. */
    void onFrame(Frame frame) throws Frame.MalformedFrame;

    /** The connection is gone (closed, dropped, or the user deleted): end the calls. */
    void onConnectionClosed();

    /** Whether a call is still going (worth keeping for a resume). */
    default boolean hasActiveCalls() {
        return false;
    }

    /** Makes the signalling of a connection once it has logged in. */
    @FunctionalInterface
    interface Factory {
        CallSignaling create(SdkConnection connection, SdkIdentity identity);
    }

    /** No calls on this node: call messages are answered with a failure. */
    Factory NONE = (connection, identity) -> new CallSignaling() {
        @Override
        public boolean handles(String name) {
            return name.equals("createCall") || name.equals("callConference");
        }

        @Override
        public void onFrame(Frame frame) throws Frame.MalformedFrame {
            connection.send(Frame.of("handleConnectionFailed", frame.string(3), 503, "Calls are not available on this node",
                    new JsonObject()));
        }

        @Override
        public void onConnectionClosed() {
        }
    };
}
