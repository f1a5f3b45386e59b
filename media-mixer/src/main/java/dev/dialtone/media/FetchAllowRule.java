package dev.dialtone.media;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * One exception to "playback never fetches from loopback or private addresses": an IP literal with a
 * port ({@code 127.0.0.1:8080}, {@code [::1]:8080}) or a CIDR block, any port ({@code 10.1.0.0/16}).
 * Host names are refused: the rule must not depend on DNS.
 */
public record FetchAllowRule(byte[] network, int prefixLength, OptionalInt port) {
    public FetchAllowRule {
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("network must be an IPv4 or IPv6 address");
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    public static FetchAllowRule parse(String text) {
        String t = text.trim();
        try {
            int slash = t.indexOf('/');
            if (slash >= 0) {
                byte[] net = ipLiteral(t.substring(0, slash));
                return new FetchAllowRule(net, Integer.parseInt(t.substring(slash + 1)), OptionalInt.empty());
            }
            int colon = t.lastIndexOf(':');
            if (colon < 0 || (t.indexOf(':') != colon && !t.startsWith("["))) {
                throw new IllegalArgumentException("a fetch allow rule is ip:port or a CIDR block: " + text);
            }
            String host = t.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = Integer.parseInt(t.substring(colon + 1));
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port out of range in fetch allow rule: " + text);
            }
            byte[] net = ipLiteral(host);
            return new FetchAllowRule(net, net.length * 8, OptionalInt.of(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a fetch allow rule is ip:port or a CIDR block: " + text, e);
        }
    }

    private static byte[] ipLiteral(String s) {
        if (s.isEmpty() || !(s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':'))) {
            throw new IllegalArgumentException("fetch allow rules take IP literals, not host names: " + s);
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + s, e);
        }
    }

    /** True when {@code address:port} is covered by this rule. */
    public boolean allows(InetAddress address, int remotePort) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        if (port.isPresent() && port.getAsInt() != remotePort) {
            return false;
        }
        int full = prefixLength / 8;
        if (!Arrays.equals(a, 0, full, network, 0, full)) {
            return false;
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (network[full] & mask);
    }
}
