package dev.dialtone.media;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What SDP negotiation decided for one RTP endpoint, in typed form (the SIP and WebRTC modules parse
 * SDP; this module never sees it).
 *
 * @param remote         where to send RTP (the far end's {@code c=} address and {@code m=} port); latching
 *                       may replace it by the address the far end really sends from
 * @param remoteRtcp     where to send RTCP; empty means the RTP port + 1, or the RTP address with {@code rtcpMux}
 * @param audio          the audio codec both sides agreed on (PCMU or PCMA)
 * @param telephoneEvent the RFC 4733 payload format if negotiated; without it digits are sent in-band
 * @param ptimeMs        milliseconds of audio per packet we send (10..60, a multiple of 10)
 * @param direction      our direction ({@code a=sendrecv} etc.)
 * @param rtcpMux        RTCP shares the RTP port (RFC 5761)
 */
public record RtpParameters(InetSocketAddress remote, Optional<InetSocketAddress> remoteRtcp, PayloadFormat audio,
                            Optional<PayloadFormat> telephoneEvent, int ptimeMs, MediaDirection direction,
                            boolean rtcpMux) {
    public static final int DEFAULT_PTIME_MS = 20;

    public RtpParameters {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(remoteRtcp, "remoteRtcp");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(telephoneEvent, "telephoneEvent");
        Objects.requireNonNull(direction, "direction");
        if (remote.isUnresolved()) {
            throw new IllegalArgumentException("remote RTP address must be resolved: " + remote);
        }
        if (ptimeMs < 10 || ptimeMs > 60 || ptimeMs % 10 != 0) {
            throw new IllegalArgumentException("ptime must be 10..60 ms in steps of 10: " + ptimeMs);
        }
        if (audio.isTelephoneEvent()) {
            throw new IllegalArgumentException("telephone-event is not an audio codec");
        }
        if (telephoneEvent.isPresent()) {
            PayloadFormat te = telephoneEvent.get();
            if (!te.isTelephoneEvent()) {
                throw new IllegalArgumentException("not a telephone-event format: " + te);
            }
            if (te.payloadType() == audio.payloadType()) {
                throw new IllegalArgumentException("telephone-event and audio share payload type " + te.payloadType());
            }
        }
    }

    /** Plain G.711 sendrecv with 20 ms packets and telephone-event on payload type 101. */
    public static RtpParameters of(InetSocketAddress remote, PayloadFormat audio) {
        return new RtpParameters(remote, Optional.empty(), audio, Optional.of(PayloadFormat.telephoneEvent(101)),
                DEFAULT_PTIME_MS, MediaDirection.SENDRECV, false);
    }

    public RtpParameters withDirection(MediaDirection newDirection) {
        return new RtpParameters(remote, remoteRtcp, audio, telephoneEvent, ptimeMs, newDirection, rtcpMux);
    }

    public RtpParameters withTelephoneEvent(Optional<PayloadFormat> newTelephoneEvent) {
        return new RtpParameters(remote, remoteRtcp, audio, newTelephoneEvent, ptimeMs, direction, rtcpMux);
    }

    public RtpParameters withPtime(int newPtimeMs) {
        return new RtpParameters(remote, remoteRtcp, audio, telephoneEvent, newPtimeMs, direction, rtcpMux);
    }

    /** Where RTCP goes: explicit, muxed on the RTP address, or RTP port + 1. */
    public InetSocketAddress effectiveRemoteRtcp() {
        if (remoteRtcp.isPresent()) {
            return remoteRtcp.get();
        }
        if (rtcpMux) {
            return remote;
        }
        return new InetSocketAddress(remote.getAddress(), Math.min(65_535, remote.getPort() + 1));
    }
}
