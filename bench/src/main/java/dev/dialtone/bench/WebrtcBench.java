package dev.dialtone.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;

import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.internal.codec.AudioCodec;
import dev.dialtone.media.internal.codec.G711Codec;
import dev.dialtone.media.internal.codec.OpusCodec;
import dev.dialtone.media.internal.rtp.RtpPacket;
import dev.dialtone.media.internal.webrtc.dtls.DtlsCertificate;
import dev.dialtone.media.internal.webrtc.dtls.DtlsWarmUp;
import dev.dialtone.media.internal.webrtc.dtls.SrtpKeys;
import dev.dialtone.media.internal.webrtc.srtp.SrtpSession;

/**
 * {@code ./dialtone bench webrtc}: what one WebRTC participant costs the mixer per 20 ms tick, in
 * process, on one thread (thread CPU time): unprotect one SRTP packet of browser Opus, decode it
 * (straight to the engine's 8 kHz); encode our 8 kHz mix, protect it. Shown
 * next to the same work for a G.711 (SIP) participant and each part alone, for several encoder
 * complexities, with each Opus library (libopus through JNA, concentus) side by side, plus the server's side
 * of one DTLS handshake (connect cost). The browser's packets
 * are made once beforehand by a browser-like encoder (48 kHz, 32 kbit/s, automatic bandwidth) from
 * a speech-like signal.
 *
 * <p>Options: {@code --frames 3000} measured per case (60 s of audio), {@code --warmup 6000} (concentus
 * is a lot of code for the JIT),
 * {@code --handshakes 20}.
 */
public final class WebrtcBench {
    private static final PayloadFormat OPUS = new PayloadFormat("OPUS", 111, 48_000);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private WebrtcBench() {
    }

    public static void main(String[] args) throws Exception {
        int frames = intOption(args, "--frames", 3_000);
        int warmup = intOption(args, "--warmup", 6_000);
        int handshakes = intOption(args, "--handshakes", 20);
        SecureRandom random = new SecureRandom();
        short[] speech = speechLike(frames * 160 + 160);
        List<byte[]> browserPackets = browserOpus(speech);
        byte[] material = new byte[SrtpKeys.MATERIAL_LENGTH];
        random.nextBytes(material);
        SrtpKeys keys = SrtpKeys.fromMaterial(material);
        SrtpSession.warmUp();

        Figures f = new Figures("webrtc: CPU per participant per 20 ms tick (one thread)");
        f.add("browser packets", String.format(Locale.ROOT, "%d Opus packets, %.1f bytes on average", browserPackets.size(),
                browserPackets.stream().mapToInt(p -> p.length).average().orElse(0)));
        // Each Opus library side by side (libopus through JNA, concentus), then encoder complexities on the one in use.
        OpusCodec.Library best = OpusCodec.Library.best();
        for (OpusCodec.Library library : OpusCodec.Library.values()) {
            if (library == OpusCodec.Library.NATIVE && best != OpusCodec.Library.NATIVE) {
                f.add("Opus on libopus", "not measured: libopus is not installed (apt-get install libopus0)");
                continue;
            }
            String name = library == OpusCodec.Library.NATIVE ? "libopus" : "concentus";
            f.add("Opus + SRTP, complexity " + OpusCodec.COMPLEXITY + ", " + name + (library == best ? " (in use)" : ""),
                    perTick(measure(warmup, frames, new Participant(new OpusCodec(OPUS, OpusCodec.COMPLEXITY, library), keys,
                            browserPackets, speech, true, true))));
            f.add("Opus decode only, " + name, perTick(measure(warmup, frames, new Participant(
                    new OpusCodec(OPUS, OpusCodec.COMPLEXITY, library), keys, browserPackets, speech, false, false).decodeOnly())));
        }
        f.add("library in use", best.describe());
        for (int complexity : new int[] {0, 10}) {
            f.add("Opus + SRTP, complexity " + complexity, perTick(measure(warmup, frames, new Participant(
                    new OpusCodec(OPUS, complexity, best), keys, browserPackets, speech, true, true))));
        }
        f.add("Opus without SRTP", perTick(measure(warmup, frames, new Participant(new OpusCodec(OPUS), keys,
                browserPackets, speech, true, false))));
        f.add("resampling 48 <-> 8 kHz (no longer on the Opus path)", perTick(resampling(warmup, frames)));
        f.add("SRTP only (protect + unprotect)", perTick(measure(warmup, frames, new Participant(new OpusCodec(OPUS),
                keys, browserPackets, speech, true, true).srtpOnly())));
        f.add("G.711 (a SIP participant, no SRTP)", perTick(measure(warmup, frames, new Participant(G711Codec.PCMU,
                keys, g711Packets(speech), speech, true, false))));
        f.add("DTLS handshake, server + client", handshakeMillis(random, handshakes));
        f.print(System.out);
    }

    private static String perTick(double micros) {
        return String.format(Locale.ROOT, "%7.1f µs  = %.2f %% of a core  (about %,d per core)", micros,
                micros / 20_000 * 100, (long) (20_000 / micros));
    }

    /** One participant's tick: what the mixer does for it, minus mixing itself. */
    private static final class Participant {
        private final AudioCodec.Encoder encoder;
        private final AudioCodec.Decoder decoder;
        private final SrtpKeys keys;
        private SrtpSession server;
        private final SrtpSession browser;
        private final List<byte[]> incoming = new ArrayList<>();
        private final short[] mix;
        private final boolean encode;
        private final boolean srtp;
        private boolean decodeOnly;
        private boolean srtpOnly;
        private final short[] out = new short[960];
        private final byte[] payload = new byte[1_500];
        private final byte[] packet = new byte[1_600];
        private final byte[] wire = new byte[1_700];
        private final byte[] plain = new byte[1_700];
        private int index;
        private int sequence;
        private long timestamp;
        long sink;

        Participant(AudioCodec codec, SrtpKeys keys, List<byte[]> payloads, short[] mix, boolean encode, boolean srtp) {
            this.encoder = codec.newEncoder();
            this.decoder = codec.newDecoder();
            this.keys = keys;
            this.server = new SrtpSession(keys);
            this.browser = SrtpSession.asClient(keys);
            this.mix = mix;
            this.encode = encode;
            this.srtp = srtp;
            // The browser's packets as they arrive: RTP, protected with the browser's keys.
            int seq = 1;
            for (byte[] p : payloads) {
                RtpPacket rtp = RtpPacket.of(false, codec.format().payloadType(), seq, seq * 960L, 0x1234, p);
                byte[] b = new byte[rtp.encodedLength()];
                rtp.writeTo(b, 0);
                byte[] w = new byte[b.length + SrtpSession.RTP_OVERHEAD];
                int n = srtp ? browser.protectRtp(b, 0, b.length, w) : b.length;
                incoming.add(Arrays.copyOf(srtp ? w : b, n));
                seq = (seq + 1) & 0xFFFF;
            }
        }

        Participant decodeOnly() {
            decodeOnly = true;
            return this;
        }

        Participant srtpOnly() {
            srtpOnly = true;
            return this;
        }

        void tick() {
            if (index > 0 && index % incoming.size() == 0 && srtp) {
                // The recorded packets come round again: a fresh receiver, or they would be replays.
                server.close();
                server = new SrtpSession(keys);
            }
            byte[] in = incoming.get(index % incoming.size());
            int frame = index * 160 % (mix.length - 160);
            index++;
            // Receive: unprotect, decode (the jitter buffer's work is the same for every codec).
            int n = srtp ? server.unprotectRtp(in, 0, in.length, plain) : in.length;
            if (n < 12) {
                throw new IllegalStateException("SRTP rejected a recorded packet");
            }
            byte[] rtp = srtp ? plain : in;
            if (!srtpOnly) {
                sink += decoder.decode(rtp, 12, n - 12, out, 0);
            }
            if (decodeOnly) {
                return;
            }
            // Send: encode our mix, protect.
            int len = RtpPacket.writeHeader(packet, 0, false, 111, sequence, timestamp, 0x5678, 0, false);
            int body = srtpOnly ? 60 : encoder.encode(mix, frame, 160, packet, len);
            sequence = (sequence + 1) & 0xFFFF;
            timestamp += 960;
            if (srtp) {
                sink += server.protectRtp(packet, 0, len + body, wire);
            }
            sink += body;
        }
    }

    /** Thread CPU microseconds per tick over {@code frames} ticks after {@code warmup}. */
    private static double measure(int warmup, int frames, Participant p) {
        for (int i = 0; i < warmup; i++) {
            p.tick();
        }
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < frames; i++) {
            p.tick();
        }
        long used = THREADS.getCurrentThreadCpuTime() - start;
        if (p.sink == 42) {
            System.out.print("");
        }
        return used / 1_000.0 / frames;
    }

    private static double resampling(int warmup, int frames) {
        dev.dialtone.media.internal.codec.Resampler down = new dev.dialtone.media.internal.codec.Resampler(48_000, 8_000);
        dev.dialtone.media.internal.codec.Resampler up = new dev.dialtone.media.internal.codec.Resampler(8_000, 48_000);
        short[] wide = new short[960];
        short[] narrow = new short[160];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = (short) (4_000 * Math.sin(i * 0.05));
        }
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += down.process(wide, 0, 960).length + up.process(narrow, 0, 160).length;
        }
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < frames; i++) {
            sink += down.process(wide, 0, 960).length + up.process(narrow, 0, 160).length;
        }
        long used = THREADS.getCurrentThreadCpuTime() - start;
        return sink == 42 ? 0 : used / 1_000.0 / frames;
    }

    private static String handshakeMillis(SecureRandom random, int count) {
        DtlsCertificate server = DtlsCertificate.generate(random, Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            DtlsWarmUp.run(server, random, Clock.systemUTC(), 10_000);
        }
        long cpuStart = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        long start = System.nanoTime();
        int ok = 0;
        for (int i = 0; i < count; i++) {
            ok += DtlsWarmUp.run(server, random, Clock.systemUTC(), 10_000) ? 1 : 0;
        }
        double wall = (System.nanoTime() - start) / 1e6 / count;
        double cpu = (ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime() - cpuStart) / 1e6 / count;
        return String.format(Locale.ROOT, "%.1f ms wall, %.1f ms process CPU each (%d of %d ok; in memory, "
                + "client key and certificate generation included)", wall, cpu, ok, count);
    }

    /** A voice-like test signal at 8 kHz: a gliding harmonic series with syllable-rate envelope and some noise. */
    private static short[] speechLike(int samples) {
        short[] s = new short[samples];
        java.util.Random noise = new java.util.Random(1);
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            double t = i / 8_000.0;
            double pitch = 120 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * pitch / 8_000;
            double v = 0;
            for (int h = 1; h <= 12; h++) {
                v += Math.sin(h * phase) / h;
            }
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
            s[i] = (short) Math.max(-32_000, Math.min(32_000, 5_000 * v * envelope + 300 * noise.nextGaussian()));
        }
        return s;
    }

    /** What a browser would send for that signal: 48 kHz Opus, 32 kbit/s, VoIP, automatic bandwidth. */
    private static List<byte[]> browserOpus(short[] speech) throws OpusException {
        OpusEncoder enc = new OpusEncoder(48_000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        enc.setBitrate(32_000);
        short[] wide = dev.dialtone.media.internal.codec.Resampler.convert(speech, 8_000, 48_000);
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[1_500];
        int count = Math.min(1_500, wide.length / 960);
        for (int i = 0; i < count; i++) {
            int n = enc.encode(wide, i * 960, 960, buf, 0, buf.length);
            out.add(Arrays.copyOf(buf, n));
        }
        return out;
    }

    private static List<byte[]> g711Packets(short[] speech) {
        AudioCodec.Encoder enc = G711Codec.PCMU.newEncoder();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 1_500 && (i + 1) * 160 <= speech.length; i++) {
            byte[] b = new byte[160];
            enc.encode(speech, i * 160, 160, b, 0);
            out.add(b);
        }
        return out;
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
