package dev.dialtone.media;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.Conference;
import dev.dialtone.core.MediaLink;
import dev.dialtone.core.MediaServices;
import dev.dialtone.core.MediaUnit;
import dev.dialtone.core.PlaybackListener;
import dev.dialtone.core.Player;
import dev.dialtone.core.Recorder;
import dev.dialtone.core.RecorderListener;
import dev.dialtone.core.Scheduler;
import dev.dialtone.core.Voice;
import dev.dialtone.core.Voices;
import dev.dialtone.media.internal.codec.Codecs;
import dev.dialtone.media.internal.graph.EndpointUnit;
import dev.dialtone.media.internal.graph.EngineMetrics;
import dev.dialtone.media.internal.graph.MediaGraph;
import dev.dialtone.media.internal.graph.PlayerUnit;
import dev.dialtone.media.internal.graph.RecorderUnit;
import dev.dialtone.media.internal.graph.TickStats;
import dev.dialtone.media.internal.playback.AddressPolicy;
import dev.dialtone.media.internal.playback.AudioFetcher;
import dev.dialtone.media.internal.playback.PlaybackService;
import dev.dialtone.media.internal.record.RecordingStore;
import dev.dialtone.media.internal.record.WavFile;
import dev.dialtone.media.internal.rtp.PortAllocator;
import dev.dialtone.media.internal.tts.TtsService;
import dev.dialtone.media.internal.webrtc.WebRtcOffers;

/**
 * The media engine of one node: RTP endpoints for the SIP and WebRTC modules, and
 * {@link MediaServices} for scenario sessions (conferences, speech, file playback, recording, links).
 * {@link #create} starts the mixer threads ({@code mixer-threads}, one per core by default) and a small
 * I/O pool; {@link #close} stops them and frees every port.
 *
 * <p>Every method returns at once and may be called from any thread. Listeners are called on mixer
 * or I/O threads and must not block.
 */
public final class MediaEngine implements MediaServices, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaEngine.class);

    private final MediaConfig config;
    private final MediaGraph graph;
    private final PortAllocator ports;
    private final ScheduledExecutorService io;
    private final TtsService tts;
    private final PlaybackService playback;
    private final RecordingStore recordings;
    private final EndpointUnit.Settings endpointSettings;
    private final WebRtcOffers webrtc;

    private MediaEngine(MediaConfig config, Scheduler scheduler, MeterRegistry registry) {
        this.config = config;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(config.ioThreads(),
                Thread.ofPlatform().name("media-io-", 0).daemon(true).factory());
        pool.setRemoveOnCancelPolicy(true);
        this.io = pool;
        this.graph = new MediaGraph(config.mixerThreads(), config.mixerNice(), config.mixerRealtimePriority(), scheduler, new EngineMetrics(registry));
        this.ports = new PortAllocator(config.rtpPorts(), config.rtpBindAddress());
        this.tts = new TtsService(config.espeakCommand(), config.ttsPoolSize(), config.ttsTimeout(),
                config.maxTextLength(), config.ttsCacheBytes(), io);
        AddressPolicy policy = new AddressPolicy(config.fetchPrivateAddresses(),
                config.fetchAllowList().stream().map(FetchAllowRule::parse).toList());
        this.playback = new PlaybackService(new AudioFetcher(policy, config.maxFetchBytes(), config.fetchTimeout()),
                io, config.playbackCacheBytes());
        this.recordings = new RecordingStore(config.dataDir(), io);
        this.endpointSettings = new EndpointUnit.Settings(config.rtpTimeout().toNanos(), config.jitterMaxMs(),
                config.rtcpInterval().toNanos(), config.silenceSuppression());
        this.webrtc = new WebRtcOffers(graph, ports, endpointSettings, new WebRtcOffers.Settings(config.webrtcAddresses(),
                config.webrtcCodecs(), config.webrtcHandshakeTimeout(), config.webrtcConsentTimeout()),
                config.rtpBindAddress(), scheduler.clock());
        Thread.ofVirtual().name("media-warm-up").start(this::warmUp);
    }

    /**
     * Runs the first playback fetch and decode and the first speech once at start, off any call: the first fetch
     * starts the HTTP client, the first decode looks up the JVM's audio file readers (the MP3 one among them) and
     * the first espeak-ng run loads its voices from disk, which the first caller of a fresh node would otherwise
     * wait for.
     */
    private void warmUp() {
        long start = System.nanoTime();
        try {
            playback.warmUp(silentWav(16_000, 1_600));
        } catch (IOException | RuntimeException e) {
            LOG.warn("playback warm-up failed: {}", e.toString());
        }
        try {
            tts.render("Ready.", Voices.DEFAULT).get(config.ttsTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("text-to-speech warm-up failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("playback and speech warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    /** A WAV file of {@code samples} silent 16-bit mono samples at {@code rate}. */
    private static byte[] silentWav(int rate, int samples) {
        byte[] file = new byte[WavFile.HEADER_BYTES + samples * 2];
        WavFile.header(rate, samples * 2L).get(file, 0, WavFile.HEADER_BYTES);
        return file;
    }

    /** Starts an engine. {@code scheduler} supplies time; {@code registry} receives {@code dialtone.media.*} meters. */
    public static MediaEngine create(MediaConfig config, Scheduler scheduler, MeterRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(registry, "registry");
        return new MediaEngine(config, scheduler, registry);
    }

    public MediaConfig config() {
        return config;
    }

    /** The audio codecs endpoints accept, in order of preference, for SDP offers and answers. */
    public List<PayloadFormat> supportedCodecs() {
        return Codecs.supported();
    }

    /**
     * Binds a new RTP/RTCP port pair and adds the endpoint to the graph. It stays silent until
     * {@link RtpEndpoint#configure}.
     *
     * @throws MediaException if no port pair is free
     */
    public RtpEndpoint createRtpEndpoint(EndpointListener listener) {
        Objects.requireNonNull(listener, "listener");
        return graph.newEndpoint(ports.allocate(), listener, endpointSettings);
    }

    /**
     * Answers a browser's SDP offer (unified plan, BUNDLE, rtcp-mux, DTLS-SRTP; trickled candidates
     * are not needed): binds one UDP port and adds a {@link WebRtcEndpoint} to the graph, returning it
     * with the SDP answer (ICE-lite with host candidates, {@code a=setup:passive}, our certificate's
     * fingerprint, one audio codec: Opus if offered, else PCMU/PCMA per {@code webrtc-codecs}; video
     * and data sections are rejected with port 0). An offer that cannot be answered is
     * {@link WebRtcAnswer.Rejected}, with nothing allocated. Returns at once; the endpoint connects
     * when the browser's checks and DTLS arrive ({@link WebRtcListener}).
     *
     * @throws MediaException if no UDP port is free or the engine is closed
     */
    public WebRtcAnswer createWebRtcEndpoint(String sdpOffer, WebRtcListener listener) {
        Objects.requireNonNull(sdpOffer, "sdpOffer");
        Objects.requireNonNull(listener, "listener");
        return webrtc.answer(sdpOffer, listener);
    }

    /**
     * Makes an SDP offer to a browser (a scenario calls a web page): binds one UDP port and writes an
     * offer with ICE-lite host candidates, our certificate's fingerprint, {@code a=setup:actpass} (the
     * browser answers {@code active}: we stay the DTLS server) and the {@code webrtc-codecs} best first
     * with telephone-event. The endpoint is created when the browser's answer is accepted.
     *
     * @throws MediaException if no UDP port is free or the engine is closed
     */
    public WebRtcOffer createWebRtcOffer() {
        return webrtc.offer();
    }

    /** Tests: completes once WebRTC's start-up warm-up is over (the first call no longer pays for it). */
    java.util.concurrent.CompletableFuture<Void> webrtcWarmedUp() {
        return webrtc.warmedUp();
    }

    /** Tests: RTP ports (pairs' slots) taken from a fixed range right now. */
    int allocatedPorts() {
        return ports.allocatedPairs();
    }

    @Override
    public Conference createConference(String name) {
        Objects.requireNonNull(name, "name");
        return graph.newConference(name);
    }

    @Override
    public Player say(String text, Voice voice, PlaybackListener listener) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(listener, "listener");
        PlayerUnit player = graph.newPlayer(false, listener);
        tts.render(text, voice).whenComplete((pcm, error) -> {
            if (error != null) {
                String reason = reason(error);
                LOG.warn("speech for player {} failed: {}", player.mediaId(), reason);
                player.fail(reason);
            } else {
                player.ready(pcm);
            }
        });
        return player;
    }

    @Override
    public Player play(URI url, boolean loop, PlaybackListener listener) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(listener, "listener");
        PlayerUnit player = graph.newPlayer(loop, listener);
        playback.load(url).whenComplete((pcm, error) -> {
            if (error != null) {
                String reason = reason(error);
                LOG.info("playback of {} failed: {}", AudioFetcher.redacted(url), reason);
                player.fail(reason);
            } else {
                player.ready(pcm);
            }
        });
        return player;
    }

    private static String reason(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public Recorder record(AccountId owner, RecorderListener listener) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(listener, "listener");
        RecorderUnit recorder = graph.newRecorder(recordings.newId());
        recordings.open(owner, recorder, listener);
        return recorder;
    }

    @Override
    public MediaLink link() {
        return graph.newLink();
    }

    @Override
    public void release(MediaUnit unit) {
        graph.release(unit);
    }

    /**
     * The finished WAV file of recording {@code recordingId}, only if it belongs to {@code owner}
     * (for the Platform API to serve to that account).
     */
    public Optional<Path> recordingFile(AccountId owner, String recordingId) {
        Objects.requireNonNull(owner, "owner");
        return recordings.find(owner, recordingId);
    }

    /** How late mixer ticks started since the engine started (or the last {@link #resetTickStats}). */
    public TickLateness tickLateness() {
        TickStats.Snapshot s = graph.tickStats().snapshot();
        return new TickLateness(s.count(), Duration.ofNanos(s.p50Nanos()), Duration.ofNanos(s.p99Nanos()),
                Duration.ofNanos(s.maxNanos()), s.skippedTicks());
    }

    public void resetTickStats() {
        graph.tickStats().reset();
    }

    /** Tick lateness figures: count, p50, p99 and max (10 µs resolution), and ticks skipped. */
    public record TickLateness(long ticks, Duration p50, Duration p99, Duration max, long skipped) {
    }

    @Override
    public void close() {
        graph.close();
        tts.close();
        playback.close();
        io.shutdown();
        try {
            if (!io.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.shutdownNow();
        }
    }

}
