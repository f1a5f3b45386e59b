package dev.dialtone.platform.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.dialtone.platform.PlatformException;

/** Parses allowed source addresses of a SIP trunk: IPv4/IPv6 addresses or CIDR blocks, never host names. */
public final class Cidrs {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private Cidrs() {
    }

    /** Canonical forms ({@code 192.0.2.0/24}, {@code 2001:db8:0:0:0:0:0:0/32}); a lone address gets /32 or /128. */
    public static List<String> parse(String field, List<String> raw) throws PlatformException {
        if (raw.size() > 100) {
            throw PlatformException.invalid(field, field + " may list at most 100 entries");
        }
        List<String> out = new ArrayList<>();
        for (String entry : raw) {
            out.add(parseOne(field, entry));
        }
        return out;
    }

    static String parseOne(String field, String entry) throws PlatformException {
        String s = entry == null ? "" : entry.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (addr.isEmpty() || !LITERAL.matcher(addr).matches() || (addr.indexOf(':') < 0 && addr.chars().filter(c -> c == '.').count() != 3)) {
            throw PlatformException.invalid(field, "'" + Names.quote(s) + "' in " + field
                    + " is not an IP address or CIDR block (e.g. 192.0.2.10 or 198.51.100.0/24)");
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(addr);
        } catch (UnknownHostException e) {
            throw PlatformException.invalid(field, Names.quote(s) + " in " + field + " is not a valid IP address");
        }
        int max = ip.getAddress().length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw PlatformException.invalid(field, Names.quote(s) + " in " + field + " has a bad prefix length; use 0.." + max);
            }
        }
        byte[] bytes = ip.getAddress();
        for (int bit = prefix; bit < max; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether {@code address} lies in {@code cidr}, a block in the canonical form {@link #parse} stores.
     * A malformed block contains nothing.
     */
    public static boolean contains(String cidr, InetAddress address) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return false;
        }
        byte[] block;
        int prefix;
        try {
            String addr = cidr.substring(0, slash);
            if (!LITERAL.matcher(addr).matches()) {
                return false;
            }
            block = InetAddress.getByName(addr).getAddress();
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
        byte[] a = address.getAddress();
        if (a.length != block.length || prefix < 0 || prefix > a.length * 8) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (block[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
