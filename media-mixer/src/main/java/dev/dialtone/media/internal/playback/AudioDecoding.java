package dev.dialtone.media.internal.playback;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import dev.dialtone.core.AudioFrame;
import dev.dialtone.media.internal.codec.Resampler;

/**
 * Turns a downloaded file into 8 kHz mono PCM: WAV (PCM, µ-law, A-law) through the JDK, MP3 through
 * mp3spi (a javax.sound service provider), channels averaged, then the anti-aliasing resampler.
 */
public final class AudioDecoding {
    private AudioDecoding() {
    }

    public static short[] decode(byte[] file, int maxSeconds) throws IOException {
        try (AudioInputStream source = AudioSystem.getAudioInputStream(
                new BufferedInputStream(new ByteArrayInputStream(file)))) {
            AudioFormat in = source.getFormat();
            float rate = in.getSampleRate();
            int channels = Math.max(1, in.getChannels());
            if (rate == AudioSystem.NOT_SPECIFIED || rate < 1_000 || rate > 192_000 || channels > 8) {
                throw new IOException("unsupported audio format: " + in);
            }
            AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, channels, channels * 2,
                    rate, false);
            try (AudioInputStream decoded = AudioSystem.getAudioInputStream(pcm, source)) {
                long maxBytes = (long) maxSeconds * (long) rate * channels * 2;
                byte[] raw = readCapped(decoded, maxBytes);
                int frames = raw.length / (2 * channels);
                short[] mono = new short[frames];
                for (int f = 0; f < frames; f++) {
                    int sum = 0;
                    for (int c = 0; c < channels; c++) {
                        int i = (f * channels + c) * 2;
                        sum += (short) ((raw[i] & 0xFF) | (raw[i + 1] << 8));
                    }
                    mono[f] = (short) (sum / channels);
                }
                return Resampler.convert(mono, Math.round(rate), AudioFrame.SAMPLE_RATE);
            }
        } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
            throw new IOException("not a playable WAV or MP3 file (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            // Decoders of hostile input throw all sorts of runtime exceptions; none may escape.
            throw new IOException("the audio file could not be decoded: " + e, e);
        }
    }

    private static byte[] readCapped(InputStream in, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        byte[] buf = new byte[32 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            int keep = (int) Math.min(n, maxBytes - out.size());
            out.write(buf, 0, keep);
            if (keep < n) {
                break; // longer than allowed: play the first part
            }
        }
        return out.toByteArray();
    }
}
