package dev.dialtone.core;

/** An N-1 audio mixer: every unit it sends to hears all of its sources except itself. */
public interface Conference extends MediaUnit {
    /** The name the conference was created with. */
    String name();

    /** Stops or resumes taking {@code source}'s audio into the mix; the source still hears the mix. */
    void setMuted(MediaUnit source, boolean muted);

    /** Disconnects every source and listener. The conference cannot be used afterwards. */
    void stop();
}
