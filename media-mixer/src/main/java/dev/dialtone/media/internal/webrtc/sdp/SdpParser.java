package dev.dialtone.media.internal.webrtc.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.dialtone.media.MediaDirection;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.DtlsFingerprint;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.DtlsSetup;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.IceCredentials;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.RtpMap;

/**
 * Reads a browser's SDP offer (RFC 8866 syntax; the attributes of RFC 8829 that an audio answer
 * needs) into a {@link SessionDescription}. Lenient about what it does not need (unknown lines and
 * attributes are skipped, CRLF or LF), strict about size and about the values it keeps: a malformed
 * value is an {@link SdpException}, never a runtime error.
 */
public final class SdpParser {
    public static final int MAX_LENGTH = 64 * 1024;
    private static final int MAX_LINES = 4_000;
    private static final int MAX_MEDIA = 32;
    private static final int MAX_FORMATS = 64;

    private SdpParser() {
    }

    public static SessionDescription parse(String sdp) throws SdpException {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpException("empty SDP");
        }
        if (sdp.length() > MAX_LENGTH) {
            throw new SdpException("SDP longer than " + MAX_LENGTH + " characters");
        }
        String[] lines = sdp.split("\r?\n");
        if (lines.length > MAX_LINES) {
            throw new SdpException("SDP has more than " + MAX_LINES + " lines");
        }
        if (!lines[0].trim().equals("v=0")) {
            throw new SdpException("SDP must start with v=0");
        }
        Section session = new Section(null);
        List<Section> media = new ArrayList<>();
        String originId = null;
        long originVersion = 0;
        List<String> bundle = List.of();
        Section current = session;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("line " + (i + 1) + " is not <type>=<value>");
            }
            char type = line.charAt(0);
            String value = line.substring(2).trim();
            switch (type) {
                case 'o' -> {
                    String[] f = value.split(" ");
                    if (f.length != 6) {
                        throw new SdpException("o= needs six fields");
                    }
                    originId = f[1];
                    originVersion = parseLong(f[2], "o= session version");
                }
                case 'm' -> {
                    if (media.size() == MAX_MEDIA) {
                        throw new SdpException("more than " + MAX_MEDIA + " media sections");
                    }
                    current = new Section(mLine(value));
                    media.add(current);
                }
                case 'a' -> {
                    if (current == session && value.startsWith("group:BUNDLE") && bundle.isEmpty()) {
                        String mids = value.substring("group:BUNDLE".length()).trim();
                        bundle = mids.isEmpty() ? List.of() : List.of(mids.split("\\s+"));
                    } else {
                        attribute(current, value);
                    }
                }
                default -> {
                    // v, s, i, u, e, p, c, b, t, r, z, k: nothing an audio answer needs
                }
            }
        }
        if (originId == null) {
            throw new SdpException("SDP has no o= line");
        }
        if (media.isEmpty()) {
            throw new SdpException("SDP has no media section");
        }
        List<MediaDescription> out = new ArrayList<>(media.size());
        for (Section s : media) {
            out.add(s.build(session));
        }
        return new SessionDescription(originId, originVersion, bundle, out);
    }

    private record MLine(String kind, int port, String protocol, List<String> formats) {
    }

    private static MLine mLine(String value) throws SdpException {
        String[] f = value.split(" +");
        if (f.length < 4) {
            throw new SdpException("m= needs media, port, protocol and at least one format: " + value);
        }
        String portField = f[1];
        int slash = portField.indexOf('/');
        int port = parseInt(slash < 0 ? portField : portField.substring(0, slash), "m= port");
        if (port < 0 || port > 65_535) {
            throw new SdpException("m= port out of range: " + port);
        }
        if (f.length - 3 > MAX_FORMATS) {
            throw new SdpException("m= line lists more than " + MAX_FORMATS + " formats");
        }
        return new MLine(f[0].toLowerCase(Locale.ROOT), port, f[2], List.of(f).subList(3, f.length));
    }

    private static void attribute(Section s, String value) throws SdpException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        String arg = colon < 0 ? "" : value.substring(colon + 1).trim();
        switch (name) {
            case "mid" -> s.mid = Optional.of(arg);
            case "ice-ufrag" -> s.ufrag = arg;
            case "ice-pwd" -> s.pwd = arg;
            case "fingerprint" -> s.fingerprint = Optional.of(fingerprint(arg));
            case "setup" -> s.setup = Optional.of(setup(arg));
            case "rtcp-mux" -> s.rtcpMux = true;
            case "sendrecv" -> s.direction = MediaDirection.SENDRECV;
            case "sendonly" -> s.direction = MediaDirection.SENDONLY;
            case "recvonly" -> s.direction = MediaDirection.RECVONLY;
            case "inactive" -> s.direction = MediaDirection.INACTIVE;
            case "rtpmap" -> s.rtpMaps.add(rtpMap(arg));
            case "fmtp" -> {
                int space = arg.indexOf(' ');
                if (space > 0) {
                    s.fmtp.put(parseInt(arg.substring(0, space), "fmtp payload type"), arg.substring(space + 1).trim());
                }
            }
            default -> {
                // candidates (trickled later anyway), extmap, rtcp-fb, ssrc, msid...: not needed
            }
        }
    }

    private static DtlsFingerprint fingerprint(String arg) throws SdpException {
        String[] f = arg.split(" +");
        if (f.length != 2) {
            throw new SdpException("a=fingerprint needs a hash function and a value");
        }
        String hash = f[0].toLowerCase(Locale.ROOT);
        String[] pairs = f[1].split(":");
        if (pairs.length < 16 || pairs.length > 64) {
            throw new SdpException("a=fingerprint value has an implausible length");
        }
        byte[] bytes = new byte[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            if (pairs[i].length() != 2) {
                throw new SdpException("a=fingerprint value is not colon-separated hex pairs");
            }
            try {
                bytes[i] = (byte) Integer.parseInt(pairs[i], 16);
            } catch (NumberFormatException e) {
                throw new SdpException("a=fingerprint value is not hex");
            }
        }
        return new DtlsFingerprint(hash, bytes);
    }

    private static DtlsSetup setup(String arg) throws SdpException {
        return switch (arg.toLowerCase(Locale.ROOT)) {
            case "active" -> DtlsSetup.ACTIVE;
            case "passive" -> DtlsSetup.PASSIVE;
            case "actpass" -> DtlsSetup.ACTPASS;
            case "holdconn" -> DtlsSetup.HOLDCONN;
            default -> throw new SdpException("unknown a=setup value: " + arg);
        };
    }

    private static RtpMap rtpMap(String arg) throws SdpException {
        int space = arg.indexOf(' ');
        if (space < 0) {
            throw new SdpException("a=rtpmap needs a payload type and an encoding");
        }
        int pt = parseInt(arg.substring(0, space), "rtpmap payload type");
        if (pt < 0 || pt > 127) {
            throw new SdpException("rtpmap payload type out of range: " + pt);
        }
        String[] enc = arg.substring(space + 1).trim().split("/");
        if (enc.length < 2 || enc.length > 3 || enc[0].isEmpty()) {
            throw new SdpException("a=rtpmap encoding must be <name>/<rate>[/<channels>]");
        }
        int rate = parseInt(enc[1], "rtpmap clock rate");
        int channels = enc.length == 3 ? parseInt(enc[2], "rtpmap channels") : 1;
        if (rate < 1 || rate > 1_000_000 || channels < 1 || channels > 8) {
            throw new SdpException("implausible rtpmap clock rate or channels: " + arg);
        }
        return new RtpMap(pt, enc[0], rate, channels);
    }

    private static int parseInt(String s, String what) throws SdpException {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new SdpException(what + " is not a number: " + abbreviate(s));
        }
    }

    private static long parseLong(String s, String what) throws SdpException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new SdpException(what + " is not a number: " + abbreviate(s));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "..." : s;
    }

    /** Attributes collected for the session level or one media section. */
    private static final class Section {
        final MLine line;
        Optional<String> mid = Optional.empty();
        String ufrag;
        String pwd;
        Optional<DtlsFingerprint> fingerprint = Optional.empty();
        Optional<DtlsSetup> setup = Optional.empty();
        MediaDirection direction;
        boolean rtcpMux;
        final List<RtpMap> rtpMaps = new ArrayList<>();
        final Map<Integer, String> fmtp = new HashMap<>();

        Section(MLine line) {
            this.line = line;
        }

        MediaDescription build(Section session) throws SdpException {
            String u = ufrag != null ? ufrag : session.ufrag;
            String p = pwd != null ? pwd : session.pwd;
            Optional<IceCredentials> ice = u != null && p != null ? Optional.of(new IceCredentials(u, p)) : Optional.empty();
            MediaDirection dir = direction != null ? direction
                    : session.direction != null ? session.direction : MediaDirection.SENDRECV;
            List<RtpMap> maps = new ArrayList<>();
            for (String f : line.formats()) {
                int pt;
                try {
                    pt = Integer.parseInt(f);
                } catch (NumberFormatException e) {
                    continue; // "webrtc-datachannel" and other non-RTP formats
                }
                Optional<RtpMap> explicit = rtpMaps.stream().filter(r -> r.payloadType() == pt).findFirst();
                if (explicit.isPresent()) {
                    maps.add(explicit.get());
                } else if (pt == 0) {
                    maps.add(new RtpMap(0, "PCMU", 8_000, 1));
                } else if (pt == 8) {
                    maps.add(new RtpMap(8, "PCMA", 8_000, 1));
                }
            }
            return new MediaDescription(line.kind(), line.port(), line.protocol(), line.formats(), mid, dir, rtcpMux,
                    ice, fingerprint.or(() -> session.fingerprint), setup.or(() -> session.setup), maps, fmtp);
        }
    }
}
