package dev.dialtone.media.internal.webrtc.sdp;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.dialtone.media.MediaDirection;
import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.DtlsFingerprint;

/**
 * Writes our SDP answer (RFC 8829 section 5.3), and our offer when a scenario calls a page
 * ({@link #writeOffer}). The answer has one section per offered section, in order. The
 * negotiated audio section gets {@code a=ice-lite} at session level, our ICE credentials, host
 * candidates and end-of-candidates (so nothing needs trickling), our certificate fingerprint,
 * {@code a=setup:passive}, {@code a=rtcp-mux}, the one codec and telephone-event, and our SSRC with
 * its CNAME and msid. Every other section (video, data channels, extra audio) is rejected with port
 * 0 and keeps only its mid, and the BUNDLE group lists the audio mid alone (RFC 9143 section 7.3.3):
 * video between browsers never touches the server.
 */
public final class AnswerWriter {
    private static final String CRLF = "\r\n";

    /** What we put in the answer about ourselves. */
    public record Local(String sessionId, long version, String iceUfrag, String icePassword,
                        DtlsFingerprint fingerprint, List<InetSocketAddress> candidates, long ssrc, String cname,
                        String streamId, String trackId) {
        public Local {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(iceUfrag, "iceUfrag");
            Objects.requireNonNull(icePassword, "icePassword");
            Objects.requireNonNull(fingerprint, "fingerprint");
            candidates = List.copyOf(candidates);
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("an ICE-lite answer needs at least one host candidate");
            }
        }

        /** The same description for a later answer in the session (RFC 3264 section 8: version + 1). */
        public Local nextVersion() {
            return new Local(sessionId, version + 1, iceUfrag, icePassword, fingerprint, candidates, ssrc, cname,
                    streamId, trackId);
        }
    }

    private AnswerWriter() {
    }

    public static String write(SessionDescription offer, AudioNegotiation audio, Local local) {
        StringBuilder sb = new StringBuilder(1024);
        String ipVersion = sessionLines(sb, local);
        if (audio.bundled()) {
            line(sb, "a=group:BUNDLE " + audio.mid().orElseThrow());
        }
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            if (i == audio.index()) {
                audioSection(sb, m, audio, local, ipVersion);
            } else {
                rejected(sb, m);
            }
        }
        return sb.toString();
    }

    private static void audioSection(StringBuilder sb, MediaDescription m, AudioNegotiation audio, Local local,
                                     String ipVersion) {
        InetSocketAddress first = local.candidates().get(0);
        PayloadFormat codec = audio.codec();
        StringBuilder formats = new StringBuilder().append(codec.payloadType());
        audio.telephoneEvent().ifPresent(te -> formats.append(' ').append(te.payloadType()));
        line(sb, "m=audio " + first.getPort() + " " + m.protocol() + " " + formats);
        line(sb, "c=IN " + ipVersion + " " + first.getAddress().getHostAddress());
        audio.mid().ifPresent(mid -> line(sb, "a=mid:" + mid));
        iceAndDtls(sb, local, "passive");
        line(sb, "a=" + direction(audio.direction()));
        line(sb, "a=rtcp-mux");
        line(sb, "a=rtpmap:" + codec.payloadType() + " " + encodingName(codec) + "/" + codec.clockRate()
                + (audio.rtpmapChannels() > 1 ? "/" + audio.rtpmapChannels() : ""));
        if (codec.encoding().equals("OPUS")) {
            line(sb, "a=fmtp:" + codec.payloadType() + " minptime=10");
        }
        line(sb, "a=ptime:20");
        audio.telephoneEvent().ifPresent(te -> {
            line(sb, "a=rtpmap:" + te.payloadType() + " telephone-event/" + te.clockRate());
            line(sb, "a=fmtp:" + te.payloadType() + " 0-15");
        });
        if (audio.direction().sends()) {
            line(sb, "a=msid:" + local.streamId() + " " + local.trackId());
            line(sb, "a=ssrc:" + local.ssrc() + " cname:" + local.cname());
            line(sb, "a=ssrc:" + local.ssrc() + " msid:" + local.streamId() + " " + local.trackId());
        }
        candidates(sb, local);
    }

    /** The payload types of our offer: Opus and telephone-event at 48 kHz as browsers number them, G.711 static. */
    static final int OFFER_OPUS_PT = 111;
    static final int OFFER_EVENT_48K_PT = 110;
    static final int OFFER_EVENT_8K_PT = 126;

    /**
     * Writes our offer to a browser (a scenario calls a page): one bundled audio section, ICE-lite with our
     * host candidates, {@code a=setup:actpass} (a browser answers {@code active}, so we stay the DTLS server),
     * {@code codecs} best first (Opus, PCMU, PCMA) with telephone-event at the first one's clock, sendrecv, and our
     * stream's msid (the SSRC is not known yet: browsers take an unsignalled one for the section's track).
     */
    public static String writeOffer(Local local, List<String> codecs) {
        StringBuilder sb = new StringBuilder(1024);
        String ipVersion = sessionLines(sb, local);
        InetSocketAddress first = local.candidates().get(0);
        line(sb, "a=group:BUNDLE 0");
        StringBuilder formats = new StringBuilder();
        for (String c : codecs) {
            formats.append(' ').append(offerPayloadType(c));
        }
        // One telephone-event, at the clock of our first codec: offered both, Chromium answers both and sends its
        // digits at 8 kHz even when Opus is used, while we expect them at the codec's clock.
        boolean opus = codecs.get(0).equals("OPUS");
        int eventPt = opus ? OFFER_EVENT_48K_PT : OFFER_EVENT_8K_PT;
        formats.append(' ').append(eventPt);
        line(sb, "m=audio " + first.getPort() + " UDP/TLS/RTP/SAVPF" + formats);
        line(sb, "c=IN " + ipVersion + " " + first.getAddress().getHostAddress());
        line(sb, "a=mid:0");
        iceAndDtls(sb, local, "actpass");
        line(sb, "a=sendrecv");
        line(sb, "a=rtcp-mux");
        for (String c : codecs) {
            switch (c) {
                case "OPUS" -> {
                    line(sb, "a=rtpmap:" + OFFER_OPUS_PT + " opus/48000/2");
                    line(sb, "a=fmtp:" + OFFER_OPUS_PT + " minptime=10;useinbandfec=1");
                }
                case "PCMU" -> line(sb, "a=rtpmap:0 PCMU/8000");
                case "PCMA" -> line(sb, "a=rtpmap:8 PCMA/8000");
                default -> throw new IllegalArgumentException("not a WebRTC codec of ours: " + c);
            }
        }
        line(sb, "a=rtpmap:" + eventPt + " telephone-event/" + (opus ? 48_000 : 8_000));
        line(sb, "a=fmtp:" + eventPt + " 0-15");
        line(sb, "a=ptime:20");
        line(sb, "a=msid:" + local.streamId() + " " + local.trackId());
        candidates(sb, local);
        return sb.toString();
    }

    /** The session-level lines every description of ours starts with (ICE-lite); returns IP4 or IP6. */
    private static String sessionLines(StringBuilder sb, Local local) {
        InetSocketAddress first = local.candidates().get(0);
        String ipVersion = first.getAddress() instanceof Inet6Address ? "IP6" : "IP4";
        line(sb, "v=0");
        line(sb, "o=- " + local.sessionId() + " " + local.version() + " IN " + ipVersion + " "
                + first.getAddress().getHostAddress());
        line(sb, "s=-");
        line(sb, "t=0 0");
        line(sb, "a=ice-lite");
        return ipVersion;
    }

    private static int offerPayloadType(String codec) {
        return switch (codec) {
            case "OPUS" -> OFFER_OPUS_PT;
            case "PCMU" -> 0;
            case "PCMA" -> 8;
            default -> throw new IllegalArgumentException("not a WebRTC codec of ours: " + codec);
        };
    }

    private static void iceAndDtls(StringBuilder sb, Local local, String setup) {
        line(sb, "a=ice-ufrag:" + local.iceUfrag());
        line(sb, "a=ice-pwd:" + local.icePassword());
        line(sb, "a=fingerprint:" + local.fingerprint().hashFunction() + " " + local.fingerprint().hex());
        line(sb, "a=setup:" + setup);
    }

    private static void candidates(StringBuilder sb, Local local) {
        int index = 0;
        for (InetSocketAddress c : local.candidates()) {
            // Host candidates: type preference 126, local preference falling with the index (RFC 8445 5.1.2).
            long priority = (126L << 24) | ((long) (65_535 - index) << 8) | 255;
            line(sb, "a=candidate:" + (index + 1) + " 1 udp " + priority + " " + c.getAddress().getHostAddress() + " "
                    + c.getPort() + " typ host generation 0");
            index++;
        }
        line(sb, "a=end-of-candidates");
    }

    private static void rejected(StringBuilder sb, MediaDescription m) {
        line(sb, "m=" + m.kind() + " 0 " + m.protocol() + " " + m.formats().get(0));
        line(sb, "c=IN IP4 0.0.0.0");
        m.mid().ifPresent(mid -> line(sb, "a=mid:" + mid));
        line(sb, "a=inactive");
    }

    private static String encodingName(PayloadFormat codec) {
        return codec.encoding().equals("OPUS") ? "opus" : codec.encoding();
    }

    private static String direction(MediaDirection d) {
        return d.name().toLowerCase(Locale.ROOT);
    }

    private static void line(StringBuilder sb, String s) {
        sb.append(s).append(CRLF);
    }
}
