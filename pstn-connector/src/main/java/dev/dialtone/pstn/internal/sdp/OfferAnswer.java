package dev.dialtone.pstn.internal.sdp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.media.MediaDirection;
import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.RtpParameters;

/**
 * SDP offer/answer (RFC 3264) for one audio stream of G.711 with RFC 4733 telephone-events.
 *
 * <p>As answerer we take the first audio section with {@code RTP/AVP} and a port, pick the offer's
 * first codec we support (the offerer's preference, §6.1), keep the offer's telephone-event payload
 * type, send with the offer's ptime, and mirror the direction (sendonly ↔ recvonly). Every other
 * section is rejected with port 0. No usable section or codec: {@link SdpException#notAcceptable()} (488).
 *
 * <p>Hold (RFC 3264 §8.4): the far end holds us when it stops receiving (sendonly or inactive), or
 * (RFC 2543 style) when its address is 0.0.0.0.
 */
public final class OfferAnswer {
    /** The telephone-event payload type we offer. */
    public static final int OUR_TELEPHONE_EVENT_PT = 101;
    private static final int DEFAULT_PTIME = RtpParameters.DEFAULT_PTIME_MS;

    private OfferAnswer() {
    }

    /**
     * The outcome of a negotiation.
     *
     * @param parameters what the RTP endpoint should do
     * @param remoteHold the far end put the stream on hold
     * @param sdp        our SDP (the answer, when we answered; empty when we processed an answer)
     */
    public record Result(RtpParameters parameters, boolean remoteHold, Optional<String> sdp) {
        public Result {
            Objects.requireNonNull(parameters, "parameters");
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    /** Our offer: every supported codec in preference order, then telephone-event, sendrecv. */
    public static String offer(LocalMedia local, List<PayloadFormat> supported) {
        List<PayloadFormat> formats = new ArrayList<>(supported);
        formats.add(PayloadFormat.telephoneEvent(OUR_TELEPHONE_EVENT_PT));
        StringBuilder sb = SdpWriter.header(local);
        SdpWriter.audio(sb, local, formats, DEFAULT_PTIME, MediaDirection.SENDRECV);
        return sb.toString();
    }

    /** Answers {@code offer} with the codecs we {@code supported}. */
    public static Result answer(SessionDescription offer, LocalMedia local, List<PayloadFormat> supported) throws SdpException {
        int chosenIndex = -1;
        Choice choice = null;
        String why = "no audio stream";
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            if (!m.isAudio() || m.disabled()) {
                continue;
            }
            if (!m.proto().equalsIgnoreCase("RTP/AVP")) {
                why = "audio over " + m.proto() + " is not supported (only RTP/AVP)";
                continue;
            }
            Optional<Choice> c = choose(m, supported);
            if (c.isPresent()) {
                chosenIndex = i;
                choice = c.get();
                break;
            }
            why = "no common audio codec (we support " + names(supported) + ")";
        }
        if (choice == null) {
            throw SdpException.notAcceptable(why);
        }
        MediaDescription m = offer.media().get(chosenIndex);
        InetAddress remoteAddress = offer.connectionOf(m)
                .orElseThrow(() -> SdpException.malformed("the audio stream has no c= address"));
        MediaDirection theirs = offer.directionOf(m);
        boolean hold = remoteAddress.isAnyLocalAddress() || !theirs.receives();
        MediaDirection ours = mirror(theirs);
        if (remoteAddress.isAnyLocalAddress()) {
            ours = ours.receives() ? MediaDirection.RECVONLY : MediaDirection.INACTIVE;
        }
        int ptime = usablePtime(m.ptime());
        RtpParameters params = parameters(offer, m, remoteAddress, choice, ptime, ours);

        StringBuilder sb = SdpWriter.header(local);
        for (int i = 0; i < offer.media().size(); i++) {
            if (i == chosenIndex) {
                List<PayloadFormat> formats = new ArrayList<>();
                formats.add(choice.audio());
                choice.telephoneEvent().ifPresent(formats::add);
                SdpWriter.audio(sb, local, formats, DEFAULT_PTIME, ours);
            } else {
                SdpWriter.rejected(sb, offer.media().get(i));
            }
        }
        return new Result(params, hold, Optional.of(sb.toString()));
    }

    /** Applies the far end's answer to our {@link #offer}. */
    public static Result accept(SessionDescription answer, List<PayloadFormat> supported) throws SdpException {
        for (MediaDescription m : answer.media()) {
            if (!m.isAudio() || m.disabled() || !m.proto().equalsIgnoreCase("RTP/AVP")) {
                continue;
            }
            Optional<Choice> c = choose(m, supported);
            if (c.isEmpty()) {
                throw SdpException.notAcceptable("the answer has no codec we offered");
            }
            InetAddress remoteAddress = answer.connectionOf(m)
                    .orElseThrow(() -> SdpException.malformed("the audio stream has no c= address"));
            MediaDirection theirs = answer.directionOf(m);
            boolean hold = remoteAddress.isAnyLocalAddress() || !theirs.receives();
            MediaDirection ours = mirror(theirs);
            if (remoteAddress.isAnyLocalAddress()) {
                ours = ours.receives() ? MediaDirection.RECVONLY : MediaDirection.INACTIVE;
            }
            return new Result(parameters(answer, m, remoteAddress, c.get(), usablePtime(m.ptime()), ours), hold,
                    Optional.empty());
        }
        throw SdpException.notAcceptable("the answer has no audio stream");
    }

    private static RtpParameters parameters(SessionDescription sd, MediaDescription m, InetAddress remoteAddress, Choice c,
                                            int ptime, MediaDirection ours) {
        InetSocketAddress remote = new InetSocketAddress(remoteAddress, m.port());
        Optional<InetSocketAddress> rtcp = m.rtcpPort().map(p -> new InetSocketAddress(remoteAddress, p));
        // RTCP multiplexing is never offered nor accepted by us (we do not echo a=rtcp-mux), so it is off.
        return new RtpParameters(remote, rtcp, c.audio(), c.telephoneEvent(), ptime, ours, false);
    }

    /** Our direction given theirs (RFC 3264 §6.1). */
    static MediaDirection mirror(MediaDirection theirs) {
        return switch (theirs) {
            case SENDRECV -> MediaDirection.SENDRECV;
            case SENDONLY -> MediaDirection.RECVONLY;
            case RECVONLY -> MediaDirection.SENDONLY;
            case INACTIVE -> MediaDirection.INACTIVE;
        };
    }

    private static int usablePtime(Optional<Integer> ptime) {
        if (ptime.isEmpty()) {
            return DEFAULT_PTIME;
        }
        int p = ptime.get();
        if (p < 10) {
            return 10;
        }
        if (p > 60) {
            return 60;
        }
        return Math.round(p / 10f) * 10;
    }

    private record Choice(PayloadFormat audio, Optional<PayloadFormat> telephoneEvent) {
    }

    private static Optional<Choice> choose(MediaDescription m, List<PayloadFormat> supported) {
        PayloadFormat audio = null;
        PayloadFormat te = null;
        for (int pt : m.formats()) {
            RtpMap map = m.rtpMaps().get(pt);
            if (map != null && map.encoding().equals("TELEPHONE-EVENT") && map.clockRate() == 8_000) {
                if (te == null) {
                    te = PayloadFormat.telephoneEvent(pt);
                }
                continue;
            }
            if (audio != null) {
                continue;
            }
            for (PayloadFormat s : supported) {
                boolean match = map == null
                        ? pt < 96 && pt == s.payloadType() // static payload type without rtpmap (RFC 3551)
                        : map.encoding().equals(s.encoding()) && map.clockRate() == s.clockRate() && map.channels() == 1;
                if (match) {
                    audio = new PayloadFormat(s.encoding(), pt, s.clockRate());
                    break;
                }
            }
        }
        if (audio == null) {
            return Optional.empty();
        }
        if (te != null && te.payloadType() == audio.payloadType()) {
            te = null;
        }
        return Optional.of(new Choice(audio, Optional.ofNullable(te)));
    }

    private static String names(List<PayloadFormat> supported) {
        List<String> n = new ArrayList<>();
        for (PayloadFormat f : supported) {
            n.add(f.encoding().toUpperCase(Locale.ROOT));
        }
        return String.join(", ", n);
    }
}
