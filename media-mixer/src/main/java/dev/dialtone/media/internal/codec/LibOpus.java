package dev.dialtone.media.internal.codec;

import java.lang.ref.Cleaner;
import java.util.Optional;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's libopus ({@code libopus0}), bound with JNA: about twice as fast as concentus here on both
 * sides of a WebRTC participant (bench {@code webrtc}). Everything of it stays in this class; if the
 * library is missing (or {@code -Ddialtone.media.opus=java}), {@link #available()} is false and the
 * codec uses concentus. Native state is freed when its Java owner is collected.
 */
final class LibOpus {
    private static final Logger LOG = LoggerFactory.getLogger(LibOpus.class);
    static final int OK = 0;
    static final int APPLICATION_VOIP = 2048;
    static final int SET_BITRATE = 4002;
    static final int GET_BITRATE = 4003;
    static final int SET_MAX_BANDWIDTH = 4004;
    static final int SET_COMPLEXITY = 4010;
    static final int GET_COMPLEXITY = 4011;
    static final int SET_SIGNAL = 4024;
    static final int SIGNAL_VOICE = 3001;
    static final int BANDWIDTH_NARROWBAND = 1101;

    private static final Cleaner CLEANER = Cleaner.create();
    private static Controls controls;
    private static final String VERSION = load();

    private LibOpus() {
    }

    /** The variadic control calls, through JNA's (slower) interface mapping: they run once per codec state. */
    interface Controls extends Library {
        int opus_encoder_ctl(Pointer st, int request, Object... args);

        String opus_get_version_string();
    }

    static native Pointer opus_encoder_create(int rate, int channels, int application, IntByReference error);

    static native int opus_encode(Pointer st, short[] pcm, int frameSize, byte[] data, int maxDataBytes);

    static native void opus_encoder_destroy(Pointer st);

    static native Pointer opus_decoder_create(int rate, int channels, IntByReference error);

    static native int opus_decode(Pointer st, byte[] data, int length, short[] pcm, int frameSize, int decodeFec);

    static native void opus_decoder_destroy(Pointer st);

    private static String load() {
        if ("java".equalsIgnoreCase(System.getProperty("dialtone.media.opus", ""))) {
            return null;
        }
        try {
            Native.register(LibOpus.class, "opus");
            controls = Native.load("opus", Controls.class);
            return controls.opus_get_version_string();
        } catch (LinkageError | RuntimeException e) {
            LOG.info("libopus not found ({}); Opus runs on concentus (install libopus0 for about twice the speed)", e.toString());
            return null;
        }
    }

    static boolean available() {
        return VERSION != null;
    }

    /** The library's own version string, when it is in use. */
    static Optional<String> version() {
        return Optional.ofNullable(VERSION);
    }

    /** A native encoder: created, configured with {@code settings} (request, value pairs), freed when {@code owner} is collected. */
    static Pointer newEncoder(Object owner, int rate, int application, int... settings) {
        IntByReference error = new IntByReference();
        Pointer st = opus_encoder_create(rate, 1, application, error);
        if (st == null || error.getValue() != OK) {
            throw new IllegalStateException("libopus refused an encoder: error " + error.getValue());
        }
        CLEANER.register(owner, () -> opus_encoder_destroy(st));
        for (int i = 0; i + 1 < settings.length; i += 2) {
            int r = controls.opus_encoder_ctl(st, settings[i], settings[i + 1]);
            if (r != OK) {
                throw new IllegalStateException("libopus refused encoder setting " + settings[i] + " = " + settings[i + 1] + ": " + r);
            }
        }
        return st;
    }

    /** An encoder setting as the library holds it ({@code GET_…} requests; tests). */
    static int encoderSetting(Pointer st, int getRequest) {
        IntByReference value = new IntByReference();
        int r = controls.opus_encoder_ctl(st, getRequest, value);
        if (r != OK) {
            throw new IllegalStateException("libopus refused request " + getRequest + ": " + r);
        }
        return value.getValue();
    }

    /** A native decoder, freed when {@code owner} is collected. */
    static Pointer newDecoder(Object owner, int rate) {
        IntByReference error = new IntByReference();
        Pointer st = opus_decoder_create(rate, 1, error);
        if (st == null || error.getValue() != OK) {
            throw new IllegalStateException("libopus refused a decoder: error " + error.getValue());
        }
        CLEANER.register(owner, () -> opus_decoder_destroy(st));
        return st;
    }
}
