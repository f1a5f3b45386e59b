package dev.dialtone.media.internal.codec;

import java.util.List;
import java.util.Optional;

import dev.dialtone.media.PayloadFormat;

/** The audio codecs this engine speaks, looked up by negotiated payload format. */
public final class Codecs {
    private Codecs() {
    }

    /** What SIP offers and answers: G.711 (Opus is for WebRTC, which negotiates it itself). */
    public static List<PayloadFormat> supported() {
        return List.of(PayloadFormat.PCMU, PayloadFormat.PCMA);
    }

    public static Optional<AudioCodec> forFormat(PayloadFormat format) {
        if (format.encoding().equals("OPUS") && format.clockRate() == OpusCodec.CLOCK_RATE) {
            return Optional.of(new OpusCodec(format));
        }
        if (format.clockRate() != 8_000) {
            return Optional.empty();
        }
        return switch (format.encoding()) {
            case "PCMU" -> Optional.of(G711Codec.PCMU.withFormat(format));
            case "PCMA" -> Optional.of(G711Codec.PCMA.withFormat(format));
            default -> Optional.empty();
        };
    }
}
