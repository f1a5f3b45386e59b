package dev.dialtone.pstn.internal.sdp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.dialtone.media.MediaDirection;

/**
 * Parses an SDP body (RFC 4566) into a {@link SessionDescription}: bytes in, typed value or
 * {@link SdpException} out. Lenient where RFC 4566 says to be (unknown lines and attributes are
 * ignored, LF without CR is accepted); strict where a mistake would send media to the wrong place
 * (addresses, ports and payload types must be well formed). Host names in {@code c=} are refused
 * rather than resolved: resolving would block a SIP thread on DNS.
 */
public final class SdpParser {
    /** More media sections than this is not a real call. */
    public static final int MAX_MEDIA = 16;
    public static final int MAX_FORMATS = 64;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+");
    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");
    private static final Pattern SPACES = Pattern.compile(" +");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private SdpParser() {
    }

    public static SessionDescription parse(byte[] body) throws SdpException {
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    public static SessionDescription parse(String text) throws SdpException {
        String[] lines = LINE_BREAK.split(text, -1);
        boolean sawVersion = false;
        String originUser = null;
        String originSession = null;
        long originVersion = 0;
        InetAddress originAddress = null;
        Optional<InetAddress> sessionConnection = Optional.empty();
        Optional<MediaDirection> sessionDirection = Optional.empty();
        List<MediaDescription> media = new ArrayList<>();
        MediaBuilder current = null;
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw SdpException.malformed("SDP line " + n + " is not <type>=<value>");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (n == 1 && type != 'v') {
                throw SdpException.malformed("SDP must start with v=");
            }
            switch (type) {
                case 'v' -> {
                    if (!value.equals("0")) {
                        throw SdpException.malformed("unsupported SDP version " + value);
                    }
                    sawVersion = true;
                }
                case 'o' -> {
                    String[] f = value.split(" ");
                    if (f.length != 6 || !f[3].equals("IN")) {
                        throw SdpException.malformed("o= must be <user> <sess-id> <sess-version> IN <addrtype> <address>");
                    }
                    originUser = f[0];
                    originSession = f[1];
                    try {
                        originVersion = Long.parseUnsignedLong(f[2]);
                    } catch (NumberFormatException e) {
                        throw SdpException.malformed("o= session version is not a number: " + f[2]);
                    }
                    originAddress = address(f[4], f[5], true).orElse(null);
                }
                case 'c' -> {
                    InetAddress a = connection(value);
                    if (current == null) {
                        sessionConnection = Optional.of(a);
                    } else {
                        current.connection = Optional.of(a);
                    }
                }
                case 'm' -> {
                    if (media.size() + (current == null ? 0 : 1) >= MAX_MEDIA) {
                        throw SdpException.notAcceptable("more than " + MAX_MEDIA + " media sections");
                    }
                    if (current != null) {
                        media.add(current.build());
                    }
                    current = mediaLine(value);
                }
                case 'a' -> {
                    Optional<MediaDirection> d = direction(value);
                    if (current == null) {
                        if (d.isPresent()) {
                            sessionDirection = d;
                        }
                    } else {
                        current.attribute(value, d);
                    }
                }
                default -> {
                    // s, t, b, i, u, e, p, z, k, r and unknown types: not needed for offer/answer
                }
            }
        }
        if (!sawVersion) {
            throw SdpException.malformed("SDP has no v= line");
        }
        if (originUser == null) {
            throw SdpException.malformed("SDP has no o= line");
        }
        if (current != null) {
            media.add(current.build());
        }
        if (originAddress == null) {
            originAddress = InetAddress.getLoopbackAddress();
        }
        return new SessionDescription(originUser, originSession, originVersion, originAddress, sessionConnection,
                sessionDirection, media);
    }

    private static MediaBuilder mediaLine(String value) throws SdpException {
        String[] f = SPACES.split(value);
        if (f.length < 3) {
            throw SdpException.malformed("m= must be <media> <port> <proto> <fmt> ...");
        }
        MediaBuilder b = new MediaBuilder();
        b.type = f[0].toLowerCase(Locale.ROOT);
        if (!TOKEN.matcher(b.type).matches()) {
            throw SdpException.malformed("bad media type in m=");
        }
        String port = f[1];
        int slash = port.indexOf('/');
        if (slash >= 0) {
            port = port.substring(0, slash); // port/count: we use the first port only
        }
        try {
            b.port = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw SdpException.malformed("m= port is not a number: " + f[1]);
        }
        if (b.port < 0 || b.port > 65_535) {
            throw SdpException.malformed("m= port out of range: " + f[1]);
        }
        b.proto = f[2];
        if (f.length - 3 > MAX_FORMATS) {
            throw SdpException.notAcceptable("more than " + MAX_FORMATS + " formats in one m= line");
        }
        boolean rtp = b.proto.toUpperCase(Locale.ROOT).startsWith("RTP/");
        for (int i = 3; i < f.length; i++) {
            b.rawFormats.add(f[i]);
            if (rtp) {
                b.formats.add(payloadType(f[i]));
            }
        }
        return b;
    }

    private static int payloadType(String s) throws SdpException {
        try {
            int pt = Integer.parseInt(s);
            if (pt >= 0 && pt <= 127) {
                return pt;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw SdpException.malformed("bad RTP payload type: " + s);
    }

    private static InetAddress connection(String value) throws SdpException {
        String[] f = value.split(" ");
        if (f.length != 3 || !f[0].equals("IN")) {
            throw SdpException.malformed("c= must be IN <addrtype> <address>");
        }
        String addr = f[2];
        int slash = addr.indexOf('/');
        if (slash >= 0) {
            addr = addr.substring(0, slash);
        }
        Optional<InetAddress> a = address(f[1], addr, false);
        if (a.isEmpty()) {
            throw SdpException.notAcceptable("c= host names are not supported: " + addr);
        }
        if (a.get().isMulticastAddress()) {
            throw SdpException.notAcceptable("multicast media is not supported");
        }
        return a.get();
    }

    /** An IP literal of the given type; empty for a host name (o= may carry one). */
    private static Optional<InetAddress> address(String addrType, String addr, boolean lenient) throws SdpException {
        try {
            if (addrType.equals("IP4") && IPV4.matcher(addr).matches()) {
                for (String part : addr.split("\\.")) {
                    if (Integer.parseInt(part) > 255) {
                        throw SdpException.malformed("bad IPv4 address: " + addr);
                    }
                }
                return Optional.of(InetAddress.getByName(addr));
            }
            if (addrType.equals("IP6") && addr.indexOf(':') >= 0 && IPV6_CHARS.matcher(addr).matches()) {
                return Optional.of(InetAddress.getByName(addr));
            }
        } catch (UnknownHostException e) {
            throw SdpException.malformed("bad address: " + addr);
        }
        if (!addrType.equals("IP4") && !addrType.equals("IP6")) {
            if (lenient) {
                return Optional.empty();
            }
            throw SdpException.notAcceptable("unsupported address type " + addrType);
        }
        if (lenient || TOKEN.matcher(addr).matches()) {
            return Optional.empty();
        }
        throw SdpException.malformed("bad address: " + addr);
    }

    private static Optional<MediaDirection> direction(String attribute) {
        return switch (attribute) {
            case "sendrecv" -> Optional.of(MediaDirection.SENDRECV);
            case "sendonly" -> Optional.of(MediaDirection.SENDONLY);
            case "recvonly" -> Optional.of(MediaDirection.RECVONLY);
            case "inactive" -> Optional.of(MediaDirection.INACTIVE);
            default -> Optional.empty();
        };
    }

    private static final class MediaBuilder {
        String type;
        int port;
        String proto;
        final List<Integer> formats = new ArrayList<>();
        final List<String> rawFormats = new ArrayList<>();
        final Map<Integer, RtpMap> rtpMaps = new HashMap<>();
        final Map<Integer, String> fmtps = new HashMap<>();
        Optional<InetAddress> connection = Optional.empty();
        Optional<MediaDirection> direction = Optional.empty();
        Optional<Integer> ptime = Optional.empty();
        Optional<Integer> rtcpPort = Optional.empty();
        boolean rtcpMux;

        void attribute(String value, Optional<MediaDirection> d) throws SdpException {
            if (d.isPresent()) {
                direction = d;
                return;
            }
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String arg = colon < 0 ? "" : value.substring(colon + 1).trim();
            switch (name) {
                case "rtpmap" -> rtpMap(arg);
                case "fmtp" -> {
                    int sp = arg.indexOf(' ');
                    if (sp > 0) {
                        try {
                            fmtps.put(Integer.parseInt(arg.substring(0, sp)), arg.substring(sp + 1).trim());
                        } catch (NumberFormatException e) {
                            // fmtp of a non-RTP format: not ours
                        }
                    }
                }
                case "ptime" -> {
                    try {
                        double p = Double.parseDouble(arg);
                        if (p > 0 && p <= 1000) {
                            ptime = Optional.of((int) Math.round(p));
                        }
                    } catch (NumberFormatException e) {
                        // an unreadable ptime is ignored (RFC 4566 says it is only a hint)
                    }
                }
                case "rtcp" -> {
                    String p = arg.split(" ")[0];
                    try {
                        int port = Integer.parseInt(p);
                        if (port > 0 && port <= 65_535) {
                            rtcpPort = Optional.of(port);
                        }
                    } catch (NumberFormatException e) {
                        throw SdpException.malformed("bad a=rtcp port: " + p);
                    }
                }
                case "rtcp-mux" -> rtcpMux = true;
                default -> {
                    // other attributes are not needed
                }
            }
        }

        /**
         * {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]}. A malformed one is ignored like any
         * attribute we do not understand (RFC 4566 §5.13): a format without a usable rtpmap is
         * then matched by its static payload type only.
         */
        private void rtpMap(String arg) {
            String[] f = SPACES.split(arg, 2);
            if (f.length != 2) {
                return;
            }
            String[] enc = f[1].split("/");
            if (enc.length < 2 || !TOKEN.matcher(enc[0]).matches()) {
                return;
            }
            try {
                int pt = Integer.parseInt(f[0]);
                int clock = Integer.parseInt(enc[1].trim());
                int channels = enc.length > 2 ? Integer.parseInt(enc[2].trim()) : 1;
                if (pt >= 0 && pt <= 127 && clock > 0 && channels > 0) {
                    rtpMaps.put(pt, new RtpMap(pt, enc[0], clock, channels));
                }
            } catch (NumberFormatException e) {
                // ignored, see above
            }
        }

        MediaDescription build() {
            return new MediaDescription(type, port, proto, formats, rawFormats, rtpMaps, fmtps, connection, direction, ptime,
                    rtcpPort, rtcpMux);
        }
    }
}
