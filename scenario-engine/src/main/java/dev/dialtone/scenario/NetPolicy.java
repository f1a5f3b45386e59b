package dev.dialtone.scenario;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@code Net.httpRequest} may go ({@code dialtone.scenario.net.*}). By default only public
 * addresses over http and https: loopback, link-local (169.254.0.0/16, the cloud metadata address),
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), multicast and
 * unspecified addresses are refused, for literal addresses and for every address a name resolves to.
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
        if (h.equalsIgnoreCase("localhost") || h.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
            return Optional.of(host + " is a loopback address");
        }
        if (isLiteralAddress(h)) {
            try {
                return refuseAddress(InetAddress.getByName(h));
            } catch (java.net.UnknownHostException e) {
                return Optional.of("malformed address " + host);
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
            if (first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240
                    || (first == 198 && (second == 18 || second == 19))) {
                return Optional.of(a + " is a reserved address");
            }
        } else if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of(a + " is a private address");
            }
            if (isMappedV4(b)) {
                try {
                    return refuseAddress(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (java.net.UnknownHostException e) {
                    return Optional.of(a + " is malformed");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    /** True for IPv6 literals and IPv4 in every form InetAddress accepts (dotted, short, hex, one number). */
    private static boolean isLiteralAddress(String host) {
        return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
    }

    private static final java.util.regex.Pattern IPV4_LITERAL =
            java.util.regex.Pattern.compile("(0[xX][0-9a-fA-F]+|[0-9]+)(\\.(0[xX][0-9a-fA-F]+|[0-9]+)){0,3}");
}
