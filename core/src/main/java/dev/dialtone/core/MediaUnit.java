package dev.dialtone.core;

/**
 * A node of the media graph: a call's endpoint, a conference, a player or a recorder.
 *
 * <p>{@code a.sendMediaTo(b)} adds one direction: what {@code a} produces becomes one of the sources
 * {@code b} hears. A unit fed by several sources hears their mix. A conference is the exception that
 * makes conferences work: each unit it sends to hears the mix of all its sources except that unit's
 * own audio (N-1).
 *
 * <p>Both methods are idempotent and never block: they take effect at the next 20 ms tick. Units of
 * different media engines cannot be connected; doing so is a programmer error.
 */
public interface MediaUnit {
    /** A stable id, unique on this node, for logs and diagnostics. */
    String mediaId();

    void sendMediaTo(MediaUnit target);

    void stopMediaTo(MediaUnit target);
}
