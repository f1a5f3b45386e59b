package dev.dialtone.media.internal.playback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

import dev.dialtone.media.FetchAllowRule;

/**
 * Which addresses playback may fetch from: public ones, plus loopback/private/link-local ones only
 * when configured (all of them, or those an allow rule names: e.g. the node's own HTTP address).
 */
public final class AddressPolicy {
    private final boolean allowPrivate;
    private final List<FetchAllowRule> rules;

    public AddressPolicy(boolean allowPrivate, List<FetchAllowRule> rules) {
        this.allowPrivate = allowPrivate;
        this.rules = List.copyOf(rules);
    }

    public boolean allows(InetAddress address, int port) {
        if (!isInternal(address) || allowPrivate) {
            return true;
        }
        for (FetchAllowRule r : rules) {
            if (r.allows(address, port)) {
                return true;
            }
        }
        return false;
    }

    /** Loopback, unspecified, private, link-local, CGNAT, unique-local, multicast and similar. */
    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xFF, b1 = b[1] & 0xFF;
            return b0 == 0 || (b0 == 100 && b1 >= 64 && b1 < 128) || (b0 == 192 && b1 == 0 && (b[2] & 0xFF) == 0)
                    || (b0 == 198 && (b1 == 18 || b1 == 19)) || b0 >= 240;
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xFE) == 0xFC) {
                return true; // fc00::/7 unique local
            }
            boolean mapped = true; // ::ffff:a.b.c.d
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (java.net.UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
