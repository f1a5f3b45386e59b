package dev.dialtone.pstn;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the SIP connector, key tree {@code dialtone.pstn.*}, validated on construction. Use
 * {@link #builder()} to change a few keys from the defaults. JAIN-SIP's own defaults (unbounded
 * threads, queues, transactions and message sizes) are never used: every limit is set from here.
 *
 * @param bindAddress           {@code sip.bind-address}: where SIP listens, default {@value #DEFAULT_BIND_ADDRESS}
 * @param port                  {@code sip.port} ({@code --sip-port}): UDP and TCP port, default {@value #DEFAULT_PORT}; 0 = any free port
 * @param transports            {@code sip.transports}: {@code udp}, {@code tcp} or both (default)
 * @param advertisedAddress     {@code advertised-address}: the address put in Contact, Via and SDP; default: the bind
 *                              address, or the first site-local address when bound to all interfaces
 * @param appDomain             {@code app-domain}: request URIs {@code <dialed>@<app>.<account>.<app-domain>} address an
 *                              application directly, default {@value #DEFAULT_APP_DOMAIN}
 * @param maxMessageBytes       {@code sip.max-message-bytes}: larger messages are dropped (UDP) or close the connection
 *                              (TCP), default {@value #DEFAULT_MAX_MESSAGE_BYTES}
 * @param stackThreads          {@code sip.threads}: JAIN-SIP threads parsing and dispatching UDP messages, default {@value #DEFAULT_STACK_THREADS}
 * @param udpQueue              {@code sip.udp-queue}: datagrams waiting for those threads; more are dropped, default {@value #DEFAULT_UDP_QUEUE}
 * @param udpQueueMaxAge        {@code sip.udp-queue-max-age}: a datagram waiting longer is dropped, default 2 s
 * @param udpBufferBytes        {@code sip.udp-buffer-bytes}: socket receive/send buffers, default 1 MiB
 * @param maxServerTransactions {@code sip.max-server-transactions}: JAIN-SIP's table size (it sheds from 80 %), default {@value #DEFAULT_MAX_SERVER_TRANSACTIONS}
 * @param maxClientTransactions {@code sip.max-client-transactions}: default {@value #DEFAULT_MAX_CLIENT_TRANSACTIONS}
 * @param maxTcpConnections     {@code sip.max-tcp-connections}: default {@value #DEFAULT_MAX_TCP_CONNECTIONS}
 * @param tcpReadTimeout        {@code sip.tcp-read-timeout}: a message must arrive whole within this, default 5 s
 * @param tcpIdleTimeout        {@code sip.tcp-idle-timeout}: idle connections are closed, default 10 min
 * @param callThreads           {@code call-threads}: threads running call legs (each leg is serial), default {@value #DEFAULT_CALL_THREADS}
 * @param routingThreads        {@code routing-threads}: threads asking the platform where a call goes, default {@value #DEFAULT_ROUTING_THREADS}
 * @param routingQueue          {@code routing-queue}: INVITEs waiting for those threads; more get 503, default {@value #DEFAULT_ROUTING_QUEUE}
 * @param maxLiveCalls          {@code max-live-calls}: legs at once (both directions); more INVITEs get 503, default {@value #DEFAULT_MAX_LIVE_CALLS}
 * @param maxScenarioDelay      {@code max-scenario-delay}: while the node's scenario callbacks wait this long or longer
 *                              (their standing delay, see {@code ScenarioEngine.callbackDelayNanos}), new INVITEs get
 *                              503; default 1 s, zero turns the check off
 * @param retryAfter            {@code retry-after}: the Retry-After of a 503, default 10 s
 * @param invitesPerSecond      {@code invites-per-second-per-source}: a source sending new INVITEs faster is blocked, default {@value #DEFAULT_INVITES_PER_SECOND}
 * @param blockDuration         {@code block-duration}: how long such a source's INVITEs are dropped, default 60 s
 * @param alertingTimeout       {@code alerting-timeout}: an inbound call not answered in this time is dropped (480), default 60 s
 * @param dialingTimeout        {@code dialing-timeout}: an outbound call not answered in this time is cancelled (408), default 120 s
 * @param recordTimeout         {@code record-timeout}: longest wait for the call record before answering a BYE, default 5 s
 * @param malformedLogInterval  {@code malformed-log-interval}: malformed messages are logged once per source per interval, default 1 min
 * @param userAgent             {@code user-agent}: the User-Agent/Server header, default {@value #DEFAULT_USER_AGENT}
 */
public record PstnConfig(InetAddress bindAddress, int port, Set<String> transports, Optional<InetAddress> advertisedAddress,
                         String appDomain, int maxMessageBytes, int stackThreads, int udpQueue, Duration udpQueueMaxAge,
                         int udpBufferBytes, int maxServerTransactions, int maxClientTransactions, int maxTcpConnections,
                         Duration tcpReadTimeout, Duration tcpIdleTimeout, int callThreads, int routingThreads,
                         int routingQueue, int maxLiveCalls, Duration maxScenarioDelay, Duration retryAfter, int invitesPerSecond,
                         Duration blockDuration, Duration alertingTimeout, Duration dialingTimeout, Duration recordTimeout,
                         Duration malformedLogInterval, String userAgent) {
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_PORT = 5060;
    public static final Set<String> DEFAULT_TRANSPORTS = Set.of("udp", "tcp");
    public static final String DEFAULT_APP_DOMAIN = "dialtone.local";
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024;
    public static final int DEFAULT_STACK_THREADS = 4;
    public static final int DEFAULT_UDP_QUEUE = 4_096;
    public static final Duration DEFAULT_UDP_QUEUE_MAX_AGE = Duration.ofSeconds(2);
    public static final int DEFAULT_UDP_BUFFER_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_SERVER_TRANSACTIONS = 20_000;
    public static final int DEFAULT_MAX_CLIENT_TRANSACTIONS = 20_000;
    public static final int DEFAULT_MAX_TCP_CONNECTIONS = 1_000;
    public static final Duration DEFAULT_TCP_READ_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TCP_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_CALL_THREADS = 4;
    public static final int DEFAULT_ROUTING_THREADS = 8;
    public static final int DEFAULT_ROUTING_QUEUE = 1_000;
    public static final int DEFAULT_MAX_LIVE_CALLS = 4_000;
    public static final Duration DEFAULT_MAX_SCENARIO_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);
    public static final int DEFAULT_INVITES_PER_SECOND = 200;
    public static final Duration DEFAULT_BLOCK_DURATION = Duration.ofSeconds(60);
    public static final Duration DEFAULT_ALERTING_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_DIALING_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_RECORD_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MALFORMED_LOG_INTERVAL = Duration.ofMinutes(1);
    public static final String DEFAULT_USER_AGENT = "Dialtone";

    public PstnConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        transports = Set.copyOf(transports);
        Objects.requireNonNull(advertisedAddress, "advertisedAddress");
        Objects.requireNonNull(appDomain, "appDomain");
        Objects.requireNonNull(userAgent, "userAgent");
        check(port >= 0 && port <= 65_535, "sip.port must be 0..65535: " + port);
        check(!transports.isEmpty() && DEFAULT_TRANSPORTS.containsAll(transports),
                "sip.transports must be udp, tcp or both: " + transports);
        check(appDomain.matches("[a-z0-9]([a-z0-9.-]{0,200}[a-z0-9])?"), "app-domain must be a lower-case DNS name: " + appDomain);
        check(maxMessageBytes >= 4_096 && maxMessageBytes <= 65_535, "sip.max-message-bytes must be 4096..65535: " + maxMessageBytes);
        check(stackThreads >= 1 && stackThreads <= 256, "sip.threads must be 1..256: " + stackThreads);
        check(udpQueue >= 16 && udpQueue <= 1_000_000, "sip.udp-queue must be 16..1000000: " + udpQueue);
        checkDuration("sip.udp-queue-max-age", udpQueueMaxAge, Duration.ofMillis(100), Duration.ofSeconds(32));
        check(udpBufferBytes >= 8_192 && udpBufferBytes <= 64 * 1024 * 1024, "sip.udp-buffer-bytes must be 8 KiB..64 MiB: " + udpBufferBytes);
        check(maxServerTransactions >= 100 && maxServerTransactions <= 1_000_000,
                "sip.max-server-transactions must be 100..1000000: " + maxServerTransactions);
        check(maxClientTransactions >= 100 && maxClientTransactions <= 1_000_000,
                "sip.max-client-transactions must be 100..1000000: " + maxClientTransactions);
        check(maxTcpConnections >= 1 && maxTcpConnections <= 100_000, "sip.max-tcp-connections must be 1..100000: " + maxTcpConnections);
        checkDuration("sip.tcp-read-timeout", tcpReadTimeout, Duration.ofMillis(100), Duration.ofMinutes(1));
        checkDuration("sip.tcp-idle-timeout", tcpIdleTimeout, Duration.ofSeconds(1), Duration.ofDays(1));
        check(callThreads >= 1 && callThreads <= 256, "call-threads must be 1..256: " + callThreads);
        check(routingThreads >= 1 && routingThreads <= 256, "routing-threads must be 1..256: " + routingThreads);
        check(routingQueue >= 1 && routingQueue <= 100_000, "routing-queue must be 1..100000: " + routingQueue);
        check(maxLiveCalls >= 1 && maxLiveCalls <= 1_000_000, "max-live-calls must be 1..1000000: " + maxLiveCalls);
        checkDuration("max-scenario-delay", maxScenarioDelay, Duration.ZERO, Duration.ofMinutes(1));
        checkDuration("retry-after", retryAfter, Duration.ofSeconds(1), Duration.ofHours(1));
        check(invitesPerSecond >= 1 && invitesPerSecond <= 1_000_000,
                "invites-per-second-per-source must be 1..1000000: " + invitesPerSecond);
        checkDuration("block-duration", blockDuration, Duration.ofSeconds(1), Duration.ofDays(1));
        checkDuration("alerting-timeout", alertingTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10));
        checkDuration("dialing-timeout", dialingTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10));
        checkDuration("record-timeout", recordTimeout, Duration.ofMillis(100), Duration.ofMinutes(1));
        checkDuration("malformed-log-interval", malformedLogInterval, Duration.ofSeconds(1), Duration.ofDays(1));
        check(!userAgent.isBlank() && userAgent.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "user-agent must be printable ASCII");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void checkDuration(String key, Duration d, Duration min, Duration max) {
        Objects.requireNonNull(d, key);
        check(d.compareTo(min) >= 0 && d.compareTo(max) <= 0, key + " must be " + min + ".." + max + ": " + d);
    }

    public static PstnConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder().bindAddress(bindAddress).port(port).transports(transports).appDomain(appDomain)
                .maxMessageBytes(maxMessageBytes).stackThreads(stackThreads).udpQueue(udpQueue).udpQueueMaxAge(udpQueueMaxAge)
                .udpBufferBytes(udpBufferBytes).maxServerTransactions(maxServerTransactions)
                .maxClientTransactions(maxClientTransactions).maxTcpConnections(maxTcpConnections).tcpReadTimeout(tcpReadTimeout)
                .tcpIdleTimeout(tcpIdleTimeout).callThreads(callThreads).routingThreads(routingThreads).routingQueue(routingQueue)
                .maxLiveCalls(maxLiveCalls).maxScenarioDelay(maxScenarioDelay).retryAfter(retryAfter).invitesPerSecond(invitesPerSecond).blockDuration(blockDuration)
                .alertingTimeout(alertingTimeout).dialingTimeout(dialingTimeout).recordTimeout(recordTimeout)
                .malformedLogInterval(malformedLogInterval).userAgent(userAgent);
        advertisedAddress.ifPresent(b::advertisedAddress);
        return b;
    }

    /** Changes a few keys from the defaults. */
    public static final class Builder {
        private InetAddress bindAddress = address(DEFAULT_BIND_ADDRESS);
        private int port = DEFAULT_PORT;
        private Set<String> transports = DEFAULT_TRANSPORTS;
        private Optional<InetAddress> advertisedAddress = Optional.empty();
        private String appDomain = DEFAULT_APP_DOMAIN;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private int stackThreads = DEFAULT_STACK_THREADS;
        private int udpQueue = DEFAULT_UDP_QUEUE;
        private Duration udpQueueMaxAge = DEFAULT_UDP_QUEUE_MAX_AGE;
        private int udpBufferBytes = DEFAULT_UDP_BUFFER_BYTES;
        private int maxServerTransactions = DEFAULT_MAX_SERVER_TRANSACTIONS;
        private int maxClientTransactions = DEFAULT_MAX_CLIENT_TRANSACTIONS;
        private int maxTcpConnections = DEFAULT_MAX_TCP_CONNECTIONS;
        private Duration tcpReadTimeout = DEFAULT_TCP_READ_TIMEOUT;
        private Duration tcpIdleTimeout = DEFAULT_TCP_IDLE_TIMEOUT;
        private int callThreads = DEFAULT_CALL_THREADS;
        private int routingThreads = DEFAULT_ROUTING_THREADS;
        private int routingQueue = DEFAULT_ROUTING_QUEUE;
        private int maxLiveCalls = DEFAULT_MAX_LIVE_CALLS;
        private Duration maxScenarioDelay = DEFAULT_MAX_SCENARIO_DELAY;
        private Duration retryAfter = DEFAULT_RETRY_AFTER;
        private int invitesPerSecond = DEFAULT_INVITES_PER_SECOND;
        private Duration blockDuration = DEFAULT_BLOCK_DURATION;
        private Duration alertingTimeout = DEFAULT_ALERTING_TIMEOUT;
        private Duration dialingTimeout = DEFAULT_DIALING_TIMEOUT;
        private Duration recordTimeout = DEFAULT_RECORD_TIMEOUT;
        private Duration malformedLogInterval = DEFAULT_MALFORMED_LOG_INTERVAL;
        private String userAgent = DEFAULT_USER_AGENT;

        private Builder() {
        }

        private static InetAddress address(String literal) {
            try {
                return InetAddress.getByName(literal);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + literal, e);
            }
        }

        public Builder bindAddress(InetAddress v) {
            bindAddress = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder transports(Set<String> v) {
            transports = v;
            return this;
        }

        public Builder advertisedAddress(InetAddress v) {
            advertisedAddress = Optional.of(v);
            return this;
        }

        public Builder appDomain(String v) {
            appDomain = v;
            return this;
        }

        public Builder maxMessageBytes(int v) {
            maxMessageBytes = v;
            return this;
        }

        public Builder stackThreads(int v) {
            stackThreads = v;
            return this;
        }

        public Builder udpQueue(int v) {
            udpQueue = v;
            return this;
        }

        public Builder udpQueueMaxAge(Duration v) {
            udpQueueMaxAge = v;
            return this;
        }

        public Builder udpBufferBytes(int v) {
            udpBufferBytes = v;
            return this;
        }

        public Builder maxServerTransactions(int v) {
            maxServerTransactions = v;
            return this;
        }

        public Builder maxClientTransactions(int v) {
            maxClientTransactions = v;
            return this;
        }

        public Builder maxTcpConnections(int v) {
            maxTcpConnections = v;
            return this;
        }

        public Builder tcpReadTimeout(Duration v) {
            tcpReadTimeout = v;
            return this;
        }

        public Builder tcpIdleTimeout(Duration v) {
            tcpIdleTimeout = v;
            return this;
        }

        public Builder callThreads(int v) {
            callThreads = v;
            return this;
        }

        public Builder routingThreads(int v) {
            routingThreads = v;
            return this;
        }

        public Builder routingQueue(int v) {
            routingQueue = v;
            return this;
        }

        public Builder maxLiveCalls(int v) {
            maxLiveCalls = v;
            return this;
        }

        public Builder maxScenarioDelay(Duration v) {
            maxScenarioDelay = v;
            return this;
        }

        public Builder retryAfter(Duration v) {
            retryAfter = v;
            return this;
        }

        public Builder invitesPerSecond(int v) {
            invitesPerSecond = v;
            return this;
        }

        public Builder blockDuration(Duration v) {
            blockDuration = v;
            return this;
        }

        public Builder alertingTimeout(Duration v) {
            alertingTimeout = v;
            return this;
        }

        public Builder dialingTimeout(Duration v) {
            dialingTimeout = v;
            return this;
        }

        public Builder recordTimeout(Duration v) {
            recordTimeout = v;
            return this;
        }

        public Builder malformedLogInterval(Duration v) {
            malformedLogInterval = v;
            return this;
        }

        public Builder userAgent(String v) {
            userAgent = v;
            return this;
        }

        public PstnConfig build() {
            return new PstnConfig(bindAddress, port, transports, advertisedAddress, appDomain, maxMessageBytes, stackThreads,
                    udpQueue, udpQueueMaxAge, udpBufferBytes, maxServerTransactions, maxClientTransactions, maxTcpConnections,
                    tcpReadTimeout, tcpIdleTimeout, callThreads, routingThreads, routingQueue, maxLiveCalls, maxScenarioDelay,
                    retryAfter, invitesPerSecond, blockDuration, alertingTimeout, dialingTimeout, recordTimeout, malformedLogInterval,
                    userAgent);
        }
    }
}
