package dev.dialtone.pstn.internal.sip;

/** Lets tests in other packages recompute digests. */
public final class DigestAuthTestAccess {
    private DigestAuthTestAccess() {
    }

    public static String md5(String s) {
        return DigestAuth.md5(s);
    }
}
