package dev.dialtone.media.internal.graph;

/**
 * When a mixer thread may run under real-time scheduling: while its CPU share of each second stays at most
 * {@code maxShare}. Past that it leaves, and it comes back only after {@code calmWindows} further windows, at
 * a window using less than {@code returnShare}. One instance per thread, used by that thread only.
 */
final class RealtimeBudget {
    /** What the thread should do after a window. */
    enum Action { STAY, LEAVE, RETURN }

    private final double maxShare;
    private final double returnShare;
    private final int calmWindows;
    private boolean realtime;
    private int windowsSinceLeaving = -1;

    RealtimeBudget(double maxShare, double returnShare, int calmWindows, boolean realtimeNow) {
        if (returnShare > maxShare) {
            throw new IllegalArgumentException("the return share must not exceed the limit: " + returnShare + " > " + maxShare);
        }
        this.maxShare = maxShare;
        this.returnShare = returnShare;
        this.calmWindows = calmWindows;
        this.realtime = realtimeNow;
    }

    /** One window ended in which the thread used {@code share} of a core (0..1). */
    Action windowEnded(double share) {
        if (realtime && share > maxShare) {
            realtime = false;
            windowsSinceLeaving = 0;
            return Action.LEAVE;
        }
        if (!realtime && windowsSinceLeaving >= 0 && ++windowsSinceLeaving >= calmWindows && share < returnShare) {
            realtime = true;
            windowsSinceLeaving = -1;
            return Action.RETURN;
        }
        return Action.STAY;
    }

    /** The other way round: the OS refused to make the thread real-time again. */
    void refused() {
        realtime = false;
        windowsSinceLeaving = -1;
    }

    boolean realtime() {
        return realtime;
    }
}
