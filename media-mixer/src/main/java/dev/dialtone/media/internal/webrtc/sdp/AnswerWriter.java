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
 * Writes our SDP answer (RFC 8829 section 5.3): one section per offered section, in order. The
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
        InetSocketAddress first = local.candidates().get(0);
        String ipVersion = first.getAddress() instanceof Inet6Address ? "IP6" : "IP4";
        line(sb, "v=0");
        line(sb, "o=- " + local.sessionId() + " " + local.version() + " IN " + ipVersion + " "
                + first.getAddress().getHostAddress());
        line(sb, "s=-");
        line(sb, "t=0 0");
        line(sb, "a=ice-lite");
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
        line(sb, "a=ice-ufrag:" + local.iceUfrag());
        line(sb, "a=ice-pwd:" + local.icePassword());
        line(sb, "a=fingerprint:" + local.fingerprint().hashFunction() + " " + local.fingerprint().hex());
        line(sb, "a=setup:passive");
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
