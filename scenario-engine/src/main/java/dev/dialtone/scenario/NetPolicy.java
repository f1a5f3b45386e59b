package dev.dialtone.scenario;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where {@code Net.httpRequest} may go ({@code dialtone.scenario.net.*}). By default only public
 * addresses over http and https: loopback, link-local (169.254.0.0/16, the cloud metadata address),
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), multicast and
 * unspecified addresses are refused, for literal addresses and for every address a name resolves to,
 * and so are IPv6 addresses that embed such an IPv4 address and IPv4 written in any form but a.b.c.d.
 *
 * @param allowPrivateAddresses {@code dialtone.scenario.net.allow-private-addresses} (default false):
 *                              allow all of the above, for development setups
 * @param requestTimeout        {@code dialtone.scenario.net.request-timeout} (default 30 s)
 * @param maxResponseBytes      {@code dialtone.scenario.net.max-response-bytes} (default 2 MiB)
 */
public record NetPolicy(boolean allowPrivateAddresses, Duration requestTimeout, int maxResponseBytes) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
    public static final NetPolicy DEFAULT = new NetPolicy(false, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);

    public NetPolicy {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero() || requestTimeout.toMinutes() > 10) {
            throw new IllegalArgumentException("net.request-timeout must be in (0, 10 min]: " + requestTimeout);
        }
        if (maxResponseBytes < 1024 || maxResponseBytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("net.max-response-bytes must be 1 KiB..64 MiB: " + maxResponseBytes);
        }
    }

    /** Why {@code url} is refused before any lookup (bad scheme, literal private address), or empty. */
    public Optional<String> refuseUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs are allowed");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("the URL has no host");
        }
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost") || lower.equals("localhost.")) {
            return Optional.of(host + " is a loopback address");
        }
        if (h.indexOf(':') >= 0) {
            try {
                return refuseAddress(InetAddress.getByName(h));
            } catch (UnknownHostException e) {
                return Optional.of("malformed address " + host);
            }
        }
        if (NUMERIC_HOST.matcher(h).matches()) {
            // Resolvers disagree on "2130706433", "0x7f.1" or "0177.0.0.1" (inet_aton reads them as 127.0.0.1):
            // only the canonical dotted quad is a literal here; every other numeric form is refused.
            if (!CANONICAL_IPV4.matcher(h).matches()) {
                return Optional.of(host + " is a numeric address in an ambiguous form (use a.b.c.d)");
            }
            try {
                return refuseAddress(InetAddress.getByName(h));
            } catch (UnknownHostException e) {
                return Optional.of("malformed address " + host);
            }
        }
        return Optional.empty();
    }

    /** Why a name that resolved to {@code addresses} is refused (any one of them refused), or empty. */
    public Optional<String> refuseResolved(String host, List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return Optional.of(host + " has no address");
        }
        for (InetAddress a : addresses) {
            Optional<String> r = refuseAddress(a);
            if (r.isPresent()) {
                return Optional.of(host + " resolves to " + r.get());
            }
        }
        return Optional.empty();
    }

    /** Why a resolved address is refused, or empty. */
    public Optional<String> refuseAddress(InetAddress address) {
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        String a = address.getHostAddress();
        if (address.isLoopbackAddress()) {
            return Optional.of(a + " is a loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of(a + " is a link-local address");
        }
        if (address.isSiteLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return Optional.of(a + " is a private address");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first == 127 || (first == 100 && second >= 64 && second < 128) || first >= 224
                    || (first == 198 && (second == 18 || second == 19)) || (first == 192 && second == 0 && (b[2] & 0xff) == 0)) {
                return Optional.of(a + " is a reserved address");
            }
        } else if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of(a + " is a private address");
            }
            Optional<byte[]> v4 = embeddedIpv4(b);
            if (v4.isPresent()) {
                try {
                    return refuseAddress(InetAddress.getByAddress(v4.get())).map(r -> a + " embeds " + r);
                } catch (UnknownHostException e) {
                    return Optional.of(a + " is malformed");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address inside an IPv6 one that a host or a translator would route to: IPv4-mapped
     * (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
     */
    private static Optional<byte[]> embeddedIpv4(byte[] b) {
        if (prefixZero(b, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff
                || prefixZero(b, 12)
                || (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zero(b, 4, 12))) {
            return Optional.of(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Optional.of(new byte[] {b[2], b[3], b[4], b[5]});
        }
        return Optional.empty();
    }

    private static boolean prefixZero(byte[] b, int n) {
        return zero(b, 0, n);
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Hosts made only of digits, dots and hex prefixes: IPv4 in some form, never a name. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0[xX][0-9a-fA-F]*|[0-9]+)(\\.(0[xX][0-9a-fA-F]*|[0-9]*))*\\.?");
    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
}
