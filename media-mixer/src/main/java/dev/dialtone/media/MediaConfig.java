package dev.dialtone.media;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the media engine, key tree {@code dialtone.media.*}. Validated on construction; use
 * {@link #builder()} to change a few keys from the defaults.
 *
 * @param rtpPorts              {@code rtp-ports}: UDP range for RTP/RTCP pairs, default {@value #DEFAULT_RTP_PORTS}
 * @param rtpBindAddress        {@code rtp-bind-address}: local address RTP sockets bind, default {@value #DEFAULT_RTP_BIND_ADDRESS}
 * @param mixerThreads          {@code mixer-threads}: 20 ms tick threads, default one per core
 * @param mixerNice             {@code mixer-nice}: OS nice value of the tick threads, default {@value #DEFAULT_MIXER_NICE}
 *                              (above the node's other threads, so a busy machine delays a tick less; it needs
 *                              {@code CAP_SYS_NICE}, without it they keep the node's priority); 0 leaves them alone
 * @param mixerRealtimePriority {@code mixer-realtime-priority}: the tick threads run under real-time scheduling
 *                              ({@code SCHED_FIFO} at this priority, 1..99) while each uses at most 80 % of a core,
 *                              so nothing else on the machine delays a tick; past that they return to normal
 *                              scheduling until five seconds under 60 % have passed. Default {@value #DEFAULT_MIXER_REALTIME_PRIORITY};
 *                              0 never; without {@code CAP_SYS_NICE} (or an {@code RLIMIT_RTPRIO}) it is not used
 * @param rtpTimeout            {@code rtp-timeout}: silence from the far end before {@code RtpStopped}, default 10 s
 * @param jitterMaxMs           {@code jitter-max-ms}: the adaptive jitter buffer never holds more, default {@value #DEFAULT_JITTER_MAX_MS}
 * @param rtcpInterval          {@code rtcp-interval}: mean time between RTCP reports, default 5 s (RFC 3550 minimum)
 * @param ttsPoolSize           {@code tts-pool-size}: espeak-ng processes running at once, default {@value #DEFAULT_TTS_POOL_SIZE}
 * @param ttsTimeout            {@code tts-timeout}: an espeak-ng run taking longer is killed, default 20 s
 * @param espeakCommand         {@code espeak-command}: the espeak-ng executable, default {@value #DEFAULT_ESPEAK_COMMAND}
 * @param maxTextLength         {@code max-text-length}: longest text {@code say} accepts, default {@value #DEFAULT_MAX_TEXT_LENGTH}
 * @param ttsCacheBytes         {@code tts-cache-bytes}: rendered prompts kept in memory, default 64 MiB
 * @param playbackCacheBytes    {@code playback-cache-bytes}: decoded files kept in memory, default 128 MiB
 * @param maxFetchBytes         {@code max-fetch-bytes}: largest file playback downloads, default 32 MiB
 * @param fetchTimeout          {@code fetch-timeout}: connect plus download time for one file, default 15 s
 * @param fetchPrivateAddresses {@code fetch-private-addresses}: playback may fetch from loopback, private
 *                              and link-local addresses, default false
 * @param fetchAllowList        {@code fetch-allow-list}: exceptions to the rule above, each {@code host:port}
 *                              (an IP literal, e.g. the node's own HTTP address) or a CIDR block {@code 10.1.0.0/16}
 * @param ioThreads             {@code io-threads}: threads fetching, decoding and writing recordings, default {@value #DEFAULT_IO_THREADS}
 * @param dataDir               {@code data-dir}: recordings go to {@code <data-dir>/recordings/<account>/}, default {@code ./data}
 * @param webrtcAddresses       {@code webrtc-addresses}: IP addresses announced as WebRTC host candidates (the
 *                              node's public address behind 1:1 NAT); empty (the default) means the bind address,
 *                              or when that is {@code 0.0.0.0} the IPv4 addresses of the interfaces that are up
 * @param webrtcCodecs          {@code webrtc-codecs}: audio codecs answered to browsers, best first, among
 *                              {@code OPUS}, {@code PCMU}, {@code PCMA}; default {@code OPUS,PCMU,PCMA}
 * @param webrtcHandshakeTimeout {@code webrtc-handshake-timeout}: from the answer to ICE and DTLS done, default 10 s
 * @param webrtcConsentTimeout  {@code webrtc-consent-timeout}: without the browser's connectivity checks on the
 *                              selected path for this long, the endpoint ends (RFC 7675 uses 30 s), default 30 s
 * @param silenceSuppression    {@code silence-suppression}: endpoints send no RTP while what they send would be
 *                              silence, their own encoding or a conference's shared one (discontinuous transmission,
 *                              RFC 3551 section 4.1): the first packet after a pause
 *                              carries the marker bit, and one silent packet goes out every
 *                              {@value #SILENCE_KEEPALIVE_MS} ms to keep the far end's media timers and NAT bindings.
 *                              Default false: a packet every ptime, silence included, as most carriers expect
 */
public record MediaConfig(PortRange rtpPorts, InetAddress rtpBindAddress, int mixerThreads, int mixerNice, int mixerRealtimePriority,
                          Duration rtpTimeout,
                          int jitterMaxMs, Duration rtcpInterval, int ttsPoolSize, Duration ttsTimeout,
                          String espeakCommand, int maxTextLength, long ttsCacheBytes, long playbackCacheBytes,
                          long maxFetchBytes, Duration fetchTimeout, boolean fetchPrivateAddresses,
                          List<String> fetchAllowList, int ioThreads, Path dataDir, List<InetAddress> webrtcAddresses,
                          List<String> webrtcCodecs, Duration webrtcHandshakeTimeout, Duration webrtcConsentTimeout,
                          boolean silenceSuppression) {
    public static final String DEFAULT_RTP_PORTS = "10000-20000";
    public static final String DEFAULT_RTP_BIND_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_MIXER_THREADS = Runtime.getRuntime().availableProcessors();
    public static final int DEFAULT_MIXER_NICE = -5;
    public static final int DEFAULT_MIXER_REALTIME_PRIORITY = 10;
    public static final Duration DEFAULT_RTP_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_JITTER_MAX_MS = 300;
    public static final Duration DEFAULT_RTCP_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_TTS_POOL_SIZE = 2;
    public static final Duration DEFAULT_TTS_TIMEOUT = Duration.ofSeconds(20);
    public static final String DEFAULT_ESPEAK_COMMAND = "espeak-ng";
    public static final int DEFAULT_MAX_TEXT_LENGTH = 5_000;
    public static final long DEFAULT_TTS_CACHE_BYTES = 64L << 20;
    public static final long DEFAULT_PLAYBACK_CACHE_BYTES = 128L << 20;
    public static final long DEFAULT_MAX_FETCH_BYTES = 32L << 20;
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_IO_THREADS = 4;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final List<String> DEFAULT_WEBRTC_CODECS = List.of("OPUS", "PCMU", "PCMA");
    public static final Duration DEFAULT_WEBRTC_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WEBRTC_CONSENT_TIMEOUT = Duration.ofSeconds(30);
    /** With {@code silence-suppression}: the longest pause between two packets we send. */
    public static final int SILENCE_KEEPALIVE_MS = 5_000;
    private static final java.util.Set<String> WEBRTC_CODECS = java.util.Set.of("OPUS", "PCMU", "PCMA");

    public MediaConfig {
        Objects.requireNonNull(rtpPorts, "rtpPorts");
        Objects.requireNonNull(rtpBindAddress, "rtpBindAddress");
        Objects.requireNonNull(rtpTimeout, "rtpTimeout");
        Objects.requireNonNull(rtcpInterval, "rtcpInterval");
        Objects.requireNonNull(ttsTimeout, "ttsTimeout");
        Objects.requireNonNull(espeakCommand, "espeakCommand");
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        Objects.requireNonNull(dataDir, "dataDir");
        fetchAllowList = List.copyOf(fetchAllowList);
        webrtcAddresses = List.copyOf(webrtcAddresses);
        webrtcCodecs = webrtcCodecs.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toList();
        Objects.requireNonNull(webrtcHandshakeTimeout, "webrtcHandshakeTimeout");
        Objects.requireNonNull(webrtcConsentTimeout, "webrtcConsentTimeout");
        check(mixerThreads >= 1 && mixerThreads <= 256, "mixer-threads must be 1..256: " + mixerThreads);
        check(mixerNice >= -20 && mixerNice <= 19, "mixer-nice must be -20..19: " + mixerNice);
        check(mixerRealtimePriority >= 0 && mixerRealtimePriority <= 99,
                "mixer-realtime-priority must be 0..99: " + mixerRealtimePriority);
        check(rtpTimeout.compareTo(Duration.ofSeconds(1)) >= 0 && rtpTimeout.compareTo(Duration.ofHours(1)) <= 0,
                "rtp-timeout must be 1 s..1 h: " + rtpTimeout);
        check(jitterMaxMs >= 40 && jitterMaxMs <= 2_000, "jitter-max-ms must be 40..2000: " + jitterMaxMs);
        check(rtcpInterval.compareTo(Duration.ofSeconds(1)) >= 0 && rtcpInterval.compareTo(Duration.ofMinutes(1)) <= 0,
                "rtcp-interval must be 1 s..1 min: " + rtcpInterval);
        check(ttsPoolSize >= 1 && ttsPoolSize <= 64, "tts-pool-size must be 1..64: " + ttsPoolSize);
        check(!ttsTimeout.isNegative() && !ttsTimeout.isZero(), "tts-timeout must be positive: " + ttsTimeout);
        check(!espeakCommand.isBlank(), "espeak-command must not be blank");
        check(maxTextLength >= 1 && maxTextLength <= 100_000, "max-text-length must be 1..100000: " + maxTextLength);
        check(ttsCacheBytes >= 0, "tts-cache-bytes must be >= 0: " + ttsCacheBytes);
        check(playbackCacheBytes >= 0, "playback-cache-bytes must be >= 0: " + playbackCacheBytes);
        check(maxFetchBytes >= 1024, "max-fetch-bytes must be >= 1024: " + maxFetchBytes);
        check(!fetchTimeout.isNegative() && !fetchTimeout.isZero(), "fetch-timeout must be positive: " + fetchTimeout);
        check(ioThreads >= 1 && ioThreads <= 64, "io-threads must be 1..64: " + ioThreads);
        check(!webrtcCodecs.isEmpty() && WEBRTC_CODECS.containsAll(webrtcCodecs)
                && new java.util.HashSet<>(webrtcCodecs).size() == webrtcCodecs.size(),
                "webrtc-codecs must list some of OPUS, PCMU, PCMA once each: " + webrtcCodecs);
        for (InetAddress a : webrtcAddresses) {
            check(!a.isAnyLocalAddress() && !a.isMulticastAddress(), "webrtc-addresses must be unicast host addresses: " + a);
        }
        check(webrtcHandshakeTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                && webrtcHandshakeTimeout.compareTo(Duration.ofMinutes(2)) <= 0,
                "webrtc-handshake-timeout must be 1 s..2 min: " + webrtcHandshakeTimeout);
        check(webrtcConsentTimeout.compareTo(Duration.ofSeconds(5)) >= 0
                && webrtcConsentTimeout.compareTo(Duration.ofMinutes(10)) <= 0,
                "webrtc-consent-timeout must be 5 s..10 min: " + webrtcConsentTimeout);
        for (String rule : fetchAllowList) {
            FetchAllowRule.parse(rule); // throws IllegalArgumentException with the reason
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static MediaConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few of them. */
    public Builder toBuilder() {
        return builder().rtpPorts(rtpPorts).rtpBindAddress(rtpBindAddress).mixerThreads(mixerThreads).mixerNice(mixerNice)
                .mixerRealtimePriority(mixerRealtimePriority)
                .rtpTimeout(rtpTimeout).jitterMaxMs(jitterMaxMs).rtcpInterval(rtcpInterval).ttsPoolSize(ttsPoolSize)
                .ttsTimeout(ttsTimeout).espeakCommand(espeakCommand).maxTextLength(maxTextLength).ttsCacheBytes(ttsCacheBytes)
                .playbackCacheBytes(playbackCacheBytes).maxFetchBytes(maxFetchBytes).fetchTimeout(fetchTimeout)
                .fetchPrivateAddresses(fetchPrivateAddresses).fetchAllowList(fetchAllowList).ioThreads(ioThreads)
                .dataDir(dataDir).webrtcAddresses(webrtcAddresses).webrtcCodecs(webrtcCodecs)
                .webrtcHandshakeTimeout(webrtcHandshakeTimeout).webrtcConsentTimeout(webrtcConsentTimeout)
                .silenceSuppression(silenceSuppression);
    }

    /** Changes a few keys, starting from the defaults. */
    public static final class Builder {
        private PortRange rtpPorts = PortRange.parse(DEFAULT_RTP_PORTS);
        private InetAddress rtpBindAddress = literal(DEFAULT_RTP_BIND_ADDRESS);
        private int mixerThreads = DEFAULT_MIXER_THREADS;
        private int mixerNice = DEFAULT_MIXER_NICE;
        private int mixerRealtimePriority = DEFAULT_MIXER_REALTIME_PRIORITY;
        private Duration rtpTimeout = DEFAULT_RTP_TIMEOUT;
        private int jitterMaxMs = DEFAULT_JITTER_MAX_MS;
        private Duration rtcpInterval = DEFAULT_RTCP_INTERVAL;
        private int ttsPoolSize = DEFAULT_TTS_POOL_SIZE;
        private Duration ttsTimeout = DEFAULT_TTS_TIMEOUT;
        private String espeakCommand = DEFAULT_ESPEAK_COMMAND;
        private int maxTextLength = DEFAULT_MAX_TEXT_LENGTH;
        private long ttsCacheBytes = DEFAULT_TTS_CACHE_BYTES;
        private long playbackCacheBytes = DEFAULT_PLAYBACK_CACHE_BYTES;
        private long maxFetchBytes = DEFAULT_MAX_FETCH_BYTES;
        private Duration fetchTimeout = DEFAULT_FETCH_TIMEOUT;
        private boolean fetchPrivateAddresses;
        private List<String> fetchAllowList = List.of();
        private int ioThreads = DEFAULT_IO_THREADS;
        private Path dataDir = DEFAULT_DATA_DIR;
        private List<InetAddress> webrtcAddresses = List.of();
        private List<String> webrtcCodecs = DEFAULT_WEBRTC_CODECS;
        private Duration webrtcHandshakeTimeout = DEFAULT_WEBRTC_HANDSHAKE_TIMEOUT;
        private Duration webrtcConsentTimeout = DEFAULT_WEBRTC_CONSENT_TIMEOUT;
        private boolean silenceSuppression;

        private Builder() {
        }

        private static InetAddress literal(String ip) {
            try {
                return InetAddress.getByName(ip);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + ip, e);
            }
        }

        public Builder rtpPorts(PortRange v) { rtpPorts = v; return this; }
        public Builder rtpBindAddress(InetAddress v) { rtpBindAddress = v; return this; }
        public Builder mixerThreads(int v) { mixerThreads = v; return this; }
        public Builder mixerNice(int v) { mixerNice = v; return this; }
        public Builder mixerRealtimePriority(int v) { mixerRealtimePriority = v; return this; }
        public Builder rtpTimeout(Duration v) { rtpTimeout = v; return this; }
        public Builder jitterMaxMs(int v) { jitterMaxMs = v; return this; }
        public Builder rtcpInterval(Duration v) { rtcpInterval = v; return this; }
        public Builder ttsPoolSize(int v) { ttsPoolSize = v; return this; }
        public Builder ttsTimeout(Duration v) { ttsTimeout = v; return this; }
        public Builder espeakCommand(String v) { espeakCommand = v; return this; }
        public Builder maxTextLength(int v) { maxTextLength = v; return this; }
        public Builder ttsCacheBytes(long v) { ttsCacheBytes = v; return this; }
        public Builder playbackCacheBytes(long v) { playbackCacheBytes = v; return this; }
        public Builder maxFetchBytes(long v) { maxFetchBytes = v; return this; }
        public Builder fetchTimeout(Duration v) { fetchTimeout = v; return this; }
        public Builder fetchPrivateAddresses(boolean v) { fetchPrivateAddresses = v; return this; }
        public Builder fetchAllowList(List<String> v) { fetchAllowList = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder webrtcAddresses(List<InetAddress> v) { webrtcAddresses = v; return this; }
        public Builder webrtcCodecs(List<String> v) { webrtcCodecs = v; return this; }
        public Builder webrtcHandshakeTimeout(Duration v) { webrtcHandshakeTimeout = v; return this; }
        public Builder webrtcConsentTimeout(Duration v) { webrtcConsentTimeout = v; return this; }
        public Builder silenceSuppression(boolean v) { silenceSuppression = v; return this; }

        public MediaConfig build() {
            return new MediaConfig(rtpPorts, rtpBindAddress, mixerThreads, mixerNice, mixerRealtimePriority, rtpTimeout, jitterMaxMs, rtcpInterval,
                    ttsPoolSize, ttsTimeout, espeakCommand, maxTextLength, ttsCacheBytes, playbackCacheBytes,
                    maxFetchBytes, fetchTimeout, fetchPrivateAddresses, fetchAllowList, ioThreads, dataDir,
                    webrtcAddresses, webrtcCodecs, webrtcHandshakeTimeout, webrtcConsentTimeout, silenceSuppression);
        }
    }
}
