package dev.dialtone.media.internal.webrtc.sdp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.dialtone.media.MediaDirection;
import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.DtlsFingerprint;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.DtlsSetup;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.IceCredentials;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.RtpMap;

/**
 * What we answer to the first usable audio section of a WebRTC offer: the codec (our preference
 * among those offered), telephone-event at the codec's clock rate, our direction, and the browser's
 * ICE credentials and certificate fingerprint. We are always ICE-lite, the DTLS server
 * ({@code a=setup:passive}, so the offer must say {@code actpass} or {@code active}) and RTCP-muxed.
 *
 * @param index           the position of the audio section among the offer's m-lines
 * @param mid             its {@code a=mid} (empty for an offer without mids)
 * @param codec           the payload format we send and expect
 * @param rtpmapChannels  the channel count to echo in {@code a=rtpmap} (2 for Opus, RFC 7587)
 * @param telephoneEvent  RFC 4733 events, if offered
 * @param direction       our direction, mirroring the offer's
 * @param bundled         the offer put this section in its BUNDLE group
 */
public record AudioNegotiation(int index, Optional<String> mid, PayloadFormat codec, int rtpmapChannels,
                               Optional<PayloadFormat> telephoneEvent, MediaDirection direction,
                               IceCredentials remoteIce, DtlsFingerprint remoteFingerprint, boolean bundled) {
    /** Hash functions of RFC 8122 we can check a certificate against. */
    public static final Set<String> HASHES = Set.of("sha-1", "sha-224", "sha-256", "sha-384", "sha-512");

    /**
     * Picks the audio section and codec. {@code codecPreference} lists encoding names ({@code OPUS},
     * {@code PCMU}, {@code PCMA}) best first.
     */
    public static AudioNegotiation negotiate(SessionDescription offer, List<String> codecPreference)
            throws SdpException {
        int index = -1;
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            if (m.kind().equals("audio") && m.port() != 0 && m.protocol().toUpperCase(Locale.ROOT).contains("RTP/SAVP")) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            throw new SdpException(SdpException.Problem.NO_AUDIO, "the offer has no secure RTP audio section");
        }
        MediaDescription audio = offer.media().get(index);
        IceCredentials ice = audio.ice().orElseThrow(() -> new SdpException(SdpException.Problem.UNSUPPORTED_TRANSPORT,
                "the audio section has no ICE credentials"));
        if (ice.ufrag().length() < 4 || ice.ufrag().length() > 256 || ice.password().length() < 22
                || ice.password().length() > 256 || ice.ufrag().contains(":")) {
            throw new SdpException(SdpException.Problem.MALFORMED, "ICE ufrag or password has an invalid length");
        }
        DtlsFingerprint fp = audio.fingerprint().orElseThrow(() -> new SdpException(
                SdpException.Problem.UNSUPPORTED_TRANSPORT, "the audio section has no DTLS fingerprint"));
        if (!HASHES.contains(fp.hashFunction())) {
            throw new SdpException(SdpException.Problem.UNSUPPORTED_TRANSPORT,
                    "unsupported fingerprint hash " + fp.hashFunction());
        }
        DtlsSetup setup = audio.setup().orElse(DtlsSetup.ACTPASS);
        if (setup != DtlsSetup.ACTPASS && setup != DtlsSetup.ACTIVE) {
            throw new SdpException(SdpException.Problem.UNSUPPORTED_TRANSPORT,
                    "a=setup:" + setup.name().toLowerCase(Locale.ROOT) + " would make us the DTLS client; we only accept");
        }
        if (!audio.rtcpMux()) {
            throw new SdpException(SdpException.Problem.UNSUPPORTED_TRANSPORT, "the audio section does not offer rtcp-mux");
        }
        RtpMap chosen = null;
        for (String want : codecPreference) {
            for (RtpMap r : audio.rtpMaps()) {
                if (matches(r, want)) {
                    chosen = r;
                    break;
                }
            }
            if (chosen != null) {
                break;
            }
        }
        if (chosen == null) {
            throw new SdpException(SdpException.Problem.NO_COMMON_CODEC, "none of " + codecPreference + " is offered");
        }
        PayloadFormat codec = new PayloadFormat(chosen.encoding(), chosen.payloadType(), chosen.clockRate());
        int clock = chosen.clockRate();
        Optional<PayloadFormat> te = audio.rtpMaps().stream()
                .filter(r -> r.encoding().equalsIgnoreCase("telephone-event") && r.clockRate() == clock)
                .findFirst()
                .or(() -> audio.rtpMaps().stream()
                        .filter(r -> r.encoding().equalsIgnoreCase("telephone-event") && r.clockRate() == 8_000)
                        .findFirst())
                .map(r -> new PayloadFormat("telephone-event", r.payloadType(), r.clockRate()));
        MediaDirection ours = switch (audio.direction()) {
            case SENDRECV -> MediaDirection.SENDRECV;
            case SENDONLY -> MediaDirection.RECVONLY;
            case RECVONLY -> MediaDirection.SENDONLY;
            case INACTIVE -> MediaDirection.INACTIVE;
        };
        boolean bundled = audio.mid().isPresent() && offer.bundle().contains(audio.mid().get());
        return new AudioNegotiation(index, audio.mid(), codec, chosen.channels(), te, ours, ice, fp, bundled);
    }

    private static boolean matches(RtpMap r, String want) {
        String enc = r.encoding().toUpperCase(Locale.ROOT);
        return switch (want.toUpperCase(Locale.ROOT)) {
            case "OPUS" -> enc.equals("OPUS") && r.clockRate() == 48_000 && r.channels() == 2;
            case "PCMU" -> enc.equals("PCMU") && r.clockRate() == 8_000;
            case "PCMA" -> enc.equals("PCMA") && r.clockRate() == 8_000;
            default -> false;
        };
    }
}
