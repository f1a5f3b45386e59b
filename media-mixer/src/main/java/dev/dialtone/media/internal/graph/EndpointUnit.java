package dev.dialtone.media.internal.graph;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AudioFrame;
import dev.dialtone.core.CallEvent;
import dev.dialtone.core.ToneSource;
import dev.dialtone.media.EndpointListener;
import dev.dialtone.media.MediaConfig;
import dev.dialtone.media.MediaException;
import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.RtpEndpoint;
import dev.dialtone.media.RtpParameters;
import dev.dialtone.media.RtpStats;
import dev.dialtone.media.internal.codec.AudioCodec;
import dev.dialtone.media.internal.codec.Codecs;
import dev.dialtone.media.internal.dtmf.DigitSender;
import dev.dialtone.media.internal.dtmf.DtmfDetector;
import dev.dialtone.media.internal.dtmf.TelephoneEventReceiver;
import dev.dialtone.media.internal.jitter.JitterBuffer;
import dev.dialtone.media.internal.rtp.MalformedPacketException;
import dev.dialtone.media.internal.rtp.PacketHandler;
import dev.dialtone.media.internal.rtp.ReceptionStatistics;
import dev.dialtone.media.internal.rtp.RtcpSession;
import dev.dialtone.media.internal.rtp.RemoteSource;
import dev.dialtone.media.internal.rtp.RtpPacket;
import dev.dialtone.media.internal.rtp.RtpTransport;
import dev.dialtone.media.internal.rtp.TelephoneEvent;

/**
 * An RTP endpoint in the graph. Receiving (on its mixer thread, as packets arrive): symmetric RTP
 * latching, SSRC tracking, RFC 3550 statistics, telephone-events, jitter buffer. Each tick: pull a
 * frame (PLC as needed), in-band DTMF if enabled, RtpStopped/RtpResumed; then encode what its sources
 * say into packets of the negotiated ptime with our own continuous SSRC, sequence and timestamps
 * (timestamps follow the global tick count, so switching sources or mixer threads never breaks
 * them), or send queued digits; with silence suppression, silence is mostly not sent. RTCP reports
 * go out on their own schedule.
 */
public class EndpointUnit extends Unit implements RtpEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointUnit.class);
    private static final int COMFORT_NOISE_PT = 13;

    private static final long KEEPALIVE_TICKS = MediaConfig.SILENCE_KEEPALIVE_MS / AudioFrame.DURATION_MS;

    /** Engine-wide settings an endpoint needs. */
    public record Settings(long rtpTimeoutNanos, int jitterMaxMs, long rtcpIntervalNanos, boolean silenceSuppression) {
    }

    private final RtpTransport transport;
    private final EndpointListener listener;
    private final Settings settings;
    private final long ssrc;
    private final RtcpSession rtcp;
    private final Handler handler = new Handler();

    private volatile RtpParameters pending;
    private volatile boolean inband;
    private final ConcurrentLinkedQueue<String> digitQueue = new ConcurrentLinkedQueue<>();
    private volatile RtpStats stats = new RtpStats(0, 0, 0, 0, 0, 0, 0, -1);

    // Mixer-thread state.
    private RtpParameters params;
    private AudioCodec codec;
    private AudioCodec.Decoder decoder;
    private AudioCodec.Encoder encoder;
    private JitterBuffer jitter;
    private ReceptionStatistics reception;
    private TelephoneEventReceiver events;
    private DtmfDetector detector;
    private boolean eventsSeen;
    private InetSocketAddress remoteRtp;
    private InetSocketAddress remoteRtcp;
    private final RemoteSource remote = new RemoteSource();
    private long lastPacketNanos;
    private long watchSinceNanos;
    private boolean firstPacket;
    private boolean stopped;
    private long packetsReceived;

    private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
    private final long timestampBase = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
    private long packetsSent;
    private long octetsSent;
    private final short[] pending20 = new short[AudioFrame.SAMPLES * 4];
    private int pendingSamples;
    private long pendingTimestamp;
    private long lastAudioTick = Long.MIN_VALUE;
    private final byte[] packet = new byte[1500];
    private final DigitSender digits = new DigitSender();
    private long eventTimestamp;
    private long currentTick;
    private final ShardCounters countersFallback = new ShardCounters();
    private long lastConcealed;
    private long lastLate;
    private long lastDropped;

    EndpointUnit(MediaGraph graph, String id, RtpTransport transport, EndpointListener listener, Settings settings) {
        super(graph, id);
        this.transport = transport;
        this.listener = listener;
        this.settings = settings;
        this.ssrc = ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);
        this.rtcp = new RtcpSession(ssrc, id + "@dialtone", settings.rtcpIntervalNanos(), graph.time().clock());
    }

    @Override
    public InetSocketAddress localAddress() {
        return transport.localRtpAddress();
    }

    @Override
    public InetSocketAddress rtcpAddress() {
        return transport.localRtcpAddress();
    }

    @Override
    public void configure(RtpParameters parameters) {
        negotiated(parameters);
    }

    /** Applies parameters at the next tick (what {@link #configure} does; subclasses negotiate themselves). */
    final void negotiated(RtpParameters parameters) {
        if (Codecs.forFormat(parameters.audio()).isEmpty()) {
            throw new MediaException("unsupported audio codec " + parameters.audio().encoding() + "/"
                    + parameters.audio().clockRate());
        }
        pending = parameters;
    }

    @Override
    public void detectInbandDtmf(boolean enabled) {
        inband = enabled;
    }

    @Override
    public void sendDigits(String digitString) {
        if (!digitString.isEmpty()) {
            digitQueue.add(digitString);
        }
    }

    @Override
    public RtpStats stats() {
        return stats;
    }

    @Override
    public void close() {
        graph.remove(this);
    }

    @Override
    boolean producesAudio() {
        return true;
    }

    @Override
    boolean consumesAudio() {
        return true;
    }

    @Override
    void attached(Shard shard) throws IOException {
        transport.register(shard.selector(), handler);
    }

    @Override
    void detached(Shard shard) {
        transport.deregister();
    }

    @Override
    void released() {
        if (params != null && remoteRtcp != null) {
            byte[] bye = rtcp.report(graph.time().nanoTime(), timestampFor(currentTick), packetsSent, octetsSent,
                    reception, remote.currentSsrc(), true);
            transport.sendRtcp(bye, 0, bye.length, remoteRtcp);
        }
        transport.close();
    }

    private ShardCounters counters() {
        Shard s = owner;
        return s == null ? countersFallback : s.counters;
    }

    private void apply(long now) {
        RtpParameters p = pending;
        if (p == null || p == params) {
            return;
        }
        boolean codecChanged = params == null || !p.audio().equals(params.audio());
        boolean remoteChanged = params == null || !p.remote().equals(params.remote());
        boolean startsReceiving = p.direction().receives() && (params == null || !params.direction().receives());
        params = p;
        if (codecChanged) {
            codec = Codecs.forFormat(p.audio()).orElseThrow();
            decoder = codec.newDecoder();
            encoder = codec.newEncoder();
            jitter = new JitterBuffer(settings.jitterMaxMs(), codec.timestampUnitsPerSample());
            reception = new ReceptionStatistics(p.audio().clockRate());
            remote.forgetSsrc();
        }
        events = p.telephoneEvent().map(te -> new TelephoneEventReceiver(te.clockRate(),
                (d, dur) -> emit(new CallEvent.ToneReceived(d, dur, ToneSource.RTP_EVENT)))).orElse(null);
        if (remoteChanged) {
            remote.unlatch();
            remoteRtp = p.remote();
            lastAudioTick = Long.MIN_VALUE; // a new far end hears from us at once, even in a pause (silence suppression)
        }
        remoteRtcp = p.effectiveRemoteRtcp();
        if (startsReceiving) {
            watchSinceNanos = now;
            stopped = false;
        }
        rtcp.start(now);
    }

    private long timestampFor(long tick) {
        int units = codec == null ? 1 : codec.timestampUnitsPerSample();
        return (timestampBase + tick * AudioFrame.SAMPLES * units) & 0xFFFF_FFFFL;
    }

    // --- phase 1: what the far end says ------------------------------------------------------

    @Override
    void produce(long tick, long now) {
        currentTick = tick;
        apply(now);
        if (params == null || !params.direction().receives()) {
            publish(tick, false);
            sendRtcpIfDue(now);
            return;
        }
        JitterBuffer.Outcome outcome = jitter.pull(decoder, out, now);
        publish(tick, outcome != JitterBuffer.Outcome.SILENCE);
        if (inband && !eventsSeen) {
            if (detector == null) {
                detector = new DtmfDetector((d, dur) -> emit(new CallEvent.ToneReceived(d, dur, ToneSource.IN_BAND)));
            }
            detector.process(out);
        } else if (detector != null) {
            detector.flush();
            detector = null;
        }
        if (events != null) {
            events.tick(now);
        }
        long last = Math.max(lastPacketNanos, watchSinceNanos);
        if (!stopped && now - last > settings.rtpTimeoutNanos()) {
            stopped = true;
            emit(new CallEvent.RtpStopped());
        }
        if (tick % 5 == 0) {
            publishStats(tick % 50 == 0);
        }
        sendRtcpIfDue(now);
    }

    private void publishStats(boolean metrics) {
        stats = new RtpStats(packetsReceived, packetsSent, reception.lost(), reception.jitterMillis(),
                jitter.concealedFrames(), jitter.latePackets(), jitter.targetMs(), rtcp.roundTripMillis());
        if (!metrics) {
            return;
        }
        ShardCounters c = counters();
        c.concealedFrames += jitter.concealedFrames() - lastConcealed;
        c.latePackets += jitter.latePackets() - lastLate;
        c.droppedFrames += jitter.droppedFrames() - lastDropped;
        lastConcealed = jitter.concealedFrames();
        lastLate = jitter.latePackets();
        lastDropped = jitter.droppedFrames();
        if (jitter.playing()) {
            graph.metrics().jitterDepth(jitter.depthMs());
        }
    }

    private void sendRtcpIfDue(long now) {
        if (params != null && remoteRtcp != null && rtcp.due(now) && transport.ready()) {
            byte[] report = rtcp.report(now, timestampFor(currentTick), packetsSent, octetsSent, reception,
                    remote.currentSsrc(), false);
            transport.sendRtcp(report, 0, report.length, remoteRtcp);
        }
    }

    private void emit(CallEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("endpoint {} listener failed on {}", mediaId(), event.getClass().getSimpleName(), e);
        }
    }

    private final class Handler implements PacketHandler {
        @Override
        public void onRtp(byte[] data, int offset, int length, InetSocketAddress from, long now) {
            receiveRtp(data, offset, length, from, now);
        }

        @Override
        public void onRtcp(byte[] data, int offset, int length, InetSocketAddress from, long now) {
            if (params != null && rtcp.receive(data, offset, length, now) && !params.rtcpMux()
                    && params.remoteRtcp().isEmpty()) {
                remoteRtcp = from; // symmetric RTCP
            }
        }
    }

    /**
     * Plain RTP latches onto the first source it hears (symmetric RTP) and ignores others until that one falls
     * silent. A WebRTC endpoint does not: its transport already let through only addresses that passed ICE checks
     * and packets that passed SRTP authentication, and a browser may move to another of its candidate pairs at any
     * time (on a machine with two interfaces Chromium nominated 127.0.0.1 and then sent from its other address,
     * and nearly all its audio was dropped).
     */
    boolean latchesOntoOneSource() {
        return true;
    }

    private void receiveRtp(byte[] data, int offset, int length, InetSocketAddress from, long now) {
        ShardCounters c = counters();
        apply(now);
        if (params == null) {
            c.packetsDropped++;
            return;
        }
        RtpPacket p;
        try {
            p = RtpPacket.parse(data, offset, length);
        } catch (MalformedPacketException e) {
            c.packetsDropped++;
            return;
        }
        if (latchesOntoOneSource() && !remote.accept(from, now)) {
            c.packetsDropped++;
            return;
        }
        if (!from.equals(remoteRtp)) {
            LOG.debug("endpoint {} latched RTP onto {}", mediaId(), from);
            remoteRtp = from;
        }
        c.packetsIn++;
        packetsReceived++;
        if (!params.direction().receives()) {
            return;
        }
        lastPacketNanos = now;
        if (stopped) {
            stopped = false;
            emit(new CallEvent.RtpResumed());
        }
        if (!firstPacket) {
            firstPacket = true;
            emit(new CallEvent.FirstAudioPacketReceived());
        }
        if (events != null && p.payloadType() == params.telephoneEvent().orElseThrow().payloadType()) {
            try {
                eventsSeen = true;
                events.onPacket(p.timestamp(), TelephoneEvent.parse(p.payload()), now);
            } catch (MalformedPacketException e) {
                c.packetsDropped++;
            }
            return;
        }
        if (p.payloadType() != params.audio().payloadType()) {
            if (p.payloadType() != COMFORT_NOISE_PT) {
                c.packetsDropped++;
            }
            return;
        }
        RemoteSource.SsrcVerdict verdict = remote.ssrc(p.ssrc(), now);
        if (verdict == RemoteSource.SsrcVerdict.IGNORED) {
            c.packetsDropped++;
            return;
        }
        if (verdict == RemoteSource.SsrcVerdict.SWITCHED) {
            reception.reset();
            jitter.reset();
        }
        reception.update(p.sequence(), p.timestamp(), now);
        jitter.jitterEstimate(reception.jitterMillis());
        jitter.insert(p.timestamp(), p.payload(), p.marker(), now);
    }

    // --- phase 3: what we send ----------------------------------------------------------------

    @Override
    void consume(long tick, long now) {
        if (params == null || !params.direction().sends() || remoteRtp == null || !transport.ready()) {
            pendingSamples = 0;
            return;
        }
        String queued;
        while ((queued = digitQueue.poll()) != null) {
            digits.enqueue(queued);
        }
        boolean rtpEvents = params.telephoneEvent().isPresent();
        DigitSender.Step step = digits.idle() ? null : digits.next(rtpEvents);
        if (step instanceof DigitSender.Event e) {
            pendingSamples = 0;
            if (e.startsNow()) {
                eventTimestamp = timestampFor(tick);
            }
            PayloadFormat te = params.telephoneEvent().orElseThrow();
            TelephoneEvent event = e.event();
            if (te.clockRate() != AudioFrame.SAMPLE_RATE) {
                // Durations count the event's clock (48 kHz next to Opus, RFC 4733 section 2.5.1.5).
                event = new TelephoneEvent(event.event(), event.end(), event.volume(),
                        Math.min(0xFFFF, event.duration() * (te.clockRate() / AudioFrame.SAMPLE_RATE)));
            }
            byte[] payload = event.toBytes();
            int len = RtpPacket.writeHeader(packet, 0, e.marker(), te.payloadType(), sequence, eventTimestamp, ssrc,
                    0, false);
            System.arraycopy(payload, 0, packet, len, payload.length);
            send(len + payload.length, payload.length);
            lastAudioTick = tick;
            return;
        }
        if (step == null && sendShared(tick)) {
            return;
        }
        short[] frame = step instanceof DigitSender.Tone t ? t.samples() : gather(tick);
        if (frame == null && suppresses(tick)) {
            counters().framesSuppressed++;
            return;
        }
        sendAudio(frame, tick);
    }

    /**
     * With silence suppression, a silent frame is not sent, unless it completes a packet already begun (ptime
     * above 20 ms), is the stream's first (the far end learns our SSRC and address) or ends a pause of the
     * keepalive's length. The packet after a pause carries the marker bit ({@link #sendAudio}).
     */
    private boolean suppresses(long tick) {
        return settings.silenceSuppression() && pendingSamples == 0 && lastAudioTick != Long.MIN_VALUE
                && tick - lastAudioTick < KEEPALIVE_TICKS;
    }

    /**
     * A listener that hears only a conference (directly, or through an internal call's link, as a browser in a
     * videoconf room does) and adds nothing to it (20 ms packets): sends the conference's one encoding of its shared
     * mix instead of encoding the same audio again. False when that does not apply.
     */
    private boolean sendShared(long tick) {
        Unit[] src = sources;
        if (params.ptimeMs() != 20 || pendingSamples != 0 || src.length != 1 || src[0].owner != owner) {
            return false;
        }
        LinkEnd link = src[0] instanceof LinkEnd l ? l : null;
        ConferenceUnit viaLink = link != null ? link.sharedMixSource(tick) : null;
        if (!(src[0] instanceof ConferenceUnit) && viaLink == null) {
            return false;
        }
        if (settings.silenceSuppression() && silentSharedMix(src[0], link, viaLink, tick) && suppresses(tick)) {
            counters().framesSuppressed++;
            return true;
        }
        boolean gap = lastAudioTick != tick - 1;
        int header = RtpPacket.writeHeader(packet, 0, gap, params.audio().payloadType(), sequence, timestampFor(tick), ssrc,
                0, false);
        int n = viaLink != null
                ? viaLink.encodeSharedFrame(link.frameFor(this, tick), tick - link.sharedMixDelay(), link.sharedMixDelay(),
                        params.audio(), codec, packet, header)
                : ((ConferenceUnit) src[0]).encodeShared(this, tick, params.audio(), codec, packet, header);
        if (n < 0) {
            return false;
        }
        send(header + n, n);
        counters().framesShared++;
        lastAudioTick = tick;
        return true;
    }

    /** Whether the shared mix this listener would be sent this tick is silence (false if it hears its own N-1 mix). */
    private boolean silentSharedMix(Unit source, LinkEnd link, ConferenceUnit viaLink, long tick) {
        if (viaLink != null) {
            return link.frameFor(this, tick) == null;
        }
        ConferenceUnit conference = (ConferenceUnit) source;
        return conference.frameFor(this, tick) == null && conference.hearsSharedMix(this);
    }

    private void sendAudio(short[] frame, long tick) {
        long ts = timestampFor(tick);
        boolean gap = lastAudioTick != tick - 1;
        if (gap || pendingSamples == 0) {
            pendingSamples = 0;
            pendingTimestamp = ts;
        }
        if (frame == null) {
            java.util.Arrays.fill(pending20, pendingSamples, pendingSamples + AudioFrame.SAMPLES, (short) 0);
        } else {
            System.arraycopy(frame, 0, pending20, pendingSamples, AudioFrame.SAMPLES);
        }
        pendingSamples += AudioFrame.SAMPLES;
        int perPacket = params.ptimeMs() * 8;
        boolean marker = gap;
        int units = codec.timestampUnitsPerSample();
        int consumed = 0;
        while (pendingSamples - consumed >= perPacket) {
            int header = RtpPacket.writeHeader(packet, 0, marker, params.audio().payloadType(), sequence,
                    (pendingTimestamp + (long) consumed * units) & 0xFFFF_FFFFL, ssrc, 0, false);
            int n = encoder.encode(pending20, consumed, perPacket, packet, header);
            counters().framesEncoded++;
            send(header + n, n);
            consumed += perPacket;
            marker = false;
        }
        if (consumed > 0) {
            System.arraycopy(pending20, consumed, pending20, 0, pendingSamples - consumed);
            pendingSamples -= consumed;
            pendingTimestamp = (pendingTimestamp + (long) consumed * units) & 0xFFFF_FFFFL;
        }
        lastAudioTick = tick;
    }

    private void send(int length, int payloadLength) {
        ShardCounters c = counters();
        if (transport.sendRtp(packet, 0, length, remoteRtp)) {
            c.packetsOut++;
        } else {
            c.sendFailures++;
        }
        sequence = (sequence + 1) & 0xFFFF;
        packetsSent++;
        octetsSent += payloadLength;
    }

    /** For tests: the SSRC we send with. */
    public long ssrc() {
        return ssrc;
    }

    Duration rtpTimeout() {
        return Duration.ofNanos(settings.rtpTimeoutNanos());
    }
}
