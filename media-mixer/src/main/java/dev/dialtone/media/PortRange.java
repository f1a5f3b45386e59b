package dev.dialtone.media;

/**
 * The UDP ports RTP endpoints may bind: RTP on an even port, RTCP on the next odd one (RFC 3550
 * section 11). {@link #EPHEMERAL} lets the operating system choose both (tests, or behind a proxy
 * that does not care); RTCP is then on an unrelated port, which SDP must announce with
 * {@code a=rtcp} (RFC 3605).
 */
public record PortRange(int first, int last) {
    /** Both ports chosen by the operating system. */
    public static final PortRange EPHEMERAL = new PortRange(0, 0);

    public PortRange {
        if (!(first == 0 && last == 0)) {
            if (first < 1024 || last > 65_535 || first > last) {
                throw new IllegalArgumentException("RTP port range must lie within 1024..65535 with first <= last: "
                        + first + ".." + last);
            }
            if (last - first < 1) {
                throw new IllegalArgumentException("RTP port range must hold at least one even/odd pair: "
                        + first + ".." + last);
            }
        }
    }

    public boolean ephemeral() {
        return first == 0;
    }

    /** How many RTP/RTCP pairs fit in the range. */
    public int pairs() {
        if (ephemeral()) {
            return Integer.MAX_VALUE;
        }
        int evenFirst = first + (first & 1);
        return evenFirst + 1 > last ? 0 : (last - evenFirst + 1) / 2;
    }

    /** Parses {@code 10000-20000} or {@code 0} (ephemeral). */
    public static PortRange parse(String text) {
        String t = text.trim();
        if (t.equals("0")) {
            return EPHEMERAL;
        }
        int dash = t.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("port range must look like 10000-20000 or 0: " + text);
        }
        try {
            return new PortRange(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port range must look like 10000-20000 or 0: " + text, e);
        }
    }

    @Override
    public String toString() {
        return ephemeral() ? "0" : first + "-" + last;
    }
}
